/**
 * Orders are paid through the wallet at the amount their owner priced: a food
 * order and a shop order, each placed, paid with the payment request its
 * owner signed, and shown paid on the order; a cancelled food order refunded.
 */
import { bearer, HUBIN, postGraphQL, startGraph, type RunningGraph } from '../support/harness';
import { expectLedgerBalanced } from '../support/ledger';

const PAY = `mutation ($input: PaymentCreateInput!) {
  paymentCreate(input: $input) {
    payment { id orderRef amount memberTierDiscount discount charged status } userErrors { code } }
}`;

describe('paying for orders through the gateway', () => {
  let graph: RunningGraph;
  const gql = (query: string, variables: Record<string, unknown> = {}, user = 'demo') =>
    postGraphQL(graph.gatewayUrl, query, variables, bearer(user));

  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph.close());
  afterEach(() => expectLedgerBalanced(graph.subgraphs.payments.db));

  it('pays a food order at the total the food app priced, member discount included, and shows it paid', async () => {
    const placed = await gql(
      `mutation ($input: FoodOrderPlaceInput!) { foodOrderPlace(input: $input) {
        order { id total paymentRequest payment { id } } userErrors { code } } }`,
      {
        input: {
          // KFC Hubin delivers around the clock; demo's GOLD tier is KFC Gold (5% off), and
          // demo holds KFC's light membership (10% off what is left).
          storeId: 'store-kfc-hubin',
          lines: [{ menuItemId: 'mi-kfc-bucket', quantity: 1 }],
          deliverTo: HUBIN,
          idempotencyKey: 'food-order-pay-01',
        },
      },
    );
    const order = placed.body.data.foodOrderPlace.order;
    expect(order.payment).toBeNull();
    expect(order.total).toBe(8900 + 900);

    const paid = await gql(PAY, {
      input: { paymentRequest: order.paymentRequest, idempotencyKey: 'food-order-pay-02' },
    });
    expect(paid.body.data.paymentCreate.payment).toMatchObject({
      orderRef: `food:${order.id}`,
      amount: 9800,
      memberTierDiscount: 490,
      discount: 931,
      charged: 8379,
      status: 'SUCCEEDED',
    });

    const seen = await gql(
      `query ($id: ID!) { foodOrder(id: $id) { payment { status charged } } }`,
      { id: order.id },
    );
    expect(seen.body.data.foodOrder.payment).toEqual({ status: 'SUCCEEDED', charged: 8379 });
    const byOthers = await gql(
      `query ($id: ID!) { foodOrder(id: $id) { id } }`,
      { id: order.id },
      'u-lin',
    );
    expect(byOthers.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const cancelled = await gql(
      `mutation ($input: FoodOrderCancelInput!) { foodOrderCancel(input: $input) { order { status refundRequest paymentRequest } userErrors { code } } }`,
      { input: { orderId: order.id } },
    );
    const { refundRequest, paymentRequest, status } = cancelled.body.data.foodOrderCancel.order;
    expect({ status, paymentRequest }).toEqual({ status: 'CANCELLED', paymentRequest: null });
    // The cancel refunded it at the wallet; the refund request refunds nothing twice.
    const after = await gql(`query ($id: ID!) { foodOrder(id: $id) { payment { status } } }`, {
      id: order.id,
    });
    expect(after.body.data.foodOrder.payment).toEqual({ status: 'REFUNDED' });
    const refunded = await gql(
      `mutation ($input: PaymentRefundInput!) { paymentRefund(input: $input) { payment { status } userErrors { code } } }`,
      { input: { refundRequest, idempotencyKey: 'food-order-refund-1' } },
    );
    expect(refunded.body.data.paymentRefund).toEqual({
      payment: null,
      userErrors: [{ code: 'ALREADY_REFUNDED' }],
    });
  });

  it.each([
    // [user, wallet tier: KFC's offer for it]
    ['u-zhao', 'GOLD: 5%'],
    ['u-lin', 'PLATINUM: 8%'],
    ['u-wang', 'DIAMOND: 10%'],
  ])('charges %s the member-tier offer the store shows (%s)', async (user, _tier) => {
    const shown = await gql(
      `{ store(id: "store-kfc-hubin") { memberOffer { discountPercent isMember } } }`,
      {},
      user,
    );
    expect(shown.body.errors).toBeUndefined();
    const offer = shown.body.data.store.memberOffer as {
      discountPercent: number;
      isMember: boolean;
    } | null;
    const placed = await gql(
      `mutation ($input: FoodOrderPlaceInput!) { foodOrderPlace(input: $input) {
        order { total paymentRequest } userErrors { code } } }`,
      {
        input: {
          storeId: 'store-kfc-hubin',
          lines: [{ menuItemId: 'mi-kfc-bucket', quantity: 1 }],
          deliverTo: HUBIN,
          idempotencyKey: `tier-offer-place-${user}`,
        },
      },
      user,
    );
    const { total, paymentRequest } = placed.body.data.foodOrderPlace.order;
    const paid = await gql(
      PAY,
      { input: { paymentRequest, idempotencyKey: `tier-offer-pay-${user}` } },
      user,
    );
    const tierDiscount = offer ? Math.floor((total * offer.discountPercent) / 100) : 0;
    // None of them holds KFC's light membership: the tier offer is all that comes off.
    expect(offer?.isMember ?? false).toBe(false);
    expect(paid.body.data.paymentCreate.payment).toMatchObject({
      amount: total,
      memberTierDiscount: tierDiscount,
      discount: 0,
      charged: total - tierDiscount,
    });
    expect(tierDiscount).toBeGreaterThan(0);
  });

  it('pays a shop order to the brand, and only once', async () => {
    const placed = await gql(
      `mutation ($input: ShopOrderPlaceInput!) { shopOrderPlace(input: $input) {
        order { id total paymentRequest } userErrors { code } } }`,
      {
        input: {
          storeId: 'store-uniqlo-hubin',
          lines: [{ productId: 'prod-uniqlo-ut', quantity: 2 }],
          idempotencyKey: 'shop-order-pay-01',
        },
      },
      'u-wang',
    );
    const order = placed.body.data.shopOrderPlace.order;
    expect(order.total).toBe(15800);
    const input = { paymentRequest: order.paymentRequest, idempotencyKey: 'shop-order-pay-02' };
    const paid = await gql(PAY, { input }, 'u-wang');
    expect(paid.body.data.paymentCreate.payment).toMatchObject({
      // Uniqlo maps no wallet tier: no offer is shown, and none is taken off.
      amount: 15800,
      memberTierDiscount: 0,
      charged: 15800,
      status: 'SUCCEEDED',
    });
    const twice = await gql(
      PAY,
      { input: { ...input, idempotencyKey: 'shop-order-pay-03' } },
      'u-wang',
    );
    expect(twice.body.data.paymentCreate.userErrors).toEqual([{ code: 'ALREADY_PAID' }]);

    const seen = await gql(
      '{ me { shopOrders(first: 1) { edges { node { id payment { status } } } } } }',
      {},
      'u-wang',
    );
    expect(seen.body.data.me.shopOrders.edges[0].node).toEqual({
      id: order.id,
      payment: { status: 'SUCCEEDED' },
    });
  });

  it('knows the merchant of every store on the map', async () => {
    const merchantsOfStores = await graph.subgraphs.maps.db.query<{ merchant_id: string }>(
      'SELECT DISTINCT merchant_id FROM stores ORDER BY merchant_id',
    );
    const walletMerchants = new Set(
      (await graph.subgraphs.payments.db.query<{ id: string }>('SELECT id FROM merchants')).map(
        (m) => m.id,
      ),
    );
    expect(merchantsOfStores.length).toBeGreaterThan(40);
    expect(
      merchantsOfStores.map((s) => s.merchant_id).filter((id) => !walletMerchants.has(id)),
    ).toEqual([]);
    const { body } = await gql(
      `{ nearbyStores(near: { lat: 30.30, lng: 120.10 }, radiusMeters: 50000, first: 100) {
          edges { node { merchant { id name nameEn } } } } }`,
    );
    expect(body.errors).toBeUndefined();
  });
});
