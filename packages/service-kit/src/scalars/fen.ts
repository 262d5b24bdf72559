import { GraphQLScalarType, Kind } from 'graphql';
import { DomainError } from '../errors.ts';

function checked(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new DomainError('BAD_USER_INPUT', 'Fen is a whole number of fen ≥ 0 (no decimals, no strings)');
}

/** Integer fen on the wire; a float or a string is refused rather than rounded. */
export const Fen = new GraphQLScalarType<number, number>({
  name: 'Fen',
  description: 'Money in integer fen (1 yuan = 100 fen).',
  serialize: checked,
  parseValue: checked,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new DomainError('BAD_USER_INPUT', 'Fen is a whole number of fen');
    return checked(Number(ast.value));
  },
});
