/** Contact records: rebuilding interval components and checking a vendor's own figures against them. */
export * from './rebuild';
export * from './cross-check';
