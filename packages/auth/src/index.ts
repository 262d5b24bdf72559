export * from './roles.ts';
export * from './claims.ts';
export * from './verifier.ts';
export * from './dev-issuer.ts';
export * from './demo-users.ts';
