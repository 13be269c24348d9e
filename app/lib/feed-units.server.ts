/** Which units the acting org sends feeds for: a vendor its own units, a client its in-house units. */
import { can } from '#app/domain/permissions';
import type { ServiceCtx } from '#app/services/context';
import type { UnitDto } from '#app/services/units.server';

export function isUploadableUnit(ctx: ServiceCtx, unit: UnitDto): boolean {
  if (!can(ctx.role, 'upload:feeds')) return false;
  return ctx.orgKind === 'vendor' ? unit.vendorOrgId === ctx.orgId : unit.kind === 'in_house';
}

export const unitLabel = (unit: UnitDto) => (unit.programName ? `${unit.name} (${unit.programName})` : unit.name);
