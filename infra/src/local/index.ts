export * from './paths.ts';
export * from './ports.ts';
export * from './postgres.ts';
export * from './nats.ts';
