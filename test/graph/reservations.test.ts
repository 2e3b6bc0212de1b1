/**
 * Shop order reservations run out. A placed order holds its units for
 * RESERVATION_MINUTES; commerce then releases it unless the wallet holds a
 * payment for it, and its units go back on sale exactly once, whichever way a
 * payment, a cancel, a second release and a failure in between race. The
 * reservation is moved into the past in the database rather than waited for.
 * On PGlite, and on PostgreSQL where transactions really run at once.
 */
import jwt from 'jsonwebtoken';
import type { SubgraphName } from '../../lib/config';
import {
  silentLog,
  storageModes,
  testSubgraphConfig,
  type RunningSubgraph,
} from '../support/harness';
import type { FaultySubgraph } from '../support/faults';
import { startRacingGraph, type RacingGraph } from '../support/order-races';
import { expectLedgerBalanced } from '../support/ledger';
import { releaseAtWallet } from '../../subgraphs/kit/wallet-closure';
import { RESERVATION_MINUTES } from '../../subgraphs/commerce/data/shopOrders';
import { releaseExpiredReservations } from '../../subgraphs/commerce/reservations';

const CUSTOMER = 'u-wang';
const SHOP = { store: 'store-uniqlo-hubin', lightShop: 'ls-uniqlo-hubin' };
const PRODUCT = 'prod-uniqlo-ut';
const RACES = 10;

