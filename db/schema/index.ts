export * from './orgs';
export * from './identity';
export * from './audit';
export * from './programs';
export * from './units';
export * from './contracts';
export * from './feeds';
