/**
 * A merchant's account in the wallet is readable by its owner, through the
 * gateway, and by nobody else: what its customers paid arrives there, entry by
 * entry, as the ledger records it.
 */
import { bearer, HUBIN, postGraphQL, startGraph, type RunningGraph } from '../support/harness';
import { expectLedgerBalanced } from '../support/ledger';

const KFC_ACCOUNT = `{ store(id: "store-kfc-hubin") { merchant { id account {
  balance entries(first: 1) { edges { node { amount kind reference } } } } } } }`;

describe("a merchant's account", () => {
  let graph: RunningGraph;
  const gql = (query: string, variables: Record<string, unknown>, user: string) =>
    postGraphQL(graph.gatewayUrl, query, variables, bearer(user));

  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph.close());
  afterEach(() => expectLedgerBalanced(graph.subgraphs.payments.db));

  it("shows its owner what a customer's payment brought in", async () => {
    const before = (await gql(KFC_ACCOUNT, {}, 'owner-kfc')).body.data.store.merchant.account;
    expect(before).toMatchObject({ balance: expect.any(Number) });

    const placed = await gql(
      `mutation ($input: FoodOrderPlaceInput!) { foodOrderPlace(input: $input) {
        order { id paymentRequest } userErrors { code } } }`,
      {
        input: {
          storeId: 'store-kfc-hubin',
          lines: [{ menuItemId: 'mi-kfc-bucket', quantity: 1 }],
          deliverTo: HUBIN,
          idempotencyKey: 'merchant-account-order',
        },
      },
      'u-wang',
    );
    const order = placed.body.data.foodOrderPlace.order;
    const paid = await gql(
      `mutation ($input: PaymentCreateInput!) { paymentCreate(input: $input) {
        payment { charged } userErrors { code } } }`,
      { input: { paymentRequest: order.paymentRequest, idempotencyKey: 'merchant-account-pay' } },
      'u-wang',
    );
    const { charged } = paid.body.data.paymentCreate.payment;

    const after = (await gql(KFC_ACCOUNT, {}, 'owner-kfc')).body.data.store.merchant.account;
    expect(after.balance).toBe(before.balance + charged);
    expect(after.entries.edges[0].node).toEqual({
      amount: charged,
      kind: 'PAYMENT',
      reference: `food:${order.id}`,
    });
  });

  it.each([
    ['a customer', 'u-wang'],
    ["another merchant's owner", 'owner-atour'],
  ])('shows %s nothing of it', async (_, user) => {
    const { body } = await gql(KFC_ACCOUNT, {}, user);
    expect(body.data.store.merchant).toEqual({ id: 'm-kfc', account: null });
  });

  it('needs the merchant scope, even for its owner', async () => {
    const { body } = await postGraphQL(
      graph.gatewayUrl,
      KFC_ACCOUNT,
      {},
      bearer('owner-kfc', { scopes: ['profile'] }),
    );
    expect(body.data?.store?.merchant?.account ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
