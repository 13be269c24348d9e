import { z } from 'zod';
import { AppError } from './errors';
import { fieldErrorsFromIssues, type FieldErrors, type FieldIssue } from './form-data';

/** What a page action returns when a form fails: per-field message keys and/or one form-level key. */
export interface FormFailure {
  status: number;
  fieldErrors: FieldErrors;
  formError: string | null;
}

const notFoundResponse = () => new Response('Not found', { status: 404 });

/**
 * Turns a service error into the page's answer: unknown or foreign objects are 404 (never revealing
 * that another tenant's id exists), a missing permission 403, validation a FormFailure to render.
 */
export function formFailureOf(error: unknown): FormFailure {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'NOT_FOUND') throw notFoundResponse();
  if (error.code === 'FORBIDDEN') throw new Response('Forbidden', { status: 403 });
  if (error.code === 'UNPROCESSABLE' || error.code === 'CONFLICT') {
    const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
    return { status: error.status, fieldErrors: fieldErrorsFromIssues(issues), formError: issues.length ? null : error.message };
  }
  throw error;
}

/** For loaders: a service's NOT_FOUND / FORBIDDEN become the matching error page. */
export function throwHttpError(error: unknown): never {
  if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFoundResponse();
  if (error instanceof AppError && error.code === 'FORBIDDEN') throw new Response('Forbidden', { status: 403 });
  throw error;
}

/** A route id parameter; anything but a UUID cannot name an object, so it is a 404, not a database error. */
export function idParam(value: string | undefined): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw notFoundResponse();
  return parsed.data;
}
