/**
 * Requests a hostile or broken client sends. Each must be answered with a 4xx
 * status or a GraphQL error in JSON, reach no subgraph, and leave the gateway
 * healthy. Shared by the corpus test and the corpus benchmark.
 */
import { loadManifest } from '../../gateway/manifest';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';

export interface BadRequest {
  name: string;
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  /** A JSON value to send, or raw text. */
  body?: unknown;
  raw?: string;
  /** GET query string. */
  search?: string;
  /** Another path than the GraphQL endpoint's. */
  path?: string;
  /** The error code the answer carries, when it is a GraphQL error. */
  code?: string;
  /** For requests that are answered, not refused: the data they must get. */
  data?: unknown;
}

const nested = (depth: number): string =>
  depth === 0
    ? 'id'
    : `feed(first: 1) { edges { node { ... on Post { author { ${nested(depth - 1)} } } } } }`;

/** Costs 9,210 alone: 100 stores, each with its featured products, mentions and menu. */
const LIST_HEAVY = `nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: 100) { edges { node {
  products(first: 20) { id name } mentions(first: 20) { id author { id } } menu { id name price } } } }`;
const copies = (count: number, selection: string) =>
  Array.from({ length: count }, (_, i) => `c${i}: ${selection}`).join(' ');

/** `count` aliases of __typename, each one more value in every object it is selected on. */
const typenames = (count: number) =>
  Array.from({ length: count }, (_, i) => `t${i}: __typename`).join(' ');

/** A manifest operation's id, to send beside other parameters. */
const HOME_ID = [...loadManifest(PERSISTED_OPERATIONS_FILE).values()].find(
  (operation) => operation.name === 'MiniProgramHome',
)!.id;

/** JSON nested `depth` levels deep, written out as text (JSON.stringify would overflow first). */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepList = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Every root field that takes an id, each of which once sent a NUL byte to PostgreSQL. */
const ID_FIELDS = [
  'store',
  'businessArea',
  'topic',
  'lifeAccount',
  'product',
  'couponCampaign',
  'user',
  'payment',
  'foodOrder',
];

