/**
 * The wallet's money rules, on every storage the platform runs on: payments
 * priced by the order's owner, idempotent under concurrency and lost
 * responses, refunds, and light-membership benefits. The ledger must balance
 * after every test.
 */
import net from 'node:net';
import { DEVELOPMENT_PAYMENT_REQUEST_SECRETS } from '../../../subgraphs/kit/config';

import {
  signChargeRequest,
  signRefundRequest,
  type ChargeRequest,
} from '../../../subgraphs/kit/payment-requests';
import { payments } from '../../../subgraphs/payments/server';
import { ORDER_CLOSURES_PATH } from '../../../subgraphs/kit/wallet-closure';
import { expectLedgerBalanced } from '../../support/ledger';
import {
  gatewayCredential,
  postGraphQL,
  startSubgraph,
  storageModes,
  TEST_VIEWER_HEADER as VIEWER_HEADER,
  type RunningSubgraph,
} from '../../support/harness';

const PAY = `mutation ($input: PaymentCreateInput!) {
  paymentCreate(input: $input) {
    payment { id orderRef amount memberTierDiscount discount charged status }
    userErrors { code message field }
  }
}`;

const REFUND = `mutation ($input: PaymentRefundInput!) {
  paymentRefund(input: $input) {
    payment { id status refundedAt }
    userErrors { code message }
  }
}`;

let orderCounter = 0;
function foodOrder(overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  return {
    orderRef: `food:fo-test-${process.pid}-${++orderCounter}`,
    payerId: 'demo',
    merchantId: 'm-kfc',
    amount: 6000,
    description: 'KFC Hubin: Family Bucket',
    ...overrides,
  };
}

const signFood = (request: ChargeRequest) =>
  signChargeRequest('food', request, DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food);

