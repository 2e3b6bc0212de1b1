import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from './logger';

/** The error codes clients may rely on; anything else is masked as INTERNAL_SERVER_ERROR. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A subgraph did not answer: its fields are missing, the rest of the response stands. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes Apollo Server itself produces for malformed requests; safe to show as they are. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_REQUIRED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const PUBLIC_CODES = new Set<string>([...Object.values(ErrorCode), ...REQUEST_ERROR_CODES]);

export function notFound(what: string, id: string): GraphQLError {
  return new GraphQLError(`${what} "${id}" was not found`, {
    extensions: { code: ErrorCode.NOT_FOUND },
  });
}

export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) },
  });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

/**
 * SQLSTATE classes a client's input can cause: 22, data exceptions (a number
 * out of range, text with a NUL byte), and 23, integrity constraint violations
 * (a reference to a row that does not exist, a duplicate, a broken CHECK).
 * PGlite and PostgreSQL both put the SQLSTATE in the error's `code`.
 */
const CLIENT_SQLSTATE = /^2[23][0-9A-Z]{3}$/;

/** The SQLSTATE of a database error the client's input caused, if `error` is one. */
export function clientSqlState(error: unknown): string | undefined {
  let current = error;
  // Resolver errors reach Apollo wrapped in a GraphQLError, sometimes twice.
  for (let hops = 0; hops < 3 && current instanceof Error; hops++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CLIENT_SQLSTATE.test(code)) return code;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** What a client is told about input the database refused: the kind of fault, no names. */
export function databaseRefusalMessage(sqlState: string): string {
  switch (sqlState) {
    case '22001':
      return 'A text is too long';
    case '22003':
      return 'A number is out of range';
    case '22021':
    case '22P05':
      return 'A text contains a character that cannot be stored';
    case '22P02':
    case '22007':
    case '22008':
      return 'A value is not in the expected format';
    case '23503':
      return 'The request refers to something that does not exist';
    case '23505':
      return 'This already exists';
    default:
      return sqlState.startsWith('23')
        ? 'The request breaks a rule of the data it would change'
        : 'A value in the request cannot be stored';
  }
}

/**
 * The caller may not see or do one field: that field fails and the rest of
 * the answer stands, so unlike `unauthenticated` it sets no HTTP status.
 */
export function fieldDenied(
  code: typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN,
  message: string,
  path?: ReadonlyArray<string | number>,
): GraphQLError {
  return new GraphQLError(message, { ...(path ? { path } : {}), extensions: { code } });
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

function isPublicCode(code: unknown): boolean {
  return (
    typeof code === 'string' && PUBLIC_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR
  );
}

/**
 * A request Apollo Server refuses with a 4xx status and no code: an APQ hash that does not
 * match its query, a persisted-query version other than 1. The client's fault, told as such:
 * Apollo's message, BAD_REQUEST, and no error in the logs.
 */
function isCodelessClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Apollo Server `formatError`: errors with a public code reach the client as
 * they are (minus any stack); everything else is replaced by a generic
 * message, so no SQL, host or stack ever leaves the service. What it hides is
 * logged in full, with the request id, by `errorLoggingPlugin` (formatError
 * cannot see the request).
 */
export function createErrorMasker(options: { hideSuggestions?: boolean } = {}) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    const sqlState = clientSqlState(error);
    if (sqlState) {
      return {
        message: databaseRefusalMessage(sqlState),
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      };
    }
    const code = isCodelessClientError(error) ? 'BAD_REQUEST' : formatted.extensions?.code;
    if (isPublicCode(code)) {
      const { stacktrace: _stack, ...extensions }: Record<string, unknown> = {
        ...formatted.extensions,
        code,
      };
      // "Did you mean ...?" tells a stranger the schema's names, one typo at a time.
      const message = options.hideSuggestions
        ? formatted.message.replace(SUGGESTION, '')
        : formatted.message;
      return { ...formatted, message, extensions };
    }
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * Logs every error that `createErrorMasker` hides from the client (input the
 * database refused at info level, as the client's fault), in full and
 * under the request id the client sees, so the two can be matched.
 */
export function errorLoggingPlugin(log: Logger): ApolloServerPlugin<{ requestId?: string }> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isPublicCode(error.extensions?.code) || isCodelessClientError(error)) continue;
            const sqlState = clientSqlState(error);
            if (sqlState) {
              // The client's fault, answered as BAD_USER_INPUT: worth a look, not an alert.
              log.info(
                { requestId: contextValue.requestId, sqlState, path: error.path },
                'input refused by the database',
              );
              continue;
            }
            log.error(
              {
                requestId: contextValue.requestId,
                err: error.originalError ?? error,
                path: error.path,
              },
              'unexpected error',
            );
          }
        },
      };
    },
  };
}