describe.each(storageModes())('shop order reservations, on %s', (storage) => {
  let graph: RacingGraph;
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** Between commerce and the wallet's order closures. */
  let wallet: FaultySubgraph;
  const gql = (query: string, variables?: Record<string, unknown>) => graph.gql(query, variables);
  const key = (what: string) => graph.key(what);
  const release = () =>
    releaseExpiredReservations(subgraphs.commerce.db, {
      config: testSubgraphConfig('commerce', { HUTONG_PAYMENTS_URL: wallet.url }),
      log: silentLog,
    });
  const shelf = async () =>
    (
      await subgraphs.commerce.db.query<{ quantity: number }>(
        'SELECT quantity FROM light_shop_stock WHERE light_shop_id = $1 AND product_id = $2',
        [SHOP.lightShop, PRODUCT],
      )
    )[0]!.quantity;
  /** The shelf holds `quantity`; the flagship warehouse, the shelf's fallback, nothing. */
  const setShelf = async (quantity: number) => {
    await subgraphs.commerce.db.query(
      'UPDATE light_shop_stock SET quantity = $3 WHERE light_shop_id = $1 AND product_id = $2',
      [SHOP.lightShop, PRODUCT, quantity],
    );
    await subgraphs.commerce.db.query(
      'UPDATE warehouse_stock SET quantity = 0 WHERE product_id = $1',
      [PRODUCT],
    );
  };
  /** The reservation ends `seconds` from now (in the past when negative). */
  const reserveFor = (orderId: string, seconds: number) =>
    subgraphs.commerce.db.query(
      `UPDATE shop_orders SET reserved_until = now() + make_interval(secs => $2) WHERE id = $1`,
      [orderId, seconds],
    );
  const place = async (quantity = 1) => {
    const { shopOrderPlace } = await gql(
      `mutation ($input: ShopOrderPlaceInput!) { shopOrderPlace(input: $input) {
        order { id placedAt reservedUntil } userErrors { code message } } }`,
      {
        input: {
          storeId: SHOP.store,
          lines: [{ productId: PRODUCT, quantity }],
          idempotencyKey: key('place'),
        },
      },
    );
    return shopOrderPlace;
  };
  const view = async (id: string) =>
    (
      await gql(
        `{ me { shopOrders(first: 50) { edges { node {
          id status reservedUntil paymentRequest payment { status } } } } } }`,
      )
    ).me.shopOrders.edges.find((edge: any) => edge.node.id === id).node;
  const paymentRequestOf = async (id: string): Promise<string> => (await view(id)).paymentRequest;
  const pay = (paymentRequest: string) => graph.pay(paymentRequest);
  const cancel = async (orderId: string) =>
    (
      await gql(
        `mutation ($input: ShopOrderCancelInput!) { shopOrderCancel(input: $input) {
          order { status } userErrors { code message } } }`,
        { input: { orderId } },
      )
    ).shopOrderCancel;

  beforeAll(async () => {
    graph = await startRacingGraph(storage, CUSTOMER);
    ({ subgraphs, wallet } = graph);
  });
  afterAll(() => graph.close());
  beforeEach(() => setShelf(3));
  afterEach(() => expectLedgerBalanced(subgraphs.payments.db));

  it(`reserves for ${RESERVATION_MINUTES} minutes, and no payment request outlives it`, async () => {
    const { order } = await place();
    const reservedMs = Date.parse(order.reservedUntil) - Date.parse(order.placedAt);
    expect(reservedMs).toBe(RESERVATION_MINUTES * 60_000);

    await reserveFor(order.id, 90);
    const { exp } = jwt.decode(await paymentRequestOf(order.id)) as { exp: number };
    expect(exp * 1000).toBeLessThanOrEqual(Date.parse((await view(order.id)).reservedUntil));
    expect(exp * 1000).toBeGreaterThan(Date.now() + 60_000);
  });

  it('gives the last units back when nobody paid, so the next customer gets them', async () => {
    const unpaid = [];
    for (let i = 0; i < 3; i++) unpaid.push((await place()).order.id);
    expect((await place()).userErrors).toEqual([expect.objectContaining({ code: 'OUT_OF_STOCK' })]);

    // One second before its end a reservation still holds; at its end it is released.
    for (const id of unpaid) await reserveFor(id, 1);
    expect((await release()).size).toBe(0);
    for (const id of unpaid) await reserveFor(id, 0);
    const outcomes = await release();
    expect(unpaid.map((id) => outcomes.get(id))).toEqual(['EXPIRED', 'EXPIRED', 'EXPIRED']);
    expect(await shelf()).toBe(3);
    expect(await view(unpaid[0]!)).toMatchObject({
      status: 'EXPIRED',
      reservedUntil: null,
      paymentRequest: null,
    });
    expect((await place()).order).not.toBeNull();
    expect(await shelf()).toBe(2);

    // Released once: running again returns nothing more.
    expect((await release()).size).toBe(0);
    expect(await shelf()).toBe(2);
  });

  it('closes an order offered for payment at the wallet, and refuses its payment and cancel', async () => {
    const { order } = await place();
    const paymentRequest = await paymentRequestOf(order.id);
    await reserveFor(order.id, -1);
    expect(await paymentRequestOf(order.id)).toBeNull();

    expect((await release()).get(order.id)).toBe('EXPIRED');
    expect(await pay(paymentRequest)).toEqual({
      payment: null,
      userErrors: [{ code: 'ORDER_NOT_PAYABLE' }],
    });
    expect((await cancel(order.id)).userErrors).toEqual([
      expect.objectContaining({ code: 'ORDER_EXPIRED' }),
    ]);
    expect(await shelf()).toBe(3);
  });

  it('keeps a paid order and its units for good', async () => {
    const { order } = await place();
    expect((await pay(await paymentRequestOf(order.id))).payment.status).toBe('SUCCEEDED');
    await reserveFor(order.id, -1);

    expect((await release()).get(order.id)).toBe('KEPT_PAID');
    expect(await view(order.id)).toMatchObject({
      status: 'PLACED',
      reservedUntil: null,
      payment: { status: 'SUCCEEDED' },
    });
    expect((await release()).size).toBe(0);
    expect(await shelf()).toBe(2);
  });

  it('releases an order never offered for payment without asking the wallet', async () => {
    const { order } = await place();
    await reserveFor(order.id, -1);
    wallet.mode = 'unavailable';
    await wallet.settled();
    const before = wallet.requests();
    try {
      expect((await release()).get(order.id)).toBe('EXPIRED');
      expect(wallet.requests()).toBe(before);
    } finally {
      wallet.mode = 'pass';
      await wallet.settled();
    }
    expect(await shelf()).toBe(3);
  });

  it.each(['unavailable', 'refuse', 'garbage'] as const)(
    'leaves an offered order as it is while the wallet cannot answer (%s), and releases it later',
    async (mode) => {
      const { order } = await place();
      await paymentRequestOf(order.id);
      await reserveFor(order.id, -1);
      wallet.mode = mode;
      await wallet.settled();
      try {
        expect((await release()).get(order.id)).toBe('WALLET_UNAVAILABLE');
        expect((await view(order.id)).status).toBe('PLACED');
        expect(await shelf()).toBe(2);
      } finally {
        wallet.mode = 'pass';
        await wallet.settled();
      }
      expect((await release()).get(order.id)).toBe('EXPIRED');
      expect(await shelf()).toBe(3);
    },
  );

  it('releases once after a failure between the wallet’s close and the release', async () => {
    const { order } = await place();
    await paymentRequestOf(order.id);
    await reserveFor(order.id, -1);
    // The wallet closed the order, and the release then never committed.
    expect(
      await releaseAtWallet(
        {
          config: testSubgraphConfig('commerce', { HUTONG_PAYMENTS_URL: wallet.url }),
          requestId: key('crash'),
          log: silentLog,
        },
        'commerce',
        `commerce:${order.id}`,
      ),
    ).toBe('CLOSED');
    expect(await shelf()).toBe(2);

    expect((await release()).get(order.id)).toBe('EXPIRED');
    expect(await shelf()).toBe(3);
  });

  it('returns the units once when releases and a cancel race', async () => {
    const { order } = await place();
    await paymentRequestOf(order.id);
    await reserveFor(order.id, -1);
    const [first, second, cancelled] = await Promise.all([release(), release(), cancel(order.id)]);
    const outcomes = [first.get(order.id), second.get(order.id)];
    expect(outcomes.filter((outcome) => outcome === 'EXPIRED').length).toBeLessThanOrEqual(1);
    expect(await shelf()).toBe(3);
    expect(['CANCELLED', 'EXPIRED']).toContain((await view(order.id)).status);
    if (cancelled.order) expect(outcomes).not.toContain('EXPIRED');
  });

  it(`ends each of ${RACES} payments racing the release paid and kept, or released unpaid`, async () => {
    await setShelf(RACES);
    const orders = [];
    for (let i = 0; i < RACES; i++) {
      const { order } = await place();
      orders.push({ id: order.id, paymentRequest: await paymentRequestOf(order.id) });
    }
    for (const order of orders) await reserveFor(order.id, -1);

    const [payments, outcomes] = await Promise.all([
      Promise.all(orders.map((order) => pay(order.paymentRequest))),
      release(),
    ]);
    let kept = 0;
    for (const [i, order] of orders.entries()) {
      const paid = payments[i].payment?.status === 'SUCCEEDED';
      const { status, payment } = await view(order.id);
      if (paid) {
        kept++;
        expect(outcomes.get(order.id)).toBe('KEPT_PAID');
        expect({ status, payment }).toEqual({ status: 'PLACED', payment: { status: 'SUCCEEDED' } });
      } else {
        expect(payments[i].userErrors).toEqual([{ code: 'ORDER_NOT_PAYABLE' }]);
        expect(outcomes.get(order.id)).toBe('EXPIRED');
        expect({ status, payment }).toEqual({ status: 'EXPIRED', payment: null });
      }
    }
    expect(await shelf()).toBe(RACES - kept);
  });
});
