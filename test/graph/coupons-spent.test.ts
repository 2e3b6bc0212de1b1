/**
 * A claimed coupon spent on an order, through the gateway: its code applied
 * when a food or shop order is placed, priced by the order's owner into the
 * payment request, spent by the payment exactly once however many orders
 * carry it, and given back when that payment is refunded.
 */
import { signCouponCode, type CouponGrant } from '../../subgraphs/kit/coupon-codes';
import {
  bearer,
  HUBIN,
  postGraphQL,
  startGraph,
  testSubgraphConfig,
  type RunningGraph,
} from '../support/harness';
import { expectLedgerBalanced } from '../support/ledger';

const COUPONS = `{ me { coupons { id status spentAt code } } }`;
const PLACE_FOOD = `mutation ($input: FoodOrderPlaceInput!) { foodOrderPlace(input: $input) {
  order { id subtotal deliveryFee couponDiscount total paymentRequest }
  userErrors { code message field } } }`;
const PLACE_SHOP = `mutation ($input: ShopOrderPlaceInput!) { shopOrderPlace(input: $input) {
  order { id couponDiscount total paymentRequest lines { lineTotal } }
  userErrors { code message field } } }`;
const PAY = `mutation ($input: PaymentCreateInput!) { paymentCreate(input: $input) {
  payment { id amount couponDiscount memberTierDiscount discount charged status }
  userErrors { code message } } }`;
const CANCEL_FOOD = `mutation ($input: FoodOrderCancelInput!) { foodOrderCancel(input: $input) {
  order { status } userErrors { code } } }`;

/** demo's KFC coupon: 1,000 fen off from 5,000 fen of KFC items (commerce's seed). */
const KFC_COUPON = 'cp-demo-kfc-10';
/** demo's HEYTEA coupon: 500 fen off from 2,000 fen of HEYTEA goods. */
const HEYTEA_COUPON = 'cp-demo-heytea-5';

