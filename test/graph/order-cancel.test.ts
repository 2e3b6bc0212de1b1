/**
 * A payment racing a cancel, for food orders and shop orders alike. The owner
 * closes an order offered for payment at the wallet as it cancels it
 * (subgraphs/kit/wallet-closure.ts), whatever the cancel's answer asks for:
 * from then on the order is never paid, and a payment that got in first is
 * refunded, once. Whichever way the two race, each order ends cancelled and
 * never paid, or paid and refunded; the wallet gets every fen back, the
 * ledger balances, and a shop order's stock returns exactly once. A cancel the
 * wallet cannot confirm changes nothing. On PGlite, and on PostgreSQL where
 * two transactions really run at once.
 */
import type { SubgraphName } from '../../lib/config';
import { HUBIN, storageModes, type RunningSubgraph } from '../support/harness';
import type { FaultySubgraph } from '../support/faults';
import { startRacingGraph, type RacingGraph } from '../support/order-races';
import { expectLedgerBalanced } from '../support/ledger';

const CUSTOMER = 'u-wang';
const RACES = 20;

interface OrderKind {
  name: string;
  /** Places an order; `offered` asks for its payment request, which offers it for payment. */
  place(key: string, offered?: boolean): Promise<{ id: string; paymentRequest: string }>;
  /** Cancels; `askPayment` asks the cancel's answer for the payment, as shipped clients do. */
  cancel(id: string, askPayment: boolean): Promise<any>;
  view(id: string): Promise<{ status: string; payment: { status: string } | null }>;
}

