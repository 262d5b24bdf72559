export * from './infra.ts';
export * from './database.ts';
export * from './bus.ts';
export * from './subgraph.ts';
