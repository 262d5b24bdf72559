/**
 * Sends every mutation (and query taking arguments) of a running test subgraph the requests
 * input-probes.ts builds, and reports
 * what broke the platform's promise on bad input: an internal error (or a 5xx), a refusal without a
 * code, a BAD_USER_INPUT that names no field, and a refused request that changed the database
 * anyway (a half-written change).
 *
 * The database check compares a fingerprint of every table's rows (databaseFingerprint) before and
 * after each refused request, so the subgraph must be quiet while probed: the events it was seeded
 * with applied, and none arriving.
 */
import { expect } from 'vitest';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { encodeIdentity, IDENTITY_HEADER, SECRET_HEADER, type Identity } from '@sanshe/service-kit';
import { baselineProbes, edgeProbes, mayLeaveOut, withoutLeaf, type Probe, type ProbeValues } from './input-probes.ts';
import { databaseFingerprint } from './fingerprint.ts';
import { testOperator, type AnySubgraph } from './subgraph.ts';

export interface ProbeReport {
  sent: number;
  /** Root fields that accepted at least one probe: how far past "not found" the probes reached. */
  accepted: Set<string>;
  /** Refusals by code. */
  refused: Record<string, number>;
  /** Why each root field's plausible inputs were refused, for those never accepted: where probing stayed shallow. */
  unreached: Record<string, string>;
  /** What broke the promise, one line each: `field (what varied): what happened`. */
  failures: string[];
}

export interface ProbeOptions extends Omit<ProbeValues, 'ids'> {
  identity?: Identity;
  /** Tables left out of the fingerprint besides the inbox (written by consumers, not by requests). */
  unwatchedTables?: string[];
  /** Ids the service knows from elsewhere (its replicas, seeded by event), by type name. */
  knownIds?: Record<string, string[]>;
}

const BASELINE_PASSES = 4;
/** How many more times a plausible request refused over what its ids named is built again. */
const ID_RETRIES = 5;
const RETRIED_CODES = new Set(['NOT_FOUND', 'RULE_VIOLATION', 'ILLEGAL_TRANSITION', 'CONFLICT']);
/** How many optional fields a filled request refused over one of them may leave out, one at a time. */
const DROP_RETRIES = 3;

/** A refusal's code and, for bad input, the field it names. */
interface Refusal {
  code: string;
  field?: string;
}

type Body = { data?: Record<string, { id?: string } | null> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

// Any subgraph, whatever its tables: only its url, secret and SQL are used.
type AnyTestSubgraph = Pick<AnySubgraph, 'url' | 'secret' | 'database'>;

async function send(service: AnyTestSubgraph, identity: Identity, query: string, variables: Record<string, unknown>): Promise<{ status: number; body: Body }> {
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SECRET_HEADER]: service.secret, [IDENTITY_HEADER]: encodeIdentity(identity, service.secret) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Body };
  } catch {
    return { status: response.status, body: { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] } };
  }
}

/** What is wrong with one answer, if anything. */
function problemsOf(status: number, body: Body): string[] {
  if (status >= 500) return [`HTTP ${status}: ${body.errors?.[0]?.message ?? ''}`];
  if (!body.errors?.length) return body.data ? [] : ['neither data nor errors'];
  return body.errors.flatMap((error) => {
    const code = error.extensions?.code;
    if (code === undefined) return [`no code: ${error.message}`];
    if (code === 'INTERNAL_SERVER_ERROR') return [`INTERNAL_SERVER_ERROR: ${error.message}`];
    // GraphQL's own coercion of a variable names the variable in its message, not as a field.
    if (code === 'BAD_USER_INPUT' && !error.extensions?.field && !/^Variable "\$/.test(error.message)) return [`BAD_USER_INPUT without a field: ${error.message}`];
    return [];
  });
}

/** Every object with a `__typename` and an `id` in an answer: what it created, and what that holds. */
function idsIn(value: unknown, found: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) for (const item of value) idsIn(item, found);
  else if (value && typeof value === 'object') {
    const { __typename, id } = value as { __typename?: unknown; id?: unknown };
    if (typeof __typename === 'string' && typeof id === 'string' && !found.some(([t, i]) => t === __typename && i === id)) found.push([__typename, id]);
    for (const [key, inner] of Object.entries(value)) if (key !== '__typename' && key !== 'id') idsIn(inner, found);
  }
  return found;
}