describe('coupons spent on orders', () => {
  let graph: RunningGraph;
  let keys = 0;
  const key = () => `coupon-spend-${++keys}`;
  const gql = (query: string, variables: Record<string, unknown> = {}, user = 'demo') =>
    postGraphQL(graph.gatewayUrl, query, variables, bearer(user));

  async function coupon(id: string, user = 'demo') {
    const { body } = await gql(COUPONS, {}, user);
    expect(body.errors).toBeUndefined();
    return body.data.me.coupons.find((c: { id: string }) => c.id === id);
  }

  function placeKfc(
    couponCode: string | null,
    lines = [{ menuItemId: 'mi-kfc-bucket', quantity: 1 }],
  ) {
    return gql(PLACE_FOOD, {
      input: {
        storeId: 'store-kfc-hubin',
        lines,
        deliverTo: HUBIN,
        couponCode,
        idempotencyKey: key(),
      },
    });
  }

  const pay = (paymentRequest: string) =>
    gql(PAY, { input: { paymentRequest, idempotencyKey: key() } });

  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph.close());
  afterEach(() => expectLedgerBalanced(graph.subgraphs.payments.db));

  it('prices a food order with the coupon, spends it with the payment, and frees it on refund', async () => {
    const before = await coupon(KFC_COUPON);
    expect(before).toMatchObject({ status: 'AVAILABLE', spentAt: null });
    expect(typeof before.code).toBe('string');

    const placed = await placeKfc(before.code);
    expect(placed.body.data.foodOrderPlace.userErrors).toEqual([]);
    const order = placed.body.data.foodOrderPlace.order;
    // The Family Bucket (8,900) and the fee (900), less the coupon's 1,000.
    expect(order).toMatchObject({
      subtotal: 8900,
      deliveryFee: 900,
      couponDiscount: 1000,
      total: 8800,
    });
    // Placing spends nothing: only a payment does.
    expect((await coupon(KFC_COUPON)).status).toBe('AVAILABLE');

    const paid = await pay(order.paymentRequest);
    // demo's KFC Gold tier (5 %) and light membership (10 %) come off the coupon's price.
    expect(paid.body.data.paymentCreate).toEqual({
      payment: expect.objectContaining({
        amount: 8800,
        couponDiscount: 1000,
        memberTierDiscount: 440,
        discount: 836,
        charged: 7524,
        status: 'SUCCEEDED',
      }),
      userErrors: [],
    });
    const spent = await coupon(KFC_COUPON);
    expect(spent).toMatchObject({ status: 'USED', code: null });
    expect(spent.spentAt).not.toBeNull();

    // Cancelling the paid order refunds it at the wallet: the coupon is demo's to spend again.
    const cancelled = await gql(CANCEL_FOOD, { input: { orderId: order.id } });
    expect(cancelled.body.data.foodOrderCancel.order.status).toBe('CANCELLED');
    expect(await coupon(KFC_COUPON)).toMatchObject({ status: 'AVAILABLE', spentAt: null });
  });

  it('pays one of two orders carrying the same coupon at once, and refuses the other', async () => {
    const { code } = await coupon(KFC_COUPON);
    const orders = await Promise.all([placeKfc(code), placeKfc(code)]);
    const requests = orders.map((placed) => placed.body.data.foodOrderPlace.order.paymentRequest);
    const balance = async () =>
      (await gql('{ me { wallet { balance } } }')).body.data.me.wallet.balance as number;
    const balanceBefore = await balance();

    const results = await Promise.all(requests.map((request) => pay(request)));
    const outcomes = results.map(
      (result) =>
        result.body.data.paymentCreate.payment?.status ??
        result.body.data.paymentCreate.userErrors[0].code,
    );
    expect(outcomes.sort()).toEqual(['COUPON_ALREADY_USED', 'SUCCEEDED']);
    // Only the paid order left the wallet, once.
    expect(await balance()).toBe(balanceBefore - 7524);
    expect((await coupon(KFC_COUPON)).status).toBe('USED');
  });

  it('applies a HEYTEA coupon to a shop order of the brand and shows it on the order and the payment', async () => {
    const { code } = await coupon(HEYTEA_COUPON);
    const placed = await gql(PLACE_SHOP, {
      input: {
        storeId: 'store-heytea-in77',
        lines: [{ productId: 'prod-heytea-grape-voucher', quantity: 1 }],
        couponCode: code,
        idempotencyKey: key(),
      },
    });
    expect(placed.body.data.shopOrderPlace.userErrors).toEqual([]);
    const order = placed.body.data.shopOrderPlace.order;
    expect(order).toMatchObject({ couponDiscount: 500, total: 2000, lines: [{ lineTotal: 2500 }] });
    const paid = await pay(order.paymentRequest);
    expect(paid.body.data.paymentCreate.payment).toMatchObject({
      amount: 2000,
      couponDiscount: 500,
      status: 'SUCCEEDED',
    });
    expect((await coupon(HEYTEA_COUPON)).status).toBe('USED');
  });

  describe('at placing', () => {
    const ordersOf = async () =>
      (
        await graph.subgraphs.food.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM food_orders WHERE user_id = 'demo'",
        )
      )[0]!.n;
    /** A code commerce would give demo for a KFC coupon it issued. */
    const kfcCode = (
      grant: Partial<CouponGrant> = {},
      secret = testSubgraphConfig('commerce').couponSecret,
    ) =>
      signCouponCode(
        {
          couponId: 'cp-demo-kfc-spare',
          holderId: 'demo',
          merchantId: 'm-kfc',
          discount: 1000,
          minimumSpend: 7050,
          validUntil: new Date(Date.now() + 86_400_000),
          ...grant,
        },
        secret,
      );
    // Three Zinger Burgers: 7,050 of items.
    const threeZingers = [{ menuItemId: 'mi-kfc-zinger', quantity: 3 }];

    it('applies a coupon whose minimum spend the items just reach', async () => {
      const placed = await placeKfc(kfcCode(), threeZingers);
      expect(placed.body.data.foodOrderPlace.order).toMatchObject({
        subtotal: 7050,
        couponDiscount: 1000,
        total: 7050 + 900 - 1000,
      });
    });

    it.each([
      [
        'one fen short of its minimum spend',
        () => kfcCode({ minimumSpend: 7051 }),
        'COUPON_MINIMUM_SPEND',
      ],
      [
        'of another merchant (HEYTEA at KFC)',
        () => kfcCode({ merchantId: 'm-heytea' }),
        'COUPON_WRONG_MERCHANT',
      ],
      [
        'spent in a mini-program, not on orders',
        () => kfcCode({ merchantId: null }),
        'COUPON_WRONG_MERCHANT',
      ],
      ["of another user's", () => kfcCode({ holderId: 'u-lin' }), 'COUPON_NOT_YOURS'],
      [
        'past its date',
        () => kfcCode({ validUntil: new Date(Date.now() - 1000) }),
        'COUPON_EXPIRED',
      ],
      [
        'signed with another secret',
        () => kfcCode({}, 'a-secret-commerce-does-not-hold-0123456789'),
        'COUPON_INVALID',
      ],
    ])('refuses a coupon %s, and places nothing', async (_, code, refusal) => {
      const before = await ordersOf();
      const placed = await placeKfc(code(), threeZingers);
      expect(placed.body.data.foodOrderPlace).toEqual({
        order: null,
        userErrors: [expect.objectContaining({ code: refusal, field: ['input', 'couponCode'] })],
      });
      expect(await ordersOf()).toBe(before);
    });
  });
});
