import type { ZodType } from 'zod';
import { localDateTimeOf } from '#app/domain/time/zoned';
import { AppError } from '#app/lib/errors';

/** A field error for forms: the path into the input and an i18n message key. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Validates a use case's input with the same zod schema the form uses. Failures become one
 * UNPROCESSABLE AppError whose details list every field and its message key, for the form to show.
 */
export function parseInput<S extends ZodType>(schema: S, input: unknown): ReturnType<S['parse']> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues: FieldIssue[] = result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
    throw new AppError('UNPROCESSABLE', 'The input is not valid', { issues });
  }
  return result.data as ReturnType<S['parse']>;
}

export function fieldError(path: (string | number)[], message: string, code: 'UNPROCESSABLE' | 'CONFLICT' = 'UNPROCESSABLE'): AppError {
  return new AppError(code, message, { issues: [{ path, message }] satisfies FieldIssue[] });
}

/** Postgres unique violation (23505), whether the driver error is thrown as is or wrapped by drizzle. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

/** Today as YYYY-MM-DD in a time zone (a program's), for "the version in force today". */
export function todayIn(timeZone: string, now = new Date()): string {
  // The zone's cached formatter (building an Intl.DateTimeFormat per call cost a page view ~0.6 ms).
  const { year, month, day } = localDateTimeOf(now, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
