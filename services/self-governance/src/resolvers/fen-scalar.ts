import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** Integer fen, never a float: 1 yuan = 100 fen. */
function toFen(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new GraphQLError('Fen is a whole number of fen ≥ 0', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

export const Fen = new GraphQLScalarType({
  name: 'Fen',
  description: 'Money in fen (1 yuan = 100 fen), a whole number ≥ 0.',
  serialize: toFen,
  parseValue: toFen,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('Fen is a whole number of fen ≥ 0', { extensions: { code: 'BAD_USER_INPUT' } });
    return toFen(Number(ast.value));
  },
});
