/**
 * A store's kitchen queue (Query.kitchenOrders), as its staff's desk polls it:
 * the orders still to act on, the one waiting longest first, page by page;
 * for the store's staff only. On PGlite and on PostgreSQL.
 */
import { food } from '../../../subgraphs/food/server';
import { postToSubgraph } from '../../support/contract';
import { foodMutation } from '../../support/food-orders';
import { startSubgraph, storageModes, type RunningSubgraph } from '../../support/harness';

const QUEUE = `query ($storeId: ID!, $statuses: [FoodOrderStatus!], $first: Int, $after: String) {
  kitchenOrders(storeId: $storeId, statuses: $statuses, first: $first, after: $after) {
    edges { node { id status } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PLACE = `mutation ($input: FoodOrderPlaceInput!) {
  foodOrderPlace(input: $input) { order { id } userErrors { code } }
}`;

const ACCEPT = `mutation ($input: FoodOrderAcceptInput!) {
  foodOrderAccept(input: $input) { order { status } userErrors { code } }
}`;

const CANCEL = `mutation ($input: FoodOrderCancelInput!) {
  foodOrderCancel(input: $input) { order { status } userErrors { code } }
}`;

let keySequence = 0;
const newKey = () => `kitchen-queue-${String(++keySequence).padStart(4, '0')}`;

describe.each(storageModes())('the kitchen queue, on %s', (storage) => {
  let subgraph: RunningSubgraph;
  const placed: string[] = [];

  beforeAll(async () => {
    subgraph = await startSubgraph(food, storage);
    // Seeded orders of the store are older than these and come first: start from an empty queue.
    await subgraph.db.query(
      "UPDATE food_orders SET status = 'CANCELLED' WHERE store_id = 'store-kfc-hubin' AND status IN ('PLACED', 'ACCEPTED', 'READY', 'DELIVERING')",
    );
    for (let index = 0; index < 5; index++) {
      const payload = await foodMutation(
        subgraph,
        'foodOrderPlace',
        PLACE,
        {
          input: {
            storeId: 'store-kfc-hubin',
            lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 1 }],
            fulfilment: 'PICKUP',
            idempotencyKey: newKey(),
          },
        },
        'u-lin',
      );
      placed.push(payload.order.id);
    }
    await foodMutation(
      subgraph,
      'foodOrderAccept',
      ACCEPT,
      { input: { orderId: placed[1] } },
      'staff-kfc-hubin',
    );
    await foodMutation(
      subgraph,
      'foodOrderCancel',
      CANCEL,
      { input: { orderId: placed[2] } },
      'u-lin',
    );
  });
  afterAll(async () => {
    await subgraph?.service.close();
    await subgraph?.db.close();
  });

  const queue = (variables: Record<string, unknown>, viewerId = 'staff-kfc-hubin') =>
    postToSubgraph(subgraph, QUEUE, { storeId: 'store-kfc-hubin', ...variables }, viewerId);

  it('lists the open orders, the one waiting longest first, page by page', async () => {
    const first = await queue({ first: 2 });
    expect(first.errors).toBeUndefined();
    expect(first.data.kitchenOrders.edges.map(({ node }: any) => node)).toEqual([
      { id: placed[0], status: 'PLACED' },
      { id: placed[1], status: 'ACCEPTED' },
    ]);
    expect(first.data.kitchenOrders.pageInfo.hasNextPage).toBe(true);
    const rest = await queue({ first: 10, after: first.data.kitchenOrders.pageInfo.endCursor });
    // The cancelled order is off the queue.
    expect(rest.data.kitchenOrders.edges.map(({ node }: any) => node.id)).toEqual([
      placed[3],
      placed[4],
    ]);
    expect(rest.data.kitchenOrders.pageInfo.hasNextPage).toBe(false);
  });

  it('lists the statuses asked for', async () => {
    const cancelled = await queue({ statuses: ['CANCELLED'], first: 100 });
    const ids = cancelled.data.kitchenOrders.edges.map(({ node }: any) => node.id);
    expect(ids).toContain(placed[2]);
    expect(ids).not.toContain(placed[0]);
  });

  it("is the store's staff's alone, and names a store without a kitchen", async () => {
    const customer = await queue({}, 'u-lin');
    expect(customer.data.kitchenOrders).toBeNull();
    expect(customer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // Staff of another store.
    const other = await queue({}, 'staff-kfc-wulin');
    expect(other.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const anonymous = await postToSubgraph(subgraph, QUEUE, { storeId: 'store-kfc-hubin' });
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const nowhere = await postToSubgraph(
      subgraph,
      QUEUE,
      { storeId: 'store-that-is-not' },
      'staff-kfc-hubin',
    );
    expect(nowhere.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('refuses a cursor it did not make', async () => {
    const forged = await queue({ after: 'bm90LWEtY3Vyc29y' });
    expect(forged.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
