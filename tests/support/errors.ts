import { expect } from 'vitest';

/** drizzle wraps driver errors ("Failed query: …"); the database's own message is in `cause`. */
export async function expectDbError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the database to refuse').toBeInstanceOf(Error);
  const messages: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(String(e.message));
  expect(messages.join(' | ')).toMatch(pattern);
}
