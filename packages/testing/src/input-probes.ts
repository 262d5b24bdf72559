/**
 * Inputs built from a schema, for probing a service's refusals: every mutation (and every query
 * taking arguments) with a
 * plausible input (optional fields left out, then all filled), and then that input with one leaf
 * at a time set to an edge — an empty or huge string, a NUL character, a day that does not exist,
 * a negative or huge number, an id of nothing, an empty or repeated list. Whatever the service
 * makes of them, a client must get a typed refusal or a result, never an internal error.
 *
 * Pure: schema in, operations out. Ids come from a pool the runner fills with what earlier
 * mutations created (probe-inputs.ts), so later mutations reach past "not found".
 */
import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** One request: the root field, its variables, and which leaf (if any) was set to an edge. */
export interface Probe {
  /** The root field: a mutation, or a query taking arguments. */
  field: string;
  /** `baseline` / `filled`, or the leaf's path and the edge, e.g. `input.name = ""`. */
  varies: string;
  /** The leaf set to an edge (edge probes only). */
  leaf?: readonly string[];
  query: string;
  variables: Record<string, unknown>;
  /** The mutation's named return type, whose `id` a runner adds to the pool. */
  returns: string;
}

/** What a probe's plausible values are drawn from. */
export interface ProbeValues {
  /** Ids created so far, by type name (newest last). */
  ids: ReadonlyMap<string, readonly string[]>;
  /** Region codes of the service's known regions. */
  regions: { district: string; street: string; community: string };
  /** Today in the district's calendar, YYYY-MM-DD. */
  today: string;
  /** Which value of each enum plausible inputs take (its index, wrapping): passes vary it to reach each kind. */
  enumChoice?: number;
  /** A request built again after its ids were refused: 1 names the newest id of each pool, 2 the one before, … */
  attempt?: number;
  /**
   * Id fields named for a role, not a type, and the type whose ids they take: `{ supervisor:
   * 'SocialWorker' }` for `supervisorId`.
   */
  idRoles?: Record<string, string>;
  /**
   * Values for leaves by field name, where a name means a format the generic values miss (a credit
   * code); a function gives a new value each time (a code that must be unique).
   */
  byName?: Record<string, unknown | (() => unknown)>;
}

interface Edge {
  label: string;
  value: unknown;
}

const isDayName = (name: string) => /(On|Date|Start|End)$/.test(name) || ['on', 'date', 'from', 'to', 'until', 'since'].includes(name);

/** The first day of a span: `startsOn`, `startDate`, a period's `from`. */
const isStartName = (name: string) => /^(from|since)$|^starts?(On|Date)?$|Start$/.test(name);

/** The same day a year earlier (29 February becomes the 28th). */
function yearBefore(day: string): string {
  const year = String(Number(day.slice(0, 4)) - 1).padStart(4, '0');
  const rest = day.slice(4) === '-02-29' ? '-02-28' : day.slice(4);
  return `${year}${rest}`;
}

