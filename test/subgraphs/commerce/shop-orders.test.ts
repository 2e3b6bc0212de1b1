/**
 * Brand light shops through the commerce subgraph: the store's own shelf
 * first, the flagship warehouse when the shelf cannot fill a line, never a
 * split line, never negative stock however many orders race.
 */
import { commerce } from '../../../subgraphs/commerce/server';
import { postToSubgraph } from '../../support/contract';
import { startSubgraph, storageModes, type RunningSubgraph } from '../../support/harness';

const PLACE = `mutation ($input: ShopOrderPlaceInput!) {
  shopOrderPlace(input: $input) {
    order { id total store { id } lightShop { id }
      lines { product { id } quantity unitPrice lineTotal source } }
    userErrors { code message field }
  }
}`;

const STARBUCKS_IN77 = 'store-starbucks-in77';
const TUMBLER = 'prod-starbucks-tumbler';
const BEANS = 'prod-starbucks-beans';
const LATTE = 'prod-starbucks-latte-voucher';

let subgraph: RunningSubgraph;
let keys = 0;
const newKey = () => `order-key-${++keys}-${Date.now()}`;

function place(
  lines: { productId: string; quantity: number }[],
  options: { user?: string | null; storeId?: string; key?: string } = {},
) {
  const user = options.user === undefined ? 'u-chen' : options.user;
  return postToSubgraph(
    subgraph,
    PLACE,
    {
      input: {
        storeId: options.storeId ?? STARBUCKS_IN77,
        lines,
        idempotencyKey: options.key ?? newKey(),
      },
    },
    user ?? undefined,
  );
}

async function setStock(productId: string, shelf: number, warehouse: number) {
  await subgraph.db.query(
    `UPDATE light_shop_stock SET quantity = $2 WHERE light_shop_id = 'ls-starbucks-in77' AND product_id = $1`,
    [productId, shelf],
  );
  await subgraph.db.query(
    `UPDATE warehouse_stock SET quantity = $2 WHERE flagship_shop_id = 'flagship-starbucks' AND product_id = $1`,
    [productId, warehouse],
  );
}

async function stock(productId: string) {
  const [row] = await subgraph.db.query<{ shelf: number; warehouse: number }>(
    `SELECT (SELECT quantity FROM light_shop_stock WHERE light_shop_id = 'ls-starbucks-in77' AND product_id = $1) AS shelf,
            (SELECT quantity FROM warehouse_stock WHERE flagship_shop_id = 'flagship-starbucks' AND product_id = $1) AS warehouse`,
    [productId],
  );
  return row!;
}

