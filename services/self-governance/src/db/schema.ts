export { auditLog, inbox, outbox } from '@sanshe/service-kit';
export * from './regions.ts';
export * from './structure.ts';
export * from './deliberation.ts';
export * from './services.ts';
export * from './transparency.ts';
