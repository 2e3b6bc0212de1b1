/**
 * Every subgraph checks the schema's @authenticated and @requiresScopes
 * itself, whatever the gateway did: a request whose caller lacks a user or a
 * scope is refused at the field, and a refused mutation never runs.
 */
import { STORE_POSITIONS } from '../../support/seeded-stores';
import { CacheTags } from '../../../subgraphs/kit/cache-hints';
import { loadSubgraphConfig } from '../../../subgraphs/kit/config';
import { ALL_SCOPES, ANONYMOUS, type Caller, type Scope } from '../../../lib/identity';
import type { SubgraphContext, SubgraphDefinition } from '../../../subgraphs/kit/subgraph';
import { maps } from '../../../subgraphs/maps/server';
import { payments } from '../../../subgraphs/payments/server';
import { postToSubgraph } from '../../support/contract';
import { silentLog, startSubgraph, type RunningSubgraph } from '../../support/harness';

const withoutScope = (scope: Scope, userId = 'demo'): Caller => ({
  userId,
  appId: 'mini-program-1',
  scopes: new Set(ALL_SCOPES.filter((held) => held !== scope)),
});

/** Runs an operation on the subgraph as the gateway would for `caller`. */
async function runAs(
  definition: SubgraphDefinition<any>,
  subgraph: RunningSubgraph,
  caller: Caller,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const contextValue: SubgraphContext<unknown> = {
    config: loadSubgraphConfig(definition.name, { NODE_ENV: 'test' }),
    db: subgraph.db,
    loaders: definition.createLoaders(subgraph.db, caller.userId),
    viewerId: caller.userId,
    caller,
    requestId: 'subgraph-authorization-test',
    log: silentLog,
    cacheTags: new CacheTags(),
  };
  const response = await subgraph.service.apollo.executeOperation(
    { query, variables },
    { contextValue },
  );
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  return {
    data,
    errors: errors?.map((error) => ({
      message: error.message,
      path: error.path,
      code: error.extensions?.code,
    })),
  };
}

const ARRIVE = `mutation ($input: StoreArriveInput!) {
  storeArrive(input: $input) { coupon { id } newlyIssued }
}`;

describe('authorization in the subgraphs', () => {
  let wallet: RunningSubgraph;
  let places: RunningSubgraph;
  beforeAll(async () => {
    [wallet, places] = await Promise.all([startSubgraph(payments), startSubgraph(maps)]);
  });
  afterAll(async () => {
    for (const subgraph of [wallet, places]) {
      await subgraph?.service.close();
      await subgraph?.db.close();
    }
  });

  it('refuses an anonymous request at each protected field, answering the public ones', async () => {
    const result = await postToSubgraph(
      wallet,
      '{ me { id } user(id: "u-lin") { nickname } _entities(representations: [{ __typename: "Merchant", id: "m-kfc" }]) { ... on Merchant { name } } }',
    );
    expect(result.data).toEqual({ me: null, user: null, _entities: [{ name: '肯德基' }] });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'Query.me requires a signed-in user',
        path: ['me'],
        extensions: { code: 'UNAUTHENTICATED' },
      }),
      expect.objectContaining({
        message: 'Query.user requires a signed-in user',
        path: ['user'],
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    ]);
  });

  it('refuses a signed-in caller the field whose scope they lack, with FORBIDDEN there', async () => {
    const result = await runAs(
      payments,
      wallet,
      withoutScope('balance'),
      '{ me { id wallet { balance } membership { tier } } }',
    );
    expect(result.data).toEqual({ me: { id: 'demo', wallet: null, membership: { tier: 'GOLD' } } });
    expect(result.errors).toEqual([
      {
        message: 'User.wallet requires the scope balance',
        path: ['me', 'wallet'],
        code: 'FORBIDDEN',
      },
    ]);
  });

  it('refuses an entity of a protected type by reference, one representation at a time', async () => {
    const result = await runAs(
      payments,
      wallet,
      withoutScope('payments'),
      `{ _entities(representations: [
          { __typename: "Payment", id: "pay-1" }
          { __typename: "Merchant", id: "m-kfc" }
        ]) { ... on Payment { amount } ... on Merchant { name } } }`,
    );
    expect(result.data).toEqual({ _entities: [null, { name: '肯德基' }] });
    expect(result.errors).toEqual([
      { message: 'Payment requires the scope payments', path: ['_entities', 0], code: 'FORBIDDEN' },
    ]);
  });

  it('never runs a mutation the caller may not make: nothing is read or written', async () => {
    const input = {
      storeId: 'store-kfc-hubin',
      at: STORE_POSITIONS['store-kfc-hubin'],
      idempotencyKey: 'authz-refused-arrival',
    };
    const before = places.db.roundTrips;
    const refused = await runAs(maps, places, withoutScope('location'), ARRIVE, { input });
    expect(refused).toEqual({
      data: { storeArrive: null },
      errors: [
        {
          message: 'Mutation.storeArrive requires the scope location',
          path: ['storeArrive'],
          code: 'FORBIDDEN',
        },
      ],
    });
    const anonymous = await runAs(maps, places, ANONYMOUS, ARRIVE, { input });
    expect(anonymous.errors?.[0]?.code).toBe('UNAUTHENTICATED');
    expect(places.db.roundTrips).toBe(before);
    const rows = await places.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM arrival_coupons WHERE user_id = 'demo'`,
    );
    expect(rows).toEqual([{ count: 0 }]);

    // The same arrival, by a caller who granted the scope, goes through.
    const allowed = await runAs(maps, places, withoutScope('coupons'), ARRIVE, { input });
    expect(allowed.errors).toBeUndefined();
  });
});
