/**
 * Requests a hostile or broken client sends. Each must be answered with a 4xx
 * status or a GraphQL error in JSON, reach no subgraph, and leave the gateway
 * healthy. Shared by the corpus test and the corpus benchmark.
 */
export interface BadRequest {
  name: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A JSON value to send, or raw text. */
  body?: unknown;
  raw?: string;
  /** GET query string. */
  search?: string;
  /** The error code the answer carries, when it is a GraphQL error. */
  code?: string;
  /** For requests that are answered, not refused: the data they must get. */
  data?: unknown;
}

const nested = (depth: number): string =>
  depth === 0 ? 'id' : `feed(first: 1) { author { ${nested(depth - 1)} } }`;

export const BAD_REQUESTS: BadRequest[] = [
  {
    name: 'deep nesting (40 levels)',
    body: { query: `{ me { ${nested(20)} } }` },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: '10,000 aliases',
    body: {
      query: `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: trendingTopics(first: 1) { id }`).join(' ')} }`,
    },
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: '100 aliases under the token cap',
    body: { query: `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: __typename`).join(' ')} }` },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'field duplication',
    body: { query: `{ trendingTopics(first: 1) { ${'id '.repeat(5000)} } }` },
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'directive flood',
    body: { query: `{ __typename ${'@include(if: true) '.repeat(50)} }` },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'circular fragments',
    body: { query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'too many root fields',
    body: {
      query: `{ ${Array.from({ length: 11 }, (_, i) => `t${i}: trendingTopics(first: 1) { id }`).join(' ')} }`,
    },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a list-heavy query over the cost limit',
    body: {
      query: `{ nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: 100) { edges { node {
        products(first: 20) { id name } mentions(first: 20) { id author { id } } menu { id name price } } } } }`,
    },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'an oversized body (2 MB)',
    raw: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2 * 1024 * 1024) }),
  },
  { name: 'malformed JSON', raw: '{"query": "{ __typename }"', code: 'BAD_REQUEST' },
  {
    name: 'a batch array',
    body: [{ query: '{ __typename }' }, { query: '{ __typename }' }],
    code: 'BAD_REQUEST',
  },
  {
    name: 'introspection',
    body: { query: '{ __schema { types { name } } }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a typo fishing for suggestions',
    body: { query: '{ trendingTopic(first: 1) { id } }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a variable typo fishing for suggestions',
    body: {
      query:
        'query ($near: GeoPointInput!) { nearbyStores(near: $near) { edges { distanceMeters } } }',
      variables: { near: { lat: 30.25, lngg: 120.16 } },
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a forged identity header without a token',
    headers: { 'x-hutong-user-id': 'demo', 'x-hutong-gateway-credential': 'guess' },
    body: { query: '{ me { id } }' },
    data: { me: null },
  },
  {
    name: 'a wrong content type',
    headers: { 'content-type': 'text/plain' },
    raw: '{ __typename }',
  },
  {
    name: 'a mutation by GET',
    method: 'GET',
    search: `?query=${encodeURIComponent('mutation { __typename }')}`,
    headers: { 'apollo-require-preflight': 'true' },
  },
  {
    name: 'a GET without CSRF protection headers',
    method: 'GET',
    search: `?query=${encodeURIComponent('{ __typename }')}`,
    code: 'BAD_REQUEST',
  },
];

/** Sends one corpus request as a client would. */
export async function send(
  gatewayUrl: string,
  bad: BadRequest,
): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${gatewayUrl}${bad.search ?? ''}`, {
    method: bad.method ?? 'POST',
    // A GET carries no body and, from a browser form or link, no content type either.
    headers:
      bad.method === 'GET'
        ? { ...bad.headers }
        : { 'content-type': 'application/json', ...bad.headers },
    ...(bad.method === 'GET' ? {} : { body: bad.raw ?? JSON.stringify(bad.body) }),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}
