import { AppError } from '#app/lib/errors';
import type { FieldErrors, FieldIssue } from '#app/lib/form-data';
import { versionFieldErrors, type RowPositions } from './version-form';

/**
 * A service error on a contract form → the field errors to show (422 / 409), row indexes pointing at the
 * rows as posted. Unknown or foreign objects are a 404, a missing permission a 403; anything else rethrown.
 */
export function contractFormErrors(error: unknown, positions: RowPositions): { status: number; errors: FieldErrors } {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'NOT_FOUND') throw new Response('Not found', { status: 404 });
  if (error.code === 'FORBIDDEN') throw new Response('Forbidden', { status: 403 });
  if (error.code !== 'UNPROCESSABLE' && error.code !== 'CONFLICT') throw error;
  const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
  const errors = versionFieldErrors(issues, positions);
  return { status: error.status, errors: Object.keys(errors).length ? errors : { '': 'contractsUi.error.invalid' } };
}
