export * from './context.ts';
export * from './environment.ts';
export * from './gateway.ts';
export * from './readiness.ts';
export * from './server.ts';
export * from './subgraph-data-source.ts';
export * from './supergraph-file.ts';
