export * from './registry.ts';
export * from './credentials.ts';
export * from './server-config.ts';
export * from './server.ts';
export * from './provision.ts';
export * from './replay.ts';
export * from './control-plane.ts';
export * from './nats-binary.ts';
