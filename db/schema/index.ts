export * from './orgs';
export * from './identity';
export * from './audit';
