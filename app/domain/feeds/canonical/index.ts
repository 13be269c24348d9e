/** Canonical rows, the canonical feed formats, and the row rules every template's output obeys. */
export * from './types';
export * from './issues';
export * from './columns';
export * from './local-time';
export * from './row-reader';
export * from './header-checks';
export * from './interval-checks';
export * from './intervals';
export * from './contacts';
