import { z } from 'zod';

export { z };

/**
 * Thrown (instead of exiting) when a caller asks for it, so tests can assert on every problem at once.
 */
export class EnvironmentError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvironmentError';
    this.problems = problems;
  }
}

/**
 * Parses the process environment against one zod object per concern (database, NATS, server …).
 *
 * Every section is parsed even after the first fails, so an operator sees every missing or wrong
 * variable in one message instead of fixing them one restart at a time.
 */
export function parseEnvironment<const S extends Record<string, z.ZodObject>>(
  sections: S,
  source: Record<string, string | undefined> = process.env,
  options: { exitOnError?: boolean } = { exitOnError: true },
): { [K in keyof S]: z.output<S[K]> } {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(sections)) {
    const parsed = schema.safeParse(source);
    if (parsed.success) {
      result[name] = parsed.data;
      continue;
    }
    for (const issue of parsed.error.issues) {
      const variable = issue.path.join('.') || name;
      const value = source[variable];
      const unset = value === undefined || value === '';
      // Values are never echoed: secrets and URLs with passwords would end up in logs.
      problems.push(unset ? `${variable}: is required (not set)` : `${variable}: ${issue.message}`);
    }
  }
  if (problems.length > 0) {
    const error = new EnvironmentError(problems);
    if (options.exitOnError === false) throw error;
    // One message, one exit: printed plainly because the logger may itself depend on the env.
    console.error(error.message);
    process.exit(1);
  }
  return result as { [K in keyof S]: z.output<S[K]> };
}

/** Reusable variable shapes. Empty strings count as unset: shells and .env files produce them. */
export const vars = {
  url: () => z.preprocess(emptyToUndefined, z.url()),
  optionalUrl: () => z.preprocess(emptyToUndefined, z.url().optional()),
  port: (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(fallback)),
  positiveInt: (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(fallback)),
  secret: () => z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters')),
  /** Set or not at all (a credential that has no default). */
  optionalString: () => z.preprocess(emptyToUndefined, z.string().min(1).optional()),
  string: (fallback?: string) =>
    fallback === undefined
      ? z.preprocess(emptyToUndefined, z.string().min(1))
      : z.preprocess(emptyToUndefined, z.string().min(1).default(fallback)),
  logLevel: () =>
    z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  bool: (fallback: boolean) =>
    z.preprocess(
      (v) => (emptyToUndefined(v) === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(String(v).toLowerCase())),
      z.boolean().default(fallback),
    ),
};

function emptyToUndefined(value: unknown): unknown {
  return value === '' ? undefined : value;
}
