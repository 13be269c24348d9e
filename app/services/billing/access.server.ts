import { canReadBilling, canRunBilling } from '#app/domain/billing/access';
import { forbidden } from '#app/lib/errors';
import type { ServiceCtx } from '../context';

export function assertCanReadBilling(ctx: ServiceCtx): void {
  if (!canReadBilling(ctx.role)) throw forbidden();
}

export function assertCanRunBilling(ctx: ServiceCtx): void {
  if (!canRunBilling(ctx.role, ctx.orgKind)) throw forbidden();
}
