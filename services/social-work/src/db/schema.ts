/** Every table of the social-work database (drizzle-kit reads this file's exports). */
export { auditLog, inbox, outbox, knownRegions, knownOrganizations } from '@sanshe/service-kit';
export * from './workforce-tables.ts';
export * from './volunteer-tables.ts';
export * from './case-tables.ts';
export * from './funded-post-tables.ts';
export * from './statistics-tables.ts';