export async function probeInputs(service: AnyTestSubgraph, options: ProbeOptions): Promise<ProbeReport> {
  const identity = options.identity ?? testOperator;
  const introspection = await send(service, identity, getIntrospectionQuery(), {});
  const schema = buildClientSchema(introspection.body.data as unknown as IntrospectionQuery);
  const fingerprint = () => databaseFingerprint(service.database.sql, options.unwatchedTables);
  const ids = new Map<string, string[]>(Object.entries(options.knownIds ?? {}));
  const values = (): ProbeValues => ({ ...options, ids });
  const report: ProbeReport = { sent: 0, accepted: new Set(), refused: {}, unreached: {}, failures: [] };
  let print = await fingerprint();

  /** Sends one probe and records what it found; null when accepted, else the first refusal. */
  const run = async (probe: Probe): Promise<Refusal | null> => {
    const { status, body } = await send(service, identity, probe.query, probe.variables);
    report.sent += 1;
    for (const problem of problemsOf(status, body)) report.failures.push(`${probe.field} (${probe.varies}): ${problem}`);
    const now = await fingerprint();
    if (body.errors?.length) {
      for (const error of body.errors) {
        const code = String(error.extensions?.code ?? 'none');
        report.refused[code] = (report.refused[code] ?? 0) + 1;
      }
      if (probe.varies === 'baseline' || probe.varies.startsWith('filled')) report.unreached[probe.field] = `${error0(body)}`;
      if (now !== print) report.failures.push(`${probe.field} (${probe.varies}): refused, yet the database changed`);
    } else {
      report.accepted.add(probe.field);
      // Each id once, where it was first seen: an object a result only holds (a grant's fund) is
      // not new, and moved to the newest end it would push what was just created out of reach.
      for (const [type, id] of idsIn(body.data?.[probe.field])) if (!ids.get(type)?.includes(id)) ids.set(type, [...(ids.get(type) ?? []), id]);
    }
    print = now;
    if (!body.errors?.length) return null;
    const { code, field } = body.errors[0]!.extensions ?? {};
    return { code: String(code ?? ''), ...(typeof field === 'string' ? { field } : {}) };
  };

  // Optional fields a root field's filled request was accepted without, after it was refused over
  // them: either/or inputs (a time span or minutes, not both), which filling every field breaks.
  // Its edges leave them out too, so that they are tried on a request otherwise accepted. Later
  // passes fill them again: with another enum value the field may be wanted (a per-wish cap is
  // refused on a general fund and needed on a micro-fund).
  const dropped = new Map<string, string[][]>();
  const withoutDropped = (probe: Probe): Probe => {
    let variables = probe.variables;
    for (const path of dropped.get(probe.field) ?? []) {
      // An edge of the dropped leaf itself keeps it: that edge is what it probes.
      if (probe.leaf && path.every((key, i) => probe.leaf![i] === key)) continue;
      variables = withoutLeaf(variables, path) ?? variables;
    }
    return variables === probe.variables ? probe : { ...probe, variables };
  };

  const error0 = (body: Body) => `${body.errors?.[0]?.extensions?.code} ${body.errors?.[0]?.message}`;
  // Several passes: each takes the next value of every enum (a programme of each kind), and finds
  // the ids earlier passes created for mutations listed before their creators.
  for (let pass = 0; pass < BASELINE_PASSES; pass += 1) {
    for (const built of baselineProbes(schema, { ...values(), enumChoice: pass })) {
      let probe = built;
      const drops: string[][] = [];
      let retries = 0;
      let refusal = await run(probe);
      // Every try is checked like any other probe.
      while (refusal !== null) {
        const path = refusal.field?.split('.');
        if (RETRIED_CODES.has(refusal.code) && retries < ID_RETRIES) {
          // Refused for what the ids named (a programme of the wrong kind, a round already
          // concluded): built again, the request names the pools' newest ids, then older ones.
          retries += 1;
          const again = baselineProbes(schema, { ...values(), enumChoice: pass, attempt: retries }, probe.field).find((p) => p.varies === built.varies)!;
          probe = { ...again, variables: drops.reduce((v, leaf) => withoutLeaf(v, leaf) ?? v, again.variables), varies: probe.varies };
        } else if (refusal.code === 'BAD_USER_INPUT' && built.varies === 'filled' && path && mayLeaveOut(schema, built.field, path) && drops.length < DROP_RETRIES) {
          // Refused over a field the filled request need not have given: sent again without it.
          const variables = withoutLeaf(probe.variables, path);
          if (!variables) break;
          drops.push(path);
          probe = { ...probe, variables, varies: `filled, without ${drops.map((p) => p.join('.')).join(', ')}` };
        } else break;
        refusal = await run(probe);
      }
      if (refusal === null && drops.length > 0) {
        const known = dropped.get(built.field) ?? [];
        dropped.set(built.field, [...known, ...drops.filter((path) => !known.some((k) => k.join('.') === path.join('.')))]);
      }
    }
  }
  for (const probe of edgeProbes(schema, values())) await run(withoutDropped(probe));
  for (const field of report.accepted) delete report.unreached[field];
  return report;
}

/**
 * What a service's probe test asserts: nothing broke the promise, and the probes got past "not
 * found" and the rules for at least `reached` root fields, so their edges were tried against inputs
 * that are otherwise accepted. Should that number fall, the message says what stayed out of reach.
 */
export function expectProbesPassed(report: ProbeReport, reached: number): void {
  // PROBE_REPORT=1: what was reached and what was not, to set a floor or see where probing stops.
  if (process.env.PROBE_REPORT) console.log(JSON.stringify({ sent: report.sent, reached: [...report.accepted], unreached: report.unreached, refused: report.refused }, null, 1));
  expect(report.failures).toEqual([]);
  expect(report.accepted.size, JSON.stringify(report.unreached, null, 1)).toBeGreaterThanOrEqual(reached);
}
