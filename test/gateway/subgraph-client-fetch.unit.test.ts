/** The fetch value every layer passes on: its kind from the planner's document, and its body made once. */
import { parse } from 'graphql';
import { fetchKindOf } from '../../gateway/subgraph-client/fetch';
import { ENTITIES_QUERY, storeRef, subgraphFetch } from '../support/subgraph-fetch';

describe('a subgraph fetch', () => {
  it.each([
    ['{ nearbyStores { id } }', 'query'],
    ['query Home { me { id } }', 'query'],
    ['mutation Pay($id: ID!) { orderPay(id: $id) { ok } }', 'mutation'],
    [ENTITIES_QUERY, 'entities'],
    // A field merely named like it, further down, is no entity fetch.
    ['{ store { _entities } }', 'query'],
  ])('%s is a %s fetch', (query, kind) => {
    expect(fetchKindOf(parse(query))).toBe(kind);
  });

  it('serializes its request once, and again only when the request changes', () => {
    const fetch = subgraphFetch({
      request: { query: ENTITIES_QUERY, variables: { representations: [storeRef('a')] } },
    });
    const body = fetch.body;
    expect(JSON.parse(body).variables.representations).toEqual([storeRef('a')]);
    expect(fetch.with({ signal: new AbortController().signal }).body).toBe(body);
    const fewer = fetch.with({
      request: { query: ENTITIES_QUERY, variables: { representations: [] } },
    });
    expect(JSON.parse(fewer.body).variables.representations).toEqual([]);
  });
});
