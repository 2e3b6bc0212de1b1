/**
 * The mini-program client of the Hutong gateway. It sends the operations of
 * schema/operations/ by their persisted id (`extensions.persistedQuery`), so
 * it works against a gateway that serves persisted operations only:
 *
 * - queries by GET, so that CDNs and the platforms' caches can keep them; the
 *   `apollo-require-preflight` header tells the gateway's CSRF prevention that
 *   this is no simple cross-site request;
 * - mutations by POST, which is never cached and never replayed.
 *
 * Every GraphQL answer is returned, partial data and errors together: when a
 * subgraph is down the gateway answers 200 with the rest of the data and a
 * SUBGRAPH_UNAVAILABLE error, and the screen should show what it has. Only a
 * request that produced no GraphQL answer at all (timeout, network failure,
 * a proxy's HTML page) throws, as a ClientError.
 */
import type { PersistedOperation } from './operation.js';
import { ClientError, type Transport, type TransportRequest } from './transport.js';

// ES2020 has no timers: each platform's typings (DOM, Node, WeChat's, Alipay's) declare their own,
// each with a handle type of its own. Declared here, for this module only, the client compiles
// under any of them and under none, and the handle is only ever handed back to clearTimeout.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

/** Below Alipay's 30 s and WeChat's 60 s, and below what a user waits for a screen. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface GraphQLErrorShape {
  message: string;
  path?: readonly (string | number)[];
  extensions?: {
    code?: string;
    /** The subgraph the error came from; with SUBGRAPH_UNAVAILABLE, the one whose fields are missing. */
    serviceName?: string;
    requestId?: string;
    [key: string]: unknown;
  };
}

export interface ExecutionResult<Data> {
  /** What the gateway could answer: possibly partial (see errors), null if nothing. */
  data: Data | null;
  /** Empty when everything was answered. */
  errors: GraphQLErrorShape[];
  status: number;
}

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, such as https://api.example.com/graphql. */
  url: string;
  transport: Transport;
  /** How long a request may take, in milliseconds; below the platform's own limit. */
  timeoutMs?: number;
  /** The signed-in user's bearer token, asked for on every request; none when anonymous. */
  token?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Sent with every request, such as `x-app-id`. */
  headers?: Record<string, string>;
}

export interface ExecuteOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** Variables may be left out when the operation has none that are required. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends V`: none required
type VariablesArgument<Variables> = {} extends Variables
  ? [variables?: Variables, options?: ExecuteOptions]
  : [variables: Variables, options?: ExecuteOptions];

export interface HutongClient {
  execute<Result, Variables>(
    operation: PersistedOperation<Result, Variables>,
    ...args: VariablesArgument<Variables>
  ): Promise<ExecutionResult<Result>>;
}

function checkTimeout(timeoutMs: number, transport: Transport): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, not ${timeoutMs}`);
  if (transport.platformTimeoutMs !== undefined && timeoutMs >= transport.platformTimeoutMs)
    throw new RangeError(
      `timeoutMs must be below ${transport.name}'s own ${transport.platformTimeoutMs} ms, not ${timeoutMs}`,
    );
  return timeoutMs;
}

function persistedQueryExtension(operation: PersistedOperation<unknown, unknown>) {
  return { persistedQuery: { version: 1, sha256Hash: operation.id } };
}

function queryString(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

export function buildRequest(
  url: string,
  operation: PersistedOperation<unknown, unknown>,
  variables: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): TransportRequest {
  const common = {
    // GraphQL-over-HTTP's own media type first: errors then keep their HTTP status.
    accept: 'application/graphql-response+json, application/json;q=0.9',
    ...headers,
  };
  const hasVariables =
    variables !== undefined && variables !== null && Object.keys(variables).length > 0;
  if (operation.type === 'query') {
    const params: Record<string, string> = { operationName: operation.name };
    if (hasVariables) params.variables = JSON.stringify(variables);
    params.extensions = JSON.stringify(persistedQueryExtension(operation));
    const separator = url.includes('?') ? '&' : '?';
    return {
      url: `${url}${separator}${queryString(params)}`,
      method: 'GET',
      headers: { ...common, 'apollo-require-preflight': 'true' },
      timeoutMs,
    };
  }
  return {
    url,
    method: 'POST',
    headers: { ...common, 'content-type': 'application/json' },
    body: JSON.stringify({
      operationName: operation.name,
      ...(hasVariables ? { variables } : {}),
      extensions: persistedQueryExtension(operation),
    }),
    timeoutMs,
  };
}

function isGraphQLResponse(
  body: unknown,
): body is { data?: unknown; errors?: GraphQLErrorShape[] } {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    ('data' in body || 'errors' in body)
  );
}

export function readResponse<Data>(status: number, body: unknown): ExecutionResult<Data> {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  if (!isGraphQLResponse(parsed))
    throw new ClientError(
      'BAD_RESPONSE',
      `The gateway answered HTTP ${status} without a GraphQL response`,
      status,
    );
  return {
    data: (parsed.data ?? null) as Data | null,
    errors: Array.isArray(parsed.errors) ? parsed.errors : [],
    status,
  };
}

export function createClient(options: ClientOptions): HutongClient {
  const { transport } = options;
  const defaultTimeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, transport);
  return {
    async execute<Result, Variables>(
      operation: PersistedOperation<Result, Variables>,
      ...[variables, executeOptions]: VariablesArgument<Variables>
    ): Promise<ExecutionResult<Result>> {
      const timeoutMs =
        executeOptions?.timeoutMs === undefined
          ? defaultTimeoutMs
          : checkTimeout(executeOptions.timeoutMs, transport);
      const token = await options.token?.();
      const request = buildRequest(
        options.url,
        operation,
        variables,
        {
          ...options.headers,
          ...executeOptions?.headers,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        timeoutMs,
      );
      const sent = transport.send(request);
      let timer: unknown;
      // The platform's own timeout is longer, and some never fire it at all: ours decides.
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          sent.abort();
          reject(
            new ClientError('TIMEOUT', `${operation.name} got no answer within ${timeoutMs} ms`),
          );
        }, timeoutMs);
      });
      try {
        const response = await Promise.race([sent.response, timedOut]);
        return readResponse<Result>(response.status, response.body);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The subgraphs whose fields are missing from a partial answer. */
export function unavailableServices(result: ExecutionResult<unknown>): string[] {
  const services = result.errors
    .filter((error) => error.extensions?.code === 'SUBGRAPH_UNAVAILABLE')
    .map((error) => error.extensions?.serviceName)
    .filter((service): service is string => typeof service === 'string');
  return [...new Set(services)];
}
