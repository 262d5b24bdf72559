// Example values for the AsyncAPI document and its HTML page, made from each contract's JSON
// Schema and kept only when the contract's zod schema accepts them.
import { createHash } from 'node:crypto';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  description?: string;
  default?: unknown;
  [key: string]: unknown;
};

/** A stable UUID (v4 layout) derived from a seed, so regenerated docs do not change. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Number.parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// Digits come from the demo's region codes: \d{6} → 150204, \d{9} → 150204004, \d{12} → 150204004001.
const CODE_DIGITS = '150204004001001001001001';

/** A string matching a simple regular expression (literals, classes, groups, quantifiers), or undefined. */
export function sampleForPattern(pattern: string): string | undefined {
  let i = 0;
  let digit = 0;
  const src = pattern;
  const nextDigit = () => CODE_DIGITS[digit++ % CODE_DIGITS.length]!;

  function parseAlternation(): string[] | undefined {
    const alternatives: string[][] = [[]];
    const start = digit;
    while (i < src.length && src[i] !== ')') {
      if (src[i] === '|') {
        alternatives.push([]);
        digit = start; // every alternative draws the same digits
        i += 1;
        continue;
      }
      const atom = parseAtom();
      if (atom === undefined) return undefined;
      alternatives[alternatives.length - 1]!.push(...atom);
    }
    // The longest alternative reads best for codes: (\d{6}|\d{9}|\d{12}) → a community code.
    return alternatives.reduce((a, b) => (b.join('').length > a.join('').length ? b : a));
  }

  function parseUnit(): (() => string) | undefined {
    const c = src[i];
    if (c === undefined) return undefined;
    if (c === '(') {
      i += 1;
      if (src.startsWith('?:', i)) i += 2;
      const start = digit;
      const inner = parseAlternation();
      if (inner === undefined || src[i] !== ')') return undefined;
      i += 1;
      const text = inner.join('');
      digit = start + text.replace(/\D/g, '').length;
      return () => text;
    }
    if (c === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) return undefined;
      const body = src.slice(i + 1, end);
      i = end + 1;
      if (body.startsWith('^')) return () => 'x';
      if (/0-9|\\d/.test(body)) return nextDigit;
      const range = /([A-Za-z])-([A-Za-z])/.exec(body);
      if (range) return () => range[1]!;
      const first = body.replace(/\\/g, '')[0];
      return first ? () => first : undefined;
    }
    if (c === '\\') {
      const e = src[i + 1];
      i += 2;
      if (e === 'd') return nextDigit;
      if (e === 'w') return () => 'a';
      if (e === 's') return () => ' ';
      return e ? () => e : undefined;
    }
    if (c === '.') {
      i += 1;
      return () => 'a';
    }
    if ('*+?{|)'.includes(c)) return undefined;
    i += 1;
    return () => c;
  }

  function parseAtom(): string[] | undefined {
    const unit = parseUnit();
    if (!unit) return undefined;
    let min = 1;
    const q = src[i];
    if (q === '?') {
      min = 1; // present reads better than absent
      i += 1;
    } else if (q === '*' || q === '+') {
      min = 1;
      i += 1;
    } else if (q === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(src.slice(i));
      if (!m) return undefined;
      min = Number(m[1]);
      i += m[0].length;
    }
    return Array.from({ length: min }, () => unit());
  }

  if (src[i] === '^') i += 1;
  const end = src.endsWith('$') && !src.endsWith('\\$') ? src.length - 1 : src.length;
  const parts: string[] = [];
  while (i < end) {
    if (src[i] === '|') return undefined; // alternation at the top level: not needed so far
    const atom = parseAtom();
    if (atom === undefined) return undefined;
    parts.push(...atom);
  }
  const whole = parts.join('');
  try {
    return new RegExp(pattern).test(whole) ? whole : undefined;
  } catch {
    return undefined;
  }
}

const WORDS: Record<string, string> = {
  name: '先锋道第1社区',
  title: '先锋道社区居家养老服务项目',
  summary: '独居老人需要每周两次上门探访',
  reason: '未按期参加年检',
  category: 'community_service',
  milestone: '完成首期服务并提交评估报告',
};

/** An example value for a JSON Schema; `key` (the property name) picks readable values. */
export function exampleFor(schema: JsonSchema, key: string, seed: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const nonNull = branches.find((b) => b.type !== 'null');
    return exampleFor(nonNull ?? branches[0]!, key, seed);
  }
  if (schema.allOf?.[0]) return exampleFor(schema.allOf[0], key, seed);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [prop, sub] of Object.entries(schema.properties ?? {})) out[prop] = exampleFor(sub, prop, `${seed}.${prop}`);
      return out;
    }
    case 'array': {
      const count = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: count }, (_, n) => exampleFor(schema.items ?? {}, key.replace(/s$/, ''), `${seed}[${n}]`));
    }
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined);
      const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined);
      let value = /fen$/i.test(key) ? 300_000 : /year/i.test(key) ? 2026 : /population/i.test(key) ? 8600 : /households/i.test(key) ? 3300 : 3;
      if (low !== undefined && value < low) value = low;
      if (high !== undefined && value > high) value = high;
      return value;
    }
    case 'boolean':
      return true;
    case 'string': {
      if (schema.format === 'uuid') return stableUuid(seed);
      if (schema.format === 'date-time') return '2026-05-01T08:00:00.000+08:00';
      if (schema.format === 'date') return '2026-05-01';
      if (schema.format === 'email') return 'contact@example.org';
      if (schema.format === 'uri' || schema.format === 'url') return 'https://example.org/';
      if (schema.pattern) {
        const sample = sampleForPattern(schema.pattern);
        if (sample !== undefined) return sample;
      }
      let text = WORDS[key] ?? (/code$/i.test(key) ? 'X-001' : /number$/i.test(key) ? 'QS-2026-001' : `example ${key}`);
      if (schema.minLength !== undefined && text.length < schema.minLength) text = text.padEnd(schema.minLength, '0');
      if (schema.maxLength !== undefined && text.length > schema.maxLength) text = text.slice(0, schema.maxLength);
      return text;
    }
    case 'null':
      return null;
    default:
      return null;
  }
}