/** `hours` before now, on a whole minute, as an ISO timestamp. */
function momentBack(hours: number): string {
  const at = new Date(Date.now() - hours * 3_600_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString();
}

/** A page's cursor: no plausible value exists before a page was read, so plausible inputs leave it out. */
const isCursorName = (name: string) => name === 'after' || name === 'before';

/** The edges a leaf is probed with, by its type and name. */
function edgesOf(typeName: string, name: string, enumValues: readonly string[]): Edge[] {
  if (enumValues.length > 0) return [{ label: 'last value', value: enumValues.at(-1) }];
  switch (typeName) {
    case 'String':
      if (isDayName(name)) {
        return [
          { label: '"2026-02-30"', value: '2026-02-30' },
          { label: '"0001-01-01"', value: '0001-01-01' },
          { label: '"9999-12-31"', value: '9999-12-31' },
          { label: '"yesterday"', value: 'yesterday' },
        ];
      }
      return [
        { label: '""', value: '' },
        { label: '10,000 characters', value: '社'.repeat(10_000) },
        { label: 'a NUL character', value: 'a\u0000b' },
      ];
    case 'ID':
      return [
        { label: 'an id of nothing', value: randomUUID() },
        { label: '"not-an-id"', value: 'not-an-id' },
        { label: '""', value: '' },
      ];
    case 'Int':
      return [
        { label: '-1', value: -1 },
        { label: '0', value: 0 },
        { label: '2147483647', value: 2_147_483_647 },
      ];
    case 'Fen':
      return [
        { label: '-1', value: -1 },
        { label: '0', value: 0 },
        { label: 'MAX_SAFE_INTEGER', value: Number.MAX_SAFE_INTEGER },
      ];
    case 'Float':
      return [
        { label: '-1', value: -1 },
        { label: '1e308', value: 1e308 },
      ];
    default:
      return [];
  }
}

/** The ids an id field may name: `organizationId` → Organization's, `roundId` → FundingRound's. */
function idPoolFor(name: string, values: ProbeValues, returns: string): readonly string[] {
  const { ids, idRoles = {} } = values;
  const stem = name === 'id' || name === 'ids' ? returns : name.replace(/Ids?$/, '');
  const base = (idRoles[stem] ?? stem).toLowerCase();
  const exact = [...ids].find(([type]) => type.toLowerCase() === base);
  if (exact) return exact[1];
  // `roundId` → FundingRound; `fromFundId` → Fund.
  const related = [...ids].filter(([type]) => type.toLowerCase().endsWith(base) || base.endsWith(type.toLowerCase()));
  return related.at(-1)?.[1] ?? [];
}

let serial = 0;

/** What one request's values are drawn with: the probe's values, and the ids its leaves took so far. */
interface RequestValues extends ProbeValues {
  taken: Set<string>;
}

const forRequest = (values: ProbeValues): RequestValues => ({ ...values, taken: new Set() });

/** A plausible value for a leaf, or undefined when none is known (a list's or object's). */
function plausible(typeName: string, name: string, enumValues: readonly string[], values: RequestValues, returns: string): unknown {
  if (values.byName && name in values.byName) {
    const given = values.byName[name];
    return typeof given === 'function' ? (given as () => unknown)() : given;
  }
  if (enumValues.length > 0) return enumValues[(values.enumChoice ?? 0) % enumValues.length];
  const lower = name.toLowerCase();
  if (typeName === 'String' || typeName === 'ID') {
    // Names that carry a format, whichever scalar the schema gives them.
    // A list's region filter: the district holds every region the lists are asked about.
    if (lower === 'within') return values.regions.district;
    if (lower.endsWith('code') && !lower.includes('credit')) {
      return lower.includes('district') ? values.regions.district : lower.includes('street') ? values.regions.street : values.regions.community;
    }
    if (lower.includes('phone')) return '13800138000';
    if (lower.includes('email')) return 'probe@example.cn';
    if (lower.includes('website') || lower.endsWith('url')) return 'https://example.cn/probe';
  }
  if (isCursorName(name)) return undefined;
  switch (typeName) {
    case 'ID': {
      // Taken in turn, so that one entity brought to an end state does not refuse everything after.
      const pool = idPoolFor(name, values, returns);
      serial += 1;
      if (pool.length === 0) return randomUUID();
      // The newest first: what was created last is the likeliest to be open, active, unfinished.
      const first = values.attempt ? pool.length - 1 - ((values.attempt - 1) % pool.length) : serial % pool.length;
      // Two leaves of one request that draw on one pool name two of its ids, the next older one
      // second: a supervisor and a supervisee, a fund to move money from and one to move it to.
      for (let back = 0; back < pool.length; back += 1) {
        const id = pool[(first - back + pool.length) % pool.length]!;
        if (!values.taken.has(id)) {
          values.taken.add(id);
          return id;
        }
      }
      return pool[first];
    }
    case 'String':
      // A span's start a year back, so that it ends (today) after it starts.
      if (isDayName(name) && isStartName(name)) return yearBefore(values.today);
      if (isDayName(name)) return values.today;
      // A moment: past (records are of what happened), on a whole minute (service time is kept in
      // minutes), and a span's start an hour before its end.
      if (/(^a|A)t$/.test(name)) return momentBack(/^(start|begin|from)/.test(name) ? 2 : 1);
      if (lower === 'period') return values.today.slice(0, 4);
      serial += 1;
      return `probe ${name} ${serial}`;
    case 'Int':
      if (lower === 'year') return Number(values.today.slice(0, 4)) - 1;
      // Scores run 0–100 in funding's reviews, 0–1000 in organizations' evaluations.
      if (lower.includes('score')) return 85;
      return 3;
    case 'Fen':
      return 100_000;
    case 'Float':
      return 2.5;
    case 'Boolean':
      return true;
    default:
      return undefined;
  }
}

interface Leaf {
  path: string[];
  edges: Edge[];
}

/**
 * A value for an input type, and its leaves (with their edges). `fill`: optional fields too;
 * otherwise only required ones.
 */
function build(type: GraphQLInputType, name: string, path: string[], fill: boolean, values: RequestValues, returns: string, leaves: Leaf[], depth: number): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const item = build(inner.ofType, name.replace(/s$/, ''), [...path, '0'], fill, values, returns, leaves, depth + 1);
    const list = item === undefined ? [] : [item];
    leaves.push({ path, edges: [{ label: '[]', value: [] }, ...(item === undefined ? [] : [{ label: 'the same item twice', value: [item, item] }])] });
    return list;
  }
  if (isInputObjectType(inner)) {
    if (depth > 4) return undefined;
    const object: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      if (!fill && !isNonNullType(field.type)) continue;
      const value = build(field.type, field.name, [...path, field.name], fill, values, returns, leaves, depth + 1);
      if (value !== undefined) object[field.name] = value;
    }
    return object;
  }
  const named = getNamedType(inner);
  const enumValues = isEnumType(named) ? named.getValues().map((v) => v.name) : [];
  leaves.push({ path, edges: edgesOf(named.name, name, enumValues) });
  return plausible(named.name, name, enumValues, values, returns);
}

