import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Money as an integer count of fen (1 yuan = 100 fen): no floating point ever touches it. */
export const FenScalar = new GraphQLScalarType<number, number>({
  name: 'Fen',
  description: 'An amount of money in fen, the integer hundredth of a yuan (CNY).',
  serialize(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new TypeError(`Fen must be a safe integer, got ${String(value)}`);
    }
    return value;
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw invalid('Fen must be an integer number of fen');
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw invalid('Fen must be an integer number of fen');
    const value = Number(ast.value);
    if (!Number.isSafeInteger(value)) throw invalid('Fen is out of range');
    return value;
  },
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid('DateTime must be an ISO 8601 date and time, e.g. 2026-11-21T08:00:00Z');
  }
  return new Date(value);
}

/** A point in time, always written in UTC ISO 8601. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A point in time in ISO 8601, written in UTC (e.g. 2026-11-21T08:00:00.000Z).',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime()))
      throw new TypeError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});
