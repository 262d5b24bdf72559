// Every table of the funding database; drizzle-kit reads this file (drizzle.config.ts).
export { inbox, outbox, knownRegions, knownOrganizations, auditLog } from '@sanshe/service-kit';
export * from './fund-tables.ts';
export * from './programme-tables.ts';
export * from './grant-tables.ts';
export * from './micro-fund-tables.ts';
export * from './ledger-tables.ts';
export * from './replica-tables.ts';
