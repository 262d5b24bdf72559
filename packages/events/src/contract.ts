import { z } from 'zod';

/** The service that owns (and alone publishes) an event. */
export type Producer = 'self-governance' | 'organizations' | 'party-building' | 'social-work' | 'funding';

/**
 * An event contract: a name, a version and the zod schema of its `data`.
 *
 * Naming scheme (documented in README "Events"):
 *   name         <producer>.<aggregate>.<action>                 self-governance.region.registered
 *   NATS subject <prefix>.<producer>.<aggregate>.<action>.v<N>    sanshe.self-governance.region.registered.v1
 *   CE type      cn.sanshe.<producer>.<aggregate>.<action>.v<N>   cn.sanshe.self-governance.region.registered.v1
 * A breaking change to `data` is a new version with a new subject, published beside the old one
 * until every consumer has moved.
 */
export interface EventContract<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly version: number;
  readonly producer: Producer;
  readonly description: string;
  readonly schema: Schema;
  /** Subject without the deployment prefix. */
  readonly subject: string;
  readonly type: string;
}

export type EventData<C extends EventContract> = z.output<C['schema']>;

export function defineEvent<const Name extends `${Producer}.${string}.${string}`, Schema extends z.ZodType>(spec: {
  name: Name;
  version: number;
  description: string;
  schema: Schema;
}): EventContract<Name, Schema> {
  const producer = spec.name.split('.')[0] as Producer;
  const suffix = `${spec.name}.v${spec.version}`;
  return Object.freeze({ ...spec, producer, subject: suffix, type: `cn.sanshe.${suffix}` });
}