/**
 * The variables without the leaf at `path` (a list's item named by its index), or null when they
 * hold none there or it is a list's item: left out, that would send a hole.
 */
export function withoutLeaf(variables: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | null {
  const copy = structuredClone(variables);
  let at: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (!at || typeof at !== 'object') return null;
    at = (at as Record<string, unknown>)[key];
  }
  if (!at || typeof at !== 'object' || Array.isArray(at) || !(path.at(-1)! in at)) return null;
  delete (at as Record<string, unknown>)[path.at(-1)!];
  return copy;
}

/**
 * Whether the argument or input field at `path` of a root field may be left out: it is nullable
 * (a required one left out is refused by GraphQL itself, before the service sees the request).
 */
export function mayLeaveOut(schema: GraphQLSchema, rootField: string, path: readonly string[]): boolean {
  const root = schema.getMutationType()?.getFields()[rootField] ?? schema.getQueryType()?.getFields()[rootField];
  let type: GraphQLInputType | undefined = root?.args.find((arg) => arg.name === path[0])?.type;
  for (const key of path.slice(1)) {
    const inner = type && isNonNullType(type) ? type.ofType : type;
    if (inner && isListType(inner)) {
      // An index into a list names its item.
      if (!/^\d+$/.test(key)) return false;
      type = inner.ofType;
      continue;
    }
    if (!inner || !isInputObjectType(inner)) return false;
    type = inner.getFields()[key]?.type;
  }
  return type !== undefined && !isNonNullType(type);
}

function withLeaf(variables: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(variables);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

/**
 * What a probe selects of an object it gets back: its id, and for a mutation (`withHeld`) the ids
 * of the objects it holds (a grant's tranches, an application's round), so that later probes can
 * name those too.
 */
function selectionOf(type: GraphQLOutputType, withHeld: boolean): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const fields = named.getFields();
  const held = !withHeld
    ? []
    : Object.values(fields)
        .filter((field) => field.args.every((arg) => !isNonNullType(arg.type)))
        .filter((field) => {
          const inner = getNamedType(field.type);
          return isObjectType(inner) && 'id' in inner.getFields();
        })
        .map((field) => `${field.name} { __typename id }`);
  return ` { __typename${'id' in fields ? ' id' : ''}${held.map((h) => ` ${h}`).join('')} }`;
}