describe.each(storageModes())('a payment racing a cancel, on %s', (storage) => {
  let graph: RacingGraph;
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** Between the owners and the wallet's order closures. */
  let wallet: FaultySubgraph;
  const gql = (query: string, variables?: Record<string, unknown>) => graph.gql(query, variables);
  const key = (what: string) => graph.key(what);
  const balance = async () =>
    (
      await subgraphs.payments.db.query<{ balance: number }>(
        'SELECT balance FROM accounts WHERE id = $1',
        [`wallet:${CUSTOMER}`],
      )
    )[0]!.balance;
  const pay = (paymentRequest: string) => graph.pay(paymentRequest);
  const refundByRequest = async (refundRequest: string) =>
    (
      await gql(
        `mutation ($input: PaymentRefundInput!) { paymentRefund(input: $input) {
          payment { status } userErrors { code } } }`,
        { input: { refundRequest, idempotencyKey: key('refund') } },
      )
    ).paymentRefund;
  const journal = async (orderId: string) =>
    (
      await subgraphs.payments.db.query<{ kind: string }>(
        'SELECT kind FROM journal_transactions WHERE reference LIKE $1 ORDER BY kind',
        [`%:${orderId}`],
      )
    ).map((row) => row.kind);

  const food: OrderKind = {
    name: 'a food order',
    place: async (idempotencyKey, offered = true) =>
      (
        await gql(
          `mutation ($input: FoodOrderPlaceInput!) { foodOrderPlace(input: $input) {
            order { id ${offered ? 'paymentRequest' : ''} } userErrors { code } } }`,
          {
            input: {
              storeId: 'store-kfc-hubin',
              lines: [{ menuItemId: 'mi-kfc-bucket', quantity: 1 }],
              deliverTo: HUBIN,
              idempotencyKey,
            },
          },
        )
      ).foodOrderPlace.order,
    cancel: async (id, askPayment) =>
      (
        await gql(
          `mutation ($input: FoodOrderCancelInput!) { foodOrderCancel(input: $input) {
            order { status refundRequest ${askPayment ? 'payment { status }' : ''} }
            userErrors { code } } }`,
          { input: { orderId: id } },
        )
      ).foodOrderCancel,
    view: async (id) =>
      (await gql('query ($id: ID!) { foodOrder(id: $id) { status payment { status } } }', { id }))
        .foodOrder,
  };

  const shop: OrderKind = {
    name: 'a shop order',
    place: async (idempotencyKey, offered = true) =>
      (
        await gql(
          `mutation ($input: ShopOrderPlaceInput!) { shopOrderPlace(input: $input) {
            order { id ${offered ? 'paymentRequest' : ''} } userErrors { code } } }`,
          {
            input: {
              storeId: 'store-uniqlo-hubin',
              lines: [{ productId: 'prod-uniqlo-ut', quantity: 1 }],
              idempotencyKey,
            },
          },
        )
      ).shopOrderPlace.order,
    cancel: async (id, askPayment) =>
      (
        await gql(
          `mutation ($input: ShopOrderCancelInput!) { shopOrderCancel(input: $input) {
            order { status refundRequest ${askPayment ? 'payment { status }' : ''} }
            userErrors { code } } }`,
          { input: { orderId: id } },
        )
      ).shopOrderCancel,
    view: async (id) => {
      const { me } = await gql(
        '{ me { shopOrders(first: 50) { edges { node { id status payment { status } } } } } }',
      );
      const { node } = me.shopOrders.edges.find((edge: any) => edge.node.id === id);
      return { status: node.status, payment: node.payment };
    },
  };

  beforeAll(async () => {
    graph = await startRacingGraph(storage, CUSTOMER);
    ({ subgraphs, wallet } = graph);
  });
  afterAll(() => graph.close());
  afterEach(() => expectLedgerBalanced(subgraphs.payments.db));

  describe.each([
    [food.name, food],
    [shop.name, shop],
  ])('for %s', (_, kind: OrderKind) => {
    it('refuses a payment after the cancel, with a request signed before it', async () => {
      const start = await balance();
      const order = await kind.place(key('place'));
      const cancelled = await kind.cancel(order.id, true);
      expect(cancelled.order).toMatchObject({ status: 'CANCELLED', payment: null });

      expect(await pay(order.paymentRequest)).toEqual({
        payment: null,
        userErrors: [{ code: 'ORDER_NOT_PAYABLE' }],
      });
      expect(await balance()).toBe(start);
      expect(await journal(order.id)).toEqual([]);
    });

    it('refuses a payment after a cancel that did not ask for the payment', async () => {
      const start = await balance();
      const order = await kind.place(key('place'));
      const { order: cancelled } = await kind.cancel(order.id, false);
      expect(cancelled.status).toBe('CANCELLED');

      expect(await pay(order.paymentRequest)).toEqual({
        payment: null,
        userErrors: [{ code: 'ORDER_NOT_PAYABLE' }],
      });
      expect(await balance()).toBe(start);
      expect(await journal(order.id)).toEqual([]);
    });

    it('refunds a paid order as it is cancelled, once, though the cancel does not ask', async () => {
      const start = await balance();
      const order = await kind.place(key('place'));
      expect((await pay(order.paymentRequest)).payment.status).toBe('SUCCEEDED');

      const { order: cancelled } = await kind.cancel(order.id, false);
      // Before anyone reads the payment.
      expect(await balance()).toBe(start);
      expect(await journal(order.id)).toEqual(['PAYMENT', 'REFUND']);
      expect((await kind.view(order.id)).payment).toEqual({ status: 'REFUNDED' });
      expect(await refundByRequest(cancelled.refundRequest)).toEqual({
        payment: null,
        userErrors: [{ code: 'ALREADY_REFUNDED' }],
      });
      expect(await balance()).toBe(start);
      expect(await journal(order.id)).toEqual(['PAYMENT', 'REFUND']);
    });

    it.each(['unavailable', 'refuse', 'garbage'] as const)(
      'refuses a cancel the wallet cannot confirm (%s), and changes nothing',
      async (mode) => {
        const start = await balance();
        const order = await kind.place(key('place'));
        wallet.mode = mode;
        await wallet.settled();
        try {
          const refused = await kind.cancel(order.id, true);
          expect(refused.userErrors).toEqual([{ code: 'WALLET_UNAVAILABLE' }]);
          expect((await kind.view(order.id)).status).not.toBe('CANCELLED');
        } finally {
          wallet.mode = 'pass';
          await wallet.settled();
        }
        // Asked again once the wallet answers, the cancel goes through and the order stays unpaid.
        expect((await kind.cancel(order.id, false)).order.status).toBe('CANCELLED');
        expect((await pay(order.paymentRequest)).userErrors).toEqual([
          { code: 'ORDER_NOT_PAYABLE' },
        ]);
        expect(await balance()).toBe(start);
      },
    );

    it('cancels an order never offered for payment without asking the wallet', async () => {
      const order = await kind.place(key('place'), false);
      wallet.mode = 'unavailable';
      await wallet.settled();
      const before = wallet.requests();
      try {
        expect((await kind.cancel(order.id, false)).order.status).toBe('CANCELLED');
        expect(wallet.requests()).toBe(before);
      } finally {
        wallet.mode = 'pass';
        await wallet.settled();
      }
    });

    it('refunds a paid order in the cancel’s own answer', async () => {
      const start = await balance();
      const order = await kind.place(key('place'));
      expect((await pay(order.paymentRequest)).payment.status).toBe('SUCCEEDED');

      const cancelled = await kind.cancel(order.id, true);
      expect(cancelled.order).toMatchObject({
        status: 'CANCELLED',
        payment: { status: 'REFUNDED' },
      });
      expect(await balance()).toBe(start);
      expect((await refundByRequest(cancelled.order.refundRequest)).userErrors).toEqual([
        { code: 'ALREADY_REFUNDED' },
      ]);
      expect(await journal(order.id)).toEqual(['PAYMENT', 'REFUND']);
    });

    it(`ends each of ${RACES} races cancelled and never paid, or paid and refunded`, async () => {
      const start = await balance();
      const orders = [];
      for (let i = 0; i < RACES; i++) orders.push(await kind.place(key('place')));

      const races = await Promise.all(
        // Half the cancels ask for the payment, as shipped clients do; half do not.
        orders.map((order, i) =>
          Promise.all([pay(order.paymentRequest), kind.cancel(order.id, i % 2 === 0)]),
        ),
      );

      for (const [i, [payment, cancel]] of races.entries()) {
        const order = orders[i]!;
        expect(cancel.userErrors).toEqual([]);
        const seen = await kind.view(order.id);
        expect(seen.status).toBe('CANCELLED');
        if (payment.userErrors.length > 0) {
          expect(payment.userErrors).toEqual([{ code: 'ORDER_NOT_PAYABLE' }]);
          expect(seen.payment).toBeNull();
          expect(await journal(order.id)).toEqual([]);
        } else {
          expect(seen.payment).toEqual({ status: 'REFUNDED' });
          expect(await journal(order.id)).toEqual(['PAYMENT', 'REFUND']);
        }
      }
      expect(await balance()).toBe(start);
    });
  });

  describe('a shop order’s stock', () => {
    const shelf = async () =>
      (
        await subgraphs.commerce.db.query<{ quantity: number }>(
          `SELECT quantity FROM light_shop_stock
            WHERE light_shop_id = 'ls-uniqlo-hubin' AND product_id = 'prod-uniqlo-ut'`,
        )
      )[0]!.quantity;

    it('returns to the shelf once, however many cancels race', async () => {
      const before = await shelf();
      const order = await shop.place(key('place'));
      expect(await shelf()).toBe(before - 1);

      const cancels = await Promise.all(
        Array.from({ length: 5 }, () => shop.cancel(order.id, false)),
      );
      const refused = cancels.filter((c) => c.userErrors.length > 0);
      expect(cancels.length - refused.length).toBe(1);
      for (const cancel of refused)
        expect(cancel.userErrors).toEqual([{ code: 'ALREADY_CANCELLED' }]);
      expect(await shelf()).toBe(before);
    });
  });
});
