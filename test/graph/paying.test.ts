/**
 * A client paying through the gateway: it can only hand over the payment
 * request the order's owner signed; an amount of its own is not even a field.
 */
import { DEVELOPMENT_PAYMENT_REQUEST_SECRETS } from '../../subgraphs/kit/config';
import { signChargeRequest } from '../../subgraphs/kit/payment-requests';
import { bearer, postGraphQL, startGraph, type RunningGraph } from '../support/harness';
import { expectLedgerBalanced } from '../support/ledger';

const PAY = `mutation ($input: PaymentCreateInput!) {
  paymentCreate(input: $input) { payment { id amount charged } userErrors { code } }
}`;

describe('paying through the gateway', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph.close());
  afterEach(() => expectLedgerBalanced(graph.subgraphs.payments.db));

  const order = {
    orderRef: 'food:fo-gateway-1',
    payerId: 'demo',
    merchantId: 'm-louwailou',
    amount: 12800,
    description: 'Louwailou: West Lake fish',
  };

  it('refuses an amount the client chose', async () => {
    const { status, body } = await postGraphQL(
      graph.gatewayUrl,
      `mutation { paymentCreate(input: { paymentRequest: "x", idempotencyKey: "forged-amount-1", amount: 1 }) { userErrors { code } } }`,
      {},
      bearer('demo'),
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a signed request whose amount was changed on the way', async () => {
    const [header, claims, signature] = signChargeRequest(
      'food',
      order,
      DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food,
    ).split('.');
    const forged = { ...JSON.parse(Buffer.from(claims!, 'base64url').toString()), amount: 100 };
    const paymentRequest = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const { body } = await postGraphQL(
      graph.gatewayUrl,
      PAY,
      { input: { paymentRequest, idempotencyKey: 'forged-amount-2' } },
      bearer('demo'),
    );
    expect(body.data.paymentCreate).toEqual({
      payment: null,
      userErrors: [{ code: 'INVALID_PAYMENT_REQUEST' }],
    });
    const payments = await graph.subgraphs.payments.db.query(
      'SELECT 1 FROM payments WHERE order_ref = $1',
      [order.orderRef],
    );
    expect(payments).toEqual([]);
  });

  it('pays the signed amount and shows it in the wallet', async () => {
    const paymentRequest = signChargeRequest(
      'food',
      order,
      DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food,
    );
    const { body } = await postGraphQL(
      graph.gatewayUrl,
      PAY,
      { input: { paymentRequest, idempotencyKey: 'gateway-pay-01' } },
      bearer('demo'),
    );
    expect(body.data.paymentCreate.payment).toMatchObject({ amount: 12800, charged: 12800 });
    const wallet = await postGraphQL(
      graph.gatewayUrl,
      '{ me { wallet { balance entries(first: 1) { edges { node { amount kind reference } } } } } }',
      {},
      bearer('demo'),
    );
    expect(wallet.body.data.me.wallet).toEqual({
      balance: 50000 - 12800,
      entries: {
        edges: [{ node: { amount: -12800, kind: 'PAYMENT', reference: 'food:fo-gateway-1' } }],
      },
    });
  });

  it('opens the wallet of a user signing in for the first time, once however many ask at once', async () => {
    const ME = `{ me { id nickname membership { tier status outstandingCharge }
      wallet { balance entries(first: 1) { edges { node { id } } } } coupons { id } favorites { targetId } } }`;
    const answers = await Promise.all(
      [1, 2, 3].map(() => postGraphQL(graph.gatewayUrl, ME, {}, bearer('u-first-sign-in'))),
    );
    for (const { body } of answers) {
      expect(body.errors).toBeUndefined();
      expect(body.data.me).toEqual({
        id: 'u-first-sign-in',
        nickname: '新用户 New user',
        membership: { tier: 'REGULAR', status: 'NONE', outstandingCharge: 0 },
        wallet: { balance: 0, entries: { edges: [] } },
        coupons: [],
        favorites: [],
      });
    }
    const rows = await graph.subgraphs.payments.db.query(
      "SELECT id FROM accounts WHERE owner_id = 'u-first-sign-in'",
    );
    expect(rows).toEqual([{ id: 'wallet:u-first-sign-in' }]);
    // Anonymous callers get no wallet opened for them.
    const anonymous = await postGraphQL(graph.gatewayUrl, '{ me { id } }', {});
    expect(anonymous.body.data?.me ?? null).toBeNull();
  });
});
