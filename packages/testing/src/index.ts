export * from './infra.ts';
export * from './database.ts';
export * from './bus.ts';
export * from './subgraph.ts';
export * from './input-probes.ts';
export * from './probe-inputs.ts';
export * from './fingerprint.ts';
