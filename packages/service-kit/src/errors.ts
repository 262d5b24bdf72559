import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { z } from 'zod';

/**
 * Codes a client can switch on. BAD_USER_INPUT and friends follow Apollo's names; the domain
 * codes say which rule refused the change.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ILLEGAL_TRANSITION'
  | 'RULE_VIOLATION'
  | 'UNKNOWN_COMMUNITY'
  | 'INSUFFICIENT_FUNDS'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INTERNAL_SERVER_ERROR';

/** A refusal the caller can act on: a code, a message and the input field it concerns. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, field?: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...(field ? { field } : {}), ...(details ?? {}) } });
    this.name = 'DomainError';
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
  get field(): string | undefined {
    return this.extensions.field as string | undefined;
  }
}

/** Parses input with zod and turns the first problem into a BAD_USER_INPUT naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = 'input'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [root, ...issue.path.map(String)].join('.');
  throw new DomainError('BAD_USER_INPUT', `${field}: ${issue.message}`, field);
}

/** Postgres error codes that mean the caller's input collided with existing data or named a missing row. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** Drizzle wraps the driver's error; the Postgres code may sit a few `cause`s down. */
function hasPgCode(error: unknown, code: string, constraint?: string): boolean {
  const e = error as { code?: string; constraint_name?: string; cause?: unknown };
  if (e?.code === code) return constraint === undefined || e.constraint_name === constraint;
  return e?.cause ? hasPgCode(e.cause, code, constraint) : false;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return hasPgCode(error, UNIQUE_VIOLATION, constraint);
}

export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return hasPgCode(error, FOREIGN_KEY_VIOLATION, constraint);
}

/**
 * Apollo's formatError: domain errors go out as they are; anything unexpected is logged by the
 * caller and reported as INTERNAL_SERVER_ERROR without its message or stack.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  if (original instanceof DomainError) return formatted;
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
