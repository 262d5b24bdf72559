/**
 * When a release changes how a service consumes a producer's events — an event type leaves the
 * producer's ordered consumer for one of its own (`ConsumerSpec.concurrency`), or a type is no
 * longer handled — the durables the old release made are no longer planned. Left alone, a new
 * durable would start from the stream's beginning and apply history again, and the old one would
 * sit on the stream with nobody consuming it, its pending count growing for ever.
 *
 * So a service hands over: a new durable starts just past what the retired durables covering its
 * subjects had acknowledged, and once every planned consumer runs, the retired ones are deleted.
 * These are the pure parts; `ensureDurable` and `startPlannedConsumers` talk to JetStream.
 */
import type { ConsumerInfo } from '@nats-io/jetstream';
import type { ConsumerFilter } from './consumer.ts';

/** Whether a consumer's config already has `filter` (a one-element list counts as that subject). */
export function hasFilter(config: ConsumerFilter, filter: ConsumerFilter): boolean {
  return JSON.stringify(filterSubjectsOf(config).sort()) === JSON.stringify(filterSubjectsOf(filter).sort());
}

/** The subjects a consumer is filtered to; empty when it takes the whole stream. */
export function filterSubjectsOf(config: ConsumerFilter): string[] {
  if (config.filter_subjects?.length) return [...config.filter_subjects];
  return config.filter_subject ? [config.filter_subject] : [];
}

/**
 * Whether every subject that `inner` matches is matched by `outer` too. Both are NATS subjects,
 * literal or with wildcards: `*` stands for one token, a final `>` for one or more.
 */
export function subjectWithin(inner: string, outer: string): boolean {
  const a = inner.split('.');
  const b = outer.split('.');
  for (let i = 0; i < b.length; i += 1) {
    if (b[i] === '>') return a.length > i;
    if (i >= a.length || a[i] === '>') return false;
    if (b[i] !== '*' && (a[i] === '*' || a[i] !== b[i])) return false;
  }
  return a.length === b.length;
}

/** Whether a consumer filtered to `patterns` (empty: the whole stream) receives every event of `subject`. */
export function filterCovers(patterns: readonly string[], subject: string): boolean {
  return patterns.length === 0 || patterns.some((pattern) => subjectWithin(subject, pattern));
}

/** The durables of `service` on a stream that its current plan no longer has. */
export function obsoleteDurables(consumers: readonly ConsumerInfo[], service: string, planned: ReadonlySet<string>): ConsumerInfo[] {
  // Durable names are `<service>__<producer or subject>` (durableName, independentDurableName);
  // partners' (`partner-…`) and other services' durables never carry this prefix.
  return consumers.filter((consumer) => consumer.name.startsWith(`${service}__`) && !planned.has(consumer.name));
}

/**
 * The stream sequence a new durable filtered to `subjects` starts at, taking over from retired
 * durables: one past the lowest acknowledgement floor among those that received every one of its
 * subjects, so whatever one of them had not yet applied is delivered again. Undefined when none
 * did: the new durable starts at the beginning, and the events' own idempotence (the need
 * lifecycle, keyed upserts) turns the history into no-ops.
 *
 * Events past that floor that a retired durable had already applied — one running concurrently,
 * or an old release still consuming during a rolling upgrade — are applied again under the new
 * durable, whose inbox rows are its own. Only independent types move to durables of their own,
 * and those are idempotent by contract (`ConsumerSpec.concurrency`).
 */
export function handoverStart(retired: readonly ConsumerInfo[], subjects: readonly string[]): number | undefined {
  const covering = retired.filter((consumer) => subjects.every((subject) => filterCovers(filterSubjectsOf(consumer.config), subject)));
  if (covering.length === 0) return undefined;
  return Math.min(...covering.map((consumer) => consumer.ack_floor.stream_seq)) + 1;
}
