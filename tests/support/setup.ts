// Integration test setup: quiet logs, and a console.error is a test failure (it means an unhandled path).
import { afterEach, vi } from 'vitest';

process.env.LOG_LEVEL ??= 'silent';
let errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};
afterEach(() => {
  const seen = errors;
  errors = [];
  vi.restoreAllMocks();
  if (seen.length) throw new Error(`console.error was called ${seen.length} time(s): ${String(seen[0]?.[0]).slice(0, 300)}`);
});