const orderCount = async () =>
  (await subgraph.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shop_orders'))[0]!.n;

// Rules that race are proven on PostgreSQL too, where transactions really run side by side.
describe.each(storageModes())('on %s', (storage) => {
  beforeAll(async () => {
    subgraph = await startSubgraph(commerce, storage);
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });

  describe('Store.lightShop', () => {
    it("shows the store's own stock and the flagship warehouse behind it", async () => {
      const { data, errors } = await postToSubgraph(
        subgraph,
        `{ _entities(representations: [{ __typename: "Store", id: "${STARBUCKS_IN77}" }]) {
          ... on Store { lightShop { id store { id }
            inventory { product { id name } quantity }
            flagshipShop { id inventory { product { id } quantity } } } } } }`,
      );
      expect(errors).toBeUndefined();
      const shop = data._entities[0].lightShop;
      expect(shop.id).toBe('ls-starbucks-in77');
      expect(shop.store).toEqual({ id: STARBUCKS_IN77 });
      expect(shop.inventory[0]).toEqual({
        product: { id: TUMBLER, name: '西湖限定随行杯' },
        quantity: 3,
      });
      expect(shop.flagshipShop.id).toBe('flagship-starbucks');
      expect(shop.flagshipShop.inventory).toContainEqual({ product: { id: TUMBLER }, quantity: 0 });
    });
  });

  describe('shopOrderPlace', () => {
    it('refuses an anonymous request with UNAUTHENTICATED and writes nothing', async () => {
      const before = await orderCount();
      const result = await place([{ productId: LATTE, quantity: 1 }], { user: null });
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await orderCount()).toBe(before);
    });

    it('takes a line from the shelf while the shelf holds the whole quantity, pricing it on the server', async () => {
      await setStock(LATTE, 5, 100);
      const { data, errors } = await place([{ productId: LATTE, quantity: 5 }]);
      expect(errors).toBeUndefined();
      const payload = data.shopOrderPlace;
      expect(payload.userErrors).toEqual([]);
      expect(payload.order).toMatchObject({
        total: 5 * 3100,
        store: { id: STARBUCKS_IN77 },
        lightShop: { id: 'ls-starbucks-in77' },
        lines: [
          {
            product: { id: LATTE },
            quantity: 5,
            unitPrice: 3100,
            lineTotal: 15500,
            source: 'LIGHT_SHOP',
          },
        ],
      });
      expect(await stock(LATTE)).toEqual({ shelf: 0, warehouse: 100 });
    });

    it('sends the whole line to the flagship warehouse when the shelf is one short, never splitting it', async () => {
      await setStock(BEANS, 4, 10);
      const { data } = await place([{ productId: BEANS, quantity: 5 }]);
      expect(data.shopOrderPlace.userErrors).toEqual([]);
      expect(data.shopOrderPlace.order.lines[0]).toMatchObject({
        quantity: 5,
        source: 'FLAGSHIP_WAREHOUSE',
      });
      expect(await stock(BEANS)).toEqual({ shelf: 4, warehouse: 5 });
    });

    it('says per line where it ships from', async () => {
      await setStock(LATTE, 10, 100);
      await setStock(BEANS, 1, 10);
      const { data } = await place([
        { productId: LATTE, quantity: 2 },
        { productId: BEANS, quantity: 3 },
      ]);
      expect(
        data.shopOrderPlace.order.lines.map((l: { product: { id: string }; source: string }) => [
          l.product.id,
          l.source,
        ]),
      ).toEqual([
        [LATTE, 'LIGHT_SHOP'],
        [BEANS, 'FLAGSHIP_WAREHOUSE'],
      ]);
      expect(data.shopOrderPlace.order.total).toBe(2 * 3100 + 3 * 9800);
    });

    it('refuses a line neither place can fill alone with OUT_OF_STOCK and reserves nothing at all', async () => {
      await setStock(LATTE, 10, 100);
      await setStock(BEANS, 3, 4);
      const before = await orderCount();
      const { data } = await place([
        { productId: LATTE, quantity: 2 },
        { productId: BEANS, quantity: 5 },
      ]);
      expect(data.shopOrderPlace.order).toBeNull();
      expect(data.shopOrderPlace.userErrors).toEqual([
        {
          code: 'OUT_OF_STOCK',
          message: expect.stringContaining('the store has 3 and the flagship warehouse 4'),
          field: ['input', 'lines', '1', 'quantity'],
        },
      ]);
      // The latte line that could be filled was rolled back with the rest.
      expect(await stock(LATTE)).toEqual({ shelf: 10, warehouse: 100 });
      expect(await stock(BEANS)).toEqual({ shelf: 3, warehouse: 4 });
      expect(await orderCount()).toBe(before);
    });

    it('answers products that do not exist or belong to another brand, and stores that are no light shop, with userErrors', async () => {
      const { data } = await place([
        { productId: 'prod-nope', quantity: 1 },
        { productId: 'prod-heytea-cup', quantity: 1 },
      ]);
      expect(data.shopOrderPlace.userErrors.map((e: { code: string }) => e.code)).toEqual([
        'UNKNOWN_PRODUCT',
        'PRODUCT_NOT_SOLD_HERE',
      ]);
      const notAShop = await place([{ productId: LATTE, quantity: 1 }], {
        storeId: 'store-louwailou-gushan',
      });
      expect(notAShop.data.shopOrderPlace.userErrors).toEqual([
        expect.objectContaining({ code: 'NOT_A_LIGHT_SHOP', field: ['input', 'storeId'] }),
      ]);
    });

    it.each([
      ['a quantity of 0', [{ productId: LATTE, quantity: 0 }]],
      ['a quantity of 100', [{ productId: LATTE, quantity: 100 }]],
      ['no lines', []],
      [
        'one product on two lines',
        [
          { productId: LATTE, quantity: 1 },
          { productId: LATTE, quantity: 2 },
        ],
      ],
    ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_, lines) => {
      const before = await orderCount();
      const result = await place(lines);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await orderCount()).toBe(before);
    });

    it('accepts 99, the largest quantity', async () => {
      await setStock(LATTE, 0, 99);
      const { data } = await place([{ productId: LATTE, quantity: 99 }]);
      expect(data.shopOrderPlace.order.lines[0].source).toBe('FLAGSHIP_WAREHOUSE');
    });

    it('replays the same idempotency key with the same order, reserving once', async () => {
      await setStock(LATTE, 10, 0);
      const key = newKey();
      const first = await place([{ productId: LATTE, quantity: 2 }], { key });
      const again = await place([{ productId: LATTE, quantity: 2 }], { key });
      expect(again.data).toEqual(first.data);
      expect(await stock(LATTE)).toEqual({ shelf: 8, warehouse: 0 });
      const changed = await place([{ productId: LATTE, quantity: 3 }], { key });
      expect(changed.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
    });

    it('sells the last 3 units to exactly 3 of 10 concurrent orders when the warehouse is empty', async () => {
      await setStock(TUMBLER, 3, 0);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          place([{ productId: TUMBLER, quantity: 1 }], { user: `buyer-${i}` }),
        ),
      );
      const placed = results.filter((r) => r.data?.shopOrderPlace.order);
      const refused = results.filter((r) => r.data?.shopOrderPlace.userErrors.length);
      expect(placed).toHaveLength(3);
      expect(refused).toHaveLength(7);
      for (const r of refused)
        expect(r.data.shopOrderPlace.userErrors[0].code).toBe('OUT_OF_STOCK');
      expect(await stock(TUMBLER)).toEqual({ shelf: 0, warehouse: 0 });
    });

    it('empties the shelf, then the warehouse, and no more, under 12 concurrent orders', async () => {
      await setStock(TUMBLER, 2, 3);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          place([{ productId: TUMBLER, quantity: 1 }], { user: `rush-${i}` }),
        ),
      );
      const sources = results
        .map((r) => r.data?.shopOrderPlace.order?.lines[0].source)
        .filter(Boolean)
        .sort();
      expect(sources).toEqual([
        'FLAGSHIP_WAREHOUSE',
        'FLAGSHIP_WAREHOUSE',
        'FLAGSHIP_WAREHOUSE',
        'LIGHT_SHOP',
        'LIGHT_SHOP',
      ]);
      expect(await stock(TUMBLER)).toEqual({ shelf: 0, warehouse: 0 });
    });

    it('never deadlocks when concurrent orders list the same products in opposite orders', async () => {
      await setStock(LATTE, 100, 0);
      await setStock(BEANS, 100, 0);
      const latte = { productId: LATTE, quantity: 1 };
      const beans = { productId: BEANS, quantity: 1 };
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          place(i % 2 ? [latte, beans] : [beans, latte], { user: `crossing-${i}` }),
        ),
      );
      expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK')).toEqual(
        Array(10).fill('OK'),
      );
      expect(await stock(LATTE)).toEqual({ shelf: 90, warehouse: 0 });
      expect(await stock(BEANS)).toEqual({ shelf: 90, warehouse: 0 });
    });

    it('is refused by the database itself if anything ever tried to take stock below zero', async () => {
      await expect(
        subgraph.db.query(
          `UPDATE warehouse_stock SET quantity = -1 WHERE flagship_shop_id = 'flagship-starbucks' AND product_id = $1`,
          [TUMBLER],
        ),
      ).rejects.toThrow(/check constraint/);
    });
  });

  describe('User.shopOrders', () => {
    it('lists the viewer’s orders newest first, a page at a time, and nobody else’s', async () => {
      await setStock(LATTE, 50, 0);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { data } = await place([{ productId: LATTE, quantity: 1 }], { user: 'u-pager' });
        ids.push(data.shopOrderPlace.order.id);
      }
      const page = (after: string | null, viewer = 'u-pager') =>
        postToSubgraph(
          subgraph,
          `query ($after: String) { _entities(representations: [{ __typename: "User", id: "u-pager" }]) {
          ... on User { shopOrders(first: 2, after: $after) {
            edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`,
          { after },
          viewer,
        );
      const first = (await page(null)).data._entities[0].shopOrders;
      expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[2], ids[1]]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await page(first.pageInfo.endCursor)).data._entities[0].shopOrders;
      expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[0]]);
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect((await page(null, 'u-chen')).data._entities[0].shopOrders).toBeNull();
    });
  });
});