function operationFor(field: GraphQLField<unknown, unknown>, kind: Kind): { query: string; returns: string } {
  const named = getNamedType(field.type);
  const selection = selectionOf(field.type, kind === 'mutation');
  const declared = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const args = field.args.length > 0 ? `(${passed})` : '';
  return { query: `${kind} Probe${declared ? `(${declared})` : ''} { ${field.name}${args}${selection} }`, returns: named.name };
}

type Kind = 'mutation' | 'query';

const ENDING_VERBS = ['conclude', 'close', 'terminate', 'cancel', 'reject', 'refund', 'withdraw', 'revoke', 'retire', 'dissolve', 'deregister', 'end', 'archive', 'remove', 'delete', 'suspend', 'expire', 'dismiss', 'decline'];
/** A mutation that brings something to an end (concludeFundingRound, terminateGrant, closeCase). */
const isEnding = (name: string) => ENDING_VERBS.some((verb) => name.startsWith(verb) && /^[A-Z]/.test(name.slice(verb.length)));

/**
 * The root fields probed: every mutation, then every query that takes arguments (federation's own
 * `_entities` and `_service` aside: only the gateway calls them).
 */
function rootFields(schema: GraphQLSchema): { field: GraphQLField<unknown, unknown>; kind: Kind }[] {
  const all = Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ field, kind: 'mutation' as const }));
  // Those that end something last in each pass: a round concluded before submitApplication runs
  // would refuse every application, and nothing past it would be reached.
  const mutations = [...all.filter(({ field }) => !isEnding(field.name)), ...all.filter(({ field }) => isEnding(field.name))];
  const queries = Object.values(schema.getQueryType()?.getFields() ?? {})
    .filter((field) => field.args.length > 0 && !field.name.startsWith('_'))
    .map((field) => ({ field, kind: 'query' as const }));
  return [...mutations, ...queries];
}

/**
 * The plausible requests for every root field (or only `onlyField`): required fields only, then
 * every field filled. Built again, they name other ids from the pools (taken in turn).
 */
export function baselineProbes(schema: GraphQLSchema, values: ProbeValues, onlyField?: string): Probe[] {
  return rootFields(schema)
    .filter(({ field }) => onlyField === undefined || field.name === onlyField)
    .flatMap(({ field, kind }) => {
      const { query, returns } = operationFor(field, kind);
      return (['baseline', 'filled'] as const).map((varies) => {
        const variables: Record<string, unknown> = {};
        const request = forRequest(values);
        for (const arg of field.args) {
          const value = build(arg.type, arg.name, [arg.name], varies === 'filled', request, returns, [], 0);
          if (value !== undefined) variables[arg.name] = value;
        }
        return { field: field.name, varies, query, variables, returns };
      });
    });
}

/** For every root field, its filled request with one leaf at a time set to each of its edges. */
export function edgeProbes(schema: GraphQLSchema, values: ProbeValues): Probe[] {
  return rootFields(schema).flatMap(({ field, kind }) => {
    const { query, returns } = operationFor(field, kind);
    const leaves: Leaf[] = [];
    const variables: Record<string, unknown> = {};
    const request = forRequest(values);
    for (const arg of field.args) {
      const value = build(arg.type, arg.name, [arg.name], true, request, returns, leaves, 0);
      if (value !== undefined) variables[arg.name] = value;
    }
    return leaves.flatMap((leaf) =>
      leaf.edges.map((edge) => ({
        field: field.name,
        varies: `${leaf.path.join('.')} = ${edge.label}`,
        leaf: leaf.path,
        query,
        variables: withLeaf(variables, leaf.path, edge.value),
        returns,
      })),
    );
  });
}