describe.each(storageModes())('payments on %s', (storage) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(payments, storage);
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });
  afterEach(() => expectLedgerBalanced(subgraph.db));

  const call = (query: string, variables: Record<string, unknown>, viewer = 'demo') =>
    postGraphQL(subgraph.url, query, variables, { [VIEWER_HEADER]: viewer });
  const balanceOf = async (userId: string) =>
    (
      await subgraph.db.query<{ balance: number }>('SELECT balance FROM accounts WHERE id = $1', [
        `wallet:${userId}`,
      ])
    )[0]!.balance;
  const benefitsOf = async (membershipId: string) =>
    (
      await subgraph.db.query<{ b: number }>(
        'SELECT benefits_enjoyed AS b FROM light_memberships WHERE id = $1',
        [membershipId],
      )
    )[0]!.b;
  const entriesFor = async (orderRef: string) =>
    (await subgraph.db.query('SELECT 1 FROM journal_transactions WHERE reference = $1', [orderRef]))
      .length;

  it('pays an order at the amount its owner signed, with the member discount recorded as a benefit', async () => {
    const balance = await balanceOf('demo');
    const benefits = await benefitsOf('lm-demo-kfc');
    const order = foodOrder();
    const { body } = await call(PAY, {
      input: { paymentRequest: signFood(order), idempotencyKey: 'pay-discount-1' },
    });
    expect(body.data.paymentCreate.userErrors).toEqual([]);
    // demo's GOLD wallet tier maps to KFC Gold (5% off 6000 fen), then KFC's
    // light membership takes 10% off the 5700 left; only the latter is a benefit.
    expect(body.data.paymentCreate.payment).toMatchObject({
      orderRef: order.orderRef,
      amount: 6000,
      memberTierDiscount: 300,
      discount: 570,
      charged: 5130,
      status: 'SUCCEEDED',
    });
    expect(await balanceOf('demo')).toBe(balance - 5130);
    expect(await benefitsOf('lm-demo-kfc')).toBe(benefits + 570);
  });

  it('refuses a payment request whose amount a client changed, and writes nothing', async () => {
    const token = signFood(foodOrder({ amount: 9900 }));
    const [header, claims, signature] = token.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(claims, 'base64url').toString());
    forged.amount = 1;
    const forgedToken = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const balance = await balanceOf('demo');
    const { body } = await call(PAY, {
      input: { paymentRequest: forgedToken, idempotencyKey: 'pay-forged-01' },
    });
    expect(body.data.paymentCreate).toEqual({
      payment: null,
      userErrors: [
        { code: 'INVALID_PAYMENT_REQUEST', message: expect.any(String), field: ['paymentRequest'] },
      ],
    });
    expect(await balanceOf('demo')).toBe(balance);
  });

  it("refuses a request signed with another owner's key or for a zero amount", async () => {
    const wrongKey = signChargeRequest(
      'food',
      foodOrder(),
      DEVELOPMENT_PAYMENT_REQUEST_SECRETS.commerce,
    );
    const zero = signFood(foodOrder({ amount: 0 }));
    for (const [i, paymentRequest] of [wrongKey, zero].entries()) {
      const { body } = await call(PAY, {
        input: { paymentRequest, idempotencyKey: `pay-invalid-0${i}` },
      });
      expect(body.data.paymentCreate.userErrors[0].code).toBe('INVALID_PAYMENT_REQUEST');
    }
  });

  it('refuses to pay an order issued to someone else', async () => {
    const { body } = await call(PAY, {
      input: {
        paymentRequest: signFood(foodOrder({ payerId: 'u-lin' })),
        idempotencyKey: 'pay-mismatch-1',
      },
    });
    expect(body.data.paymentCreate.userErrors[0].code).toBe('PAYER_MISMATCH');
  });

  it('refuses what the wallet cannot cover, leaving no payment and no key behind', async () => {
    const order = foodOrder({ payerId: 'u-chen', merchantId: 'm-louwailou', amount: 3001 });
    const input = { paymentRequest: signFood(order), idempotencyKey: 'pay-too-much-1' };
    const { body } = await call(PAY, { input }, 'u-chen');
    expect(body.data.paymentCreate.userErrors[0].code).toBe('INSUFFICIENT_BALANCE');
    expect(
      await subgraph.db.query('SELECT 1 FROM payments WHERE order_ref = $1', [order.orderRef]),
    ).toEqual([]);
    expect(await entriesFor(order.orderRef)).toBe(0);
    expect(await balanceOf('u-chen')).toBe(3000);
  });

  it('answers twenty concurrent identical payments with one key once, and all twenty alike', async () => {
    const order = foodOrder({ payerId: 'u-wang', merchantId: 'm-louwailou', amount: 12800 });
    const input = { paymentRequest: signFood(order), idempotencyKey: 'pay-concurrent-1' };
    const balance = await balanceOf('u-wang');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => call(PAY, { input }, 'u-wang')),
    );
    expect(new Set(responses.map((r) => r.raw)).size).toBe(1);
    expect(responses[0]!.body.data.paymentCreate.payment.charged).toBe(12800);
    expect(await entriesFor(order.orderRef)).toBe(1);
    expect(await balanceOf('u-wang')).toBe(balance - 12800);
  });

  it('pays an order once even under different keys at once', async () => {
    const order = foodOrder({ payerId: 'u-wang', merchantId: 'm-waipojia', amount: 3600 });
    const paymentRequest = signFood(order);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(PAY, { input: { paymentRequest, idempotencyKey: `pay-race-key-${i}` } }, 'u-wang'),
      ),
    );
    const outcomes = responses
      .map((r) => r.body.data.paymentCreate.userErrors[0]?.code ?? 'PAID')
      .sort();
    expect(outcomes).toEqual([
      'ALREADY_PAID',
      'ALREADY_PAID',
      'ALREADY_PAID',
      'ALREADY_PAID',
      'ALREADY_PAID',
      'ALREADY_PAID',
      'ALREADY_PAID',
      'PAID',
    ]);
    expect(await entriesFor(order.orderRef)).toBe(1);
  });

  it('spends a coupon with one of eight orders paid at once, and gives it back on a refund', async () => {
    const coupon = {
      couponId: `cp-race-${process.pid}-${++orderCounter}`,
      discount: 500,
      validUntil: new Date(Date.now() + 86_400_000),
    };
    const orders = Array.from({ length: 8 }, () =>
      foodOrder({ payerId: 'u-wang', merchantId: 'm-waipojia', amount: 3100, coupon }),
    );
    const payAsWang = (order: ChargeRequest, idempotencyKey: string) =>
      call(PAY, { input: { paymentRequest: signFood(order), idempotencyKey } }, 'u-wang');
    const before = await balanceOf('u-wang');
    const responses = await Promise.all(
      orders.map((order, i) => payAsWang(order, `coupon-race-${coupon.couponId}-${i}`)),
    );
    const outcomes = responses.map((r) => r.body.data.paymentCreate.userErrors[0]?.code ?? 'PAID');
    expect(outcomes.filter((o) => o === 'PAID')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'COUPON_ALREADY_USED')).toHaveLength(7);
    const paid = orders[outcomes.indexOf('PAID')]!;
    // u-wang's DIAMOND tier has no offer at Waipojia: the coupon's price is charged whole.
    expect(await balanceOf('u-wang')).toBe(before - 3100);

    // Refunded, the coupon pays another order; spent again, a third is refused.
    const refunded = await call(
      REFUND,
      {
        input: {
          refundRequest: signRefundRequest(
            'food',
            { orderRef: paid.orderRef },
            DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food,
          ),
          idempotencyKey: `coupon-refund-${coupon.couponId}`,
        },
      },
      'u-wang',
    );
    expect(refunded.body.data.paymentRefund.userErrors).toEqual([]);
    const [secondOrder, thirdOrder] = orders.filter((order) => order !== paid);
    const second = await payAsWang(secondOrder!, `coupon-again-${coupon.couponId}-1`);
    expect(second.body.data.paymentCreate.payment).toMatchObject({ status: 'SUCCEEDED' });
    const third = await payAsWang(thirdOrder!, `coupon-again-${coupon.couponId}-2`);
    expect(third.body.data.paymentCreate.userErrors[0]?.code).toBe('COUPON_ALREADY_USED');
  });

  it('refuses a payment whose coupon ran out after the order was placed', async () => {
    const order = foodOrder({
      coupon: {
        couponId: `cp-late-${process.pid}`,
        discount: 500,
        validUntil: new Date(Date.now() - 1000),
      },
    });
    const before = await balanceOf('demo');
    const { body } = await call(PAY, {
      input: { paymentRequest: signFood(order), idempotencyKey: `coupon-late-${process.pid}` },
    });
    expect(body.data.paymentCreate.userErrors[0]?.code).toBe('COUPON_EXPIRED');
    expect(await balanceOf('demo')).toBe(before);
    expect(await entriesFor(order.orderRef)).toBe(0);
  });

  it('tops a wallet up to the daily limit and no further, however many top-ups race', async () => {
    const TOP_UP = `mutation ($input: WalletTopUpInput!) {
      walletTopUp(input: $input) { topUp { id } userErrors { code } } }`;
    const before = await balanceOf('u-lin');
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(
          TOP_UP,
          {
            input: {
              fundingSourceId: 'fs-lin-cmb',
              amount: 500_000,
              idempotencyKey: `top-up-race-${storage}-${i}`,
            },
          },
          'u-lin',
        ),
      ),
    );
    const outcomes = responses.map(
      (r) => r.body.data.walletTopUp.userErrors[0]?.code ?? 'TOPPED_UP',
    );
    expect(outcomes.sort()).toEqual([
      'DAILY_TOP_UP_LIMIT',
      'DAILY_TOP_UP_LIMIT',
      'TOPPED_UP',
      'TOPPED_UP',
      'TOPPED_UP',
      'TOPPED_UP',
    ]);
    expect(await balanceOf('u-lin')).toBe(before + 2_000_000);
  });

  it('refuses the same key with a different input', async () => {
    await call(PAY, {
      input: {
        paymentRequest: signFood(foodOrder({ amount: 100 })),
        idempotencyKey: 'pay-reused-001',
      },
    });
    const { body } = await call(PAY, {
      input: {
        paymentRequest: signFood(foodOrder({ amount: 200 })),
        idempotencyKey: 'pay-reused-001',
      },
    });
    expect(body.errors?.[0]?.extensions?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('replays the committed result when the first response was lost with the connection', async () => {
    const order = foodOrder({ payerId: 'u-zhao', merchantId: 'm-louwailou', amount: 4200 });
    const body = JSON.stringify({
      query: PAY,
      variables: { input: { paymentRequest: signFood(order), idempotencyKey: 'pay-dropped-01' } },
    });
    const { port } = new URL(subgraph.url);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
            Object.entries(gatewayCredential('payments', body, { userId: 'u-zhao' }))
              .map(([name, value]) => `${name}: ${value}\r\n`)
              .join('') +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          () => {
            socket.destroy();
            resolve();
          },
        );
      });
      socket.on('error', reject);
    });
    // The server carries on without the client and commits.
    for (let i = 0; i < 100 && (await entriesFor(order.orderRef)) === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await entriesFor(order.orderRef)).toBe(1);
    // The client retries the very request it sent.
    const sameInput = JSON.parse(body).variables;
    const replay = await call(PAY, sameInput, 'u-zhao');
    expect(replay.body.data.paymentCreate.payment).toMatchObject({
      orderRef: order.orderRef,
      charged: 4200,
    });
    expect(await entriesFor(order.orderRef)).toBe(1);
  });

  it('refunds a payment once, reversing its entries and the benefit it recorded', async () => {
    const order = foodOrder({ amount: 2000 });
    await call(PAY, {
      input: { paymentRequest: signFood(order), idempotencyKey: 'pay-to-refund-1' },
    });
    const balance = await balanceOf('demo');
    const benefits = await benefitsOf('lm-demo-kfc');
    const refundRequest = signRefundRequest(
      'food',
      { orderRef: order.orderRef },
      DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food,
    );
    const input = { refundRequest, idempotencyKey: 'refund-once-001' };
    const first = await call(REFUND, { input });
    expect(first.body.data.paymentRefund.payment.status).toBe('REFUNDED');
    // 2000 fen less KFC Gold's 5% (100) and the membership's 10% of the rest (190).
    expect(await balanceOf('demo')).toBe(balance + 1710);
    expect(await benefitsOf('lm-demo-kfc')).toBe(benefits - 190);
    const replay = await call(REFUND, { input });
    expect(replay.raw).toBe(first.raw);
    const again = await call(REFUND, {
      input: { refundRequest, idempotencyKey: 'refund-once-002' },
    });
    expect(again.body.data.paymentRefund.userErrors[0].code).toBe('ALREADY_REFUNDED');
    expect(await balanceOf('demo')).toBe(balance + 1710);
  });

  describe('order closures, which the owners post as they cancel', () => {
    const close = (body: unknown) =>
      fetch(subgraph.url.replace('/graphql', ORDER_CLOSURES_PATH), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const refundRequestFor = (
      orderRef: string,
      secret = DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food,
    ) => signRefundRequest('food', { orderRef }, secret);

    it('close an order for payment and refund a payment that got in first, once', async () => {
      const paid = foodOrder({ amount: 3000 });
      await call(PAY, {
        input: { paymentRequest: signFood(paid), idempotencyKey: 'pay-closed-1' },
      });
      const balance = await balanceOf('demo');
      for (let i = 0; i < 2; i++) {
        const answer = await close({ refundRequest: refundRequestFor(paid.orderRef) });
        expect(answer.status).toBe(200);
        expect(await answer.json()).toEqual({ orderRef: paid.orderRef, closed: true });
      }
      // 3000 fen less KFC Gold's 5% (150) and the membership's 10% of the rest (285).
      expect(await balanceOf('demo')).toBe(balance + 2565);

      const unpaid = foodOrder();
      await close({ refundRequest: refundRequestFor(unpaid.orderRef) });
      const { body } = await call(PAY, {
        input: { paymentRequest: signFood(unpaid), idempotencyKey: 'pay-closed-2' },
      });
      expect(body.data.paymentCreate.userErrors[0].code).toBe('ORDER_NOT_PAYABLE');
      expect(await entriesFor(unpaid.orderRef)).toBe(0);
    });

    it.each([
      ['no refund request', {}],
      ['a refund request signed with another key', { refundRequest: 'forged' }],
      ['a charge request in its place', { refundRequest: signFood(foodOrder()) }],
      [
        "another owner's key",
        {
          refundRequest: refundRequestFor(
            foodOrder().orderRef,
            DEVELOPMENT_PAYMENT_REQUEST_SECRETS.commerce,
          ),
        },
      ],
    ])('refuse %s with 401, closing nothing', async (_, body) => {
      const answer = await close(body);
      expect(answer.status).toBe(401);
      expect((await answer.json()).errors[0].extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        requestId: expect.any(String),
      });
    });
  });

  it('needs a signed-in user to move money', async () => {
    const { body } = await postGraphQL(subgraph.url, PAY, {
      input: { paymentRequest: signFood(foodOrder()), idempotencyKey: 'pay-anonymous' },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