export const BAD_REQUESTS: BadRequest[] = [
  {
    name: 'deep nesting (40 levels)',
    body: { query: `{ me { ${nested(10)} } }` },
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
    name: '650 aliases of __typename on each of 100 stores',
    body: {
      query: `{ nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: 100) {
        edges { node { ${typenames(650)} } } } }`,
    },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: '30 aliases of __typename on each of 2,000 products, over the answer-size limit',
    body: {
      query: `{ nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: 100) {
        edges { node { products(first: 20) { ${typenames(30)} } } } } }`,
    },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: '200 spreads of a fragment, each with a directive of its own',
    body: {
      query: `{ trendingTopics(first: 1) { ${'...Title @include(if: true) '.repeat(200)} } }
        fragment Title on Topic { title }`,
    },
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
    name: 'a negative page beside a query over the cost limit',
    body: { query: `{ ${LIST_HEAVY} trendingTopics(first: -100000) { id } }` },
    code: 'BAD_USER_INPUT',
  },
  {
    name: '8 copies of a costly query, each beside a negative page',
    body: {
      query: `{ ${copies(8, LIST_HEAVY)} t: trendingTopics(first: -100000) { id } }`,
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: '8 copies of a costly query',
    body: { query: `{ ${copies(8, LIST_HEAVY)} }` },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a page of zero',
    body: { query: '{ trendingTopics(first: 0) { id } }' },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a negative page from a variable',
    body: {
      query: 'query ($n: Int) { trendingTopics(first: $n) { id relatedStores { menu { id } } } }',
      variables: { n: -3 },
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a negative page on a nested list',
    body: {
      query: '{ trendingTopics(first: 5) { relatedStores { mentions(first: -20) { id } } } }',
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a page size beyond a 32-bit Int',
    body: { query: '{ trendingTopics(first: 99999999999) { id } }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a page size beyond a 32-bit Int, from a variable',
    body: {
      query: 'query ($n: Int) { trendingTopics(first: $n) { id } }',
      variables: { n: 2 ** 31 },
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a float literal of 1e400 in an argument',
    body: {
      query: '{ nearbyStores(near: { lat: 1e400, lng: 120.16 }) { edges { distanceMeters } } }',
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a float literal of 1e400 in a nested input',
    body: {
      query: `mutation { foodOrderPlace(input: { storeId: "store-kfc-hubin", idempotencyKey: "float-1e400",
        lines: [{ menuItemId: "mi-kfc-bucket", quantity: 1 }], deliverTo: { lat: 30.25, lng: -1e400 } }) {
        order { id } } }`,
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a float literal of 1e400 on a field of a list item',
    body: {
      query: `{ store(id: "store-kfc-hubin") { travel(from: { lat: 30.25, lng: 120.16 }) { distanceMeters }
        delivery(to: { lat: 1e400, lng: 120.16 }) { fee } } }`,
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'an integer literal of 400 digits where a Float goes',
    body: {
      query: `{ nearbyStores(near: { lat: ${'9'.repeat(400)}, lng: 120.16 }) { edges { distanceMeters } } }`,
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a float of 1e400 in a nested variable',
    raw: `{"query":"query ($near: GeoPointInput!) { nearbyStores(near: $near) { edges { distanceMeters } } }","variables":{"near":{"lat":30.25,"lng":1e400}}}`,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'NaN as a Float literal',
    body: {
      query: '{ nearbyStores(near: { lat: NaN, lng: 120.16 }) { edges { distanceMeters } } }',
    },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'NaN as a Float variable',
    body: {
      query:
        'query ($near: GeoPointInput!) { nearbyStores(near: $near) { edges { distanceMeters } } }',
      variables: { near: { lat: 'NaN', lng: 120.16 } },
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'an unused variable nested 100,000 deep',
    raw: `{"query":"{ __typename }","variables":{"x":${deepList(100_000)}}}`,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a used variable nested 100,000 deep',
    raw: `{"query":"query ($near: GeoPointInput!) { nearbyStores(near: $near) { edges { distanceMeters } } }","variables":{"near":${deepJson(100_000)}}}`,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'extensions nested 100,000 deep',
    raw: `{"query":"{ __typename }","extensions":{"x":${deepJson(100_000)}}}`,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a GET with variables nested 1,000 deep',
    method: 'GET',
    search: `?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(`{"x":${deepList(1_000)}}`)}`,
    headers: { 'apollo-require-preflight': 'true' },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a GET beyond the size of a request line',
    method: 'GET',
    search: `?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(`{"x":${deepList(10_000)}}`)}`,
    headers: { 'apollo-require-preflight': 'true' },
    code: 'BAD_REQUEST',
  },
  ...ID_FIELDS.map((field): BadRequest => ({
    name: `a NUL byte in the id of ${field}`,
    body: { query: `{ ${field}(id: "fo-\\u0000") { id } }` },
    code: 'BAD_USER_INPUT',
  })),
  {
    name: 'a NUL byte in an id variable',
    body: {
      query: 'query ($id: ID!) { store(id: $id) { id } }',
      variables: { id: 'store-\u0000' },
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a NUL byte in a string of a nested input variable',
    body: {
      query:
        'mutation ($input: FoodOrderPlaceInput!) { foodOrderPlace(input: $input) { order { id } } }',
      variables: {
        input: {
          storeId: 'store-kfc-hubin',
          lines: [{ menuItemId: 'mi-kfc-\u0000', quantity: 1 }],
          deliverTo: { lat: 30.25, lng: 120.16 },
          idempotencyKey: 'nul-in-a-line',
        },
      },
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a NUL byte in a text argument',
    body: {
      query: `mutation { lifeAccountPush(input: { lifeAccountId: "la-heytea-hubin", title: "Hi\\u0000", body: "x" }) {
        push { id } } }`,
    },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a lone surrogate in a string variable',
    raw: '{"query":"query ($id: ID!) { topic(id: $id) { id } }","variables":{"id":"t-\\ud800"}}',
    code: 'BAD_USER_INPUT',
  },
  {
    // graphql-js refuses the escape itself.
    name: 'a lone surrogate in a string literal',
    raw: '{"query":"{ topic(id: \\"t-\\\\ud800\\") { id } }"}',
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'an oversized body (2 MB)',
    raw: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2 * 1024 * 1024) }),
  },
  { name: 'malformed JSON', raw: '{"query": "{ __typename }"', code: 'BAD_REQUEST' },
  ...(
    [
      ['an unknown name', 'query A { __typename }', 'B'],
      ['an empty name', '{ __typename }', ''],
      ['a NUL byte', 'query A { __typename }', '\u0000'],
      ['a lone surrogate', 'query A { __typename }', '\ud800'],
      ['no name for two operations', 'query A { __typename } query B { __typename }', undefined],
      ['a mutation it does not hold', 'mutation A { __typename }', 'B'],
    ] as const
  ).map(([what, query, operationName]): BadRequest => ({
    name: `an operation name that names no operation: ${what}`,
    body: { query, operationName },
    code: 'OPERATION_RESOLUTION_FAILURE',
  })),
  {
    name: 'two anonymous operations',
    body: { query: '{ __typename } { __typename }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'an APQ hash that does not match its query',
    body: {
      query: '{ __typename }',
      extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
    },
    code: 'BAD_REQUEST',
  },
  {
    name: 'an APQ hash that is not text, with a query',
    body: {
      query: '{ __typename }',
      extensions: { persistedQuery: { version: 1, sha256Hash: { a: 1 } } },
    },
    code: 'BAD_REQUEST',
  },
  {
    name: 'a persisted-query version other than 1',
    body: { extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } },
    code: 'BAD_REQUEST',
  },
  {
    name: 'a persisted query that is not an object',
    body: { extensions: { persistedQuery: 'abc' } },
    code: 'BAD_REQUEST',
  },
  {
    name: 'a documentId with extensions that are not JSON',
    body: { documentId: HOME_ID, variables: { lat: 30.25, lng: 120.16 }, extensions: '{' },
    code: 'BAD_REQUEST',
  },
  {
    name: 'a GET of a documentId with extensions that are not JSON',
    method: 'GET',
    search: `?documentId=${HOME_ID}&variables=${encodeURIComponent('{"lat":30.25,"lng":120.16}')}&extensions=%7B`,
    headers: { 'apollo-require-preflight': 'true' },
    code: 'BAD_REQUEST',
  },
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
    name: 'a GET with its query twice',
    method: 'GET',
    search: `?query=${encodeURIComponent('{ __typename }')}&query=${encodeURIComponent('{ __typename }')}`,
    headers: { 'apollo-require-preflight': 'true' },
    code: 'BAD_REQUEST',
  },
  { name: 'an unknown path', path: '/graphql/../nope', body: { query: '{ __typename }' } },
  { name: 'an unknown method', method: 'PUT', body: { query: '{ __typename }' } },
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
): Promise<{ status: number; type: string; text: string; requestId: string | null }> {
  const url = bad.path ? new URL(bad.path, gatewayUrl).toString() : gatewayUrl;
  const response = await fetch(`${url}${bad.search ?? ''}`, {
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
    requestId: response.headers.get('x-request-id'),
  };
}
