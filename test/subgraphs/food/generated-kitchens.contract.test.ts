/**
 * Maps and food each seed the generated city into their own database from
 * subgraphs/kit/seed/generated-stores.sql; neither reads the other's. The
 * contract between the two seeds: every generated store that sells food has a
 * kitchen in food, at the store maps shows and paid out to its merchant, with a
 * menu and delivery hours; no other generated store has one, and food has no
 * kitchen or menu for a store maps does not have. Both are the same on every
 * run and on every storage.
 */
import { createHash } from 'node:crypto';
import { food } from '../../../subgraphs/food/server';
import type { Database } from '../../../subgraphs/kit/database';
import { prepareDatabase } from '../../../subgraphs/kit/subgraph';
import { maps } from '../../../subgraphs/maps/server';
import { openSeededPglite } from '../../support/database-templates';
import { openTestDatabase, storageModes } from '../../support/harness';

/** The categories whose generated stores deliver; the others sell no food. */
const DELIVERING = ['RESTAURANT', 'FAST_FOOD', 'CAFE', 'TEA', 'SUPERMARKET', 'CONVENIENCE'];

interface StoreRow {
  id: string;
  category: string;
  lat: number;
  lng: number;
  merchant_id: string;
}

interface MenuRow {
  id: string;
  store_id: string;
  name: string;
  name_en: string;
  price: number;
  available: boolean;
  position: number;
}

/** What a seed generated, in a fixed order, hashed: maps' stores, or food's kitchens. */
async function fingerprint(db: Database, tables: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const table of tables)
    hash.update(
      JSON.stringify(
        await db.query(
          `SELECT to_jsonb(t)::text AS row FROM ${table} t
            WHERE t.${table === 'stores' ? 'id' : 'store_id'} LIKE 'store-hz-%'
            ORDER BY 1`,
        ),
      ),
    );
  return hash.digest('hex');
}

const MAPS_TABLES = ['stores', 'store_arrival_offers'];
const FOOD_TABLES = ['restaurants', 'restaurant_hours', 'menu_items'];

describe("food's kitchens for maps' generated stores", () => {
  let mapsDb: Database;
  let foodDb: Database;
  let stores: StoreRow[];
  let menus: MenuRow[];
  const menusByStore = new Map<string, MenuRow[]>();

  beforeAll(async () => {
    [mapsDb, foodDb] = await Promise.all([openSeededPglite(maps), openSeededPglite(food)]);
    stores = await mapsDb.query<StoreRow>(
      'SELECT id, category, lat, lng, merchant_id FROM stores ORDER BY id',
    );
    menus = await foodDb.query<MenuRow>(
      `SELECT id, store_id, name, name_en, price, available, position
         FROM menu_items ORDER BY store_id, position`,
    );
    for (const item of menus)
      menusByStore.set(item.store_id, [...(menusByStore.get(item.store_id) ?? []), item]);
  });
  afterAll(async () => {
    await Promise.all([mapsDb?.close(), foodDb?.close()]);
  });

  const generated = () => stores.filter((store) => store.id.startsWith('store-hz-'));
  const menuOf = (storeId: string) => menusByStore.get(storeId) ?? [];

  it('gives every generated store that sells food a kitchen at the store, paid to its merchant', async () => {
    const kitchens = await foodDb.query(
      `SELECT store_id AS id, pickup_lat AS lat, pickup_lng AS lng, merchant_id
         FROM restaurants WHERE store_id LIKE 'store-hz-%' ORDER BY store_id`,
    );
    const delivering = generated().filter((store) => DELIVERING.includes(store.category));
    expect(kitchens).toEqual(
      delivering.map(({ id, lat, lng, merchant_id }) => ({ id, lat, lng, merchant_id })),
    );
    expect(kitchens.length).toBeGreaterThan(1500);
    expect(generated()).toHaveLength(2000);
  });

  it('has no kitchen, menu or hours for a store maps does not have', async () => {
    const known = new Set(stores.map((store) => store.id));
    const [kitchens, hours] = await Promise.all([
      foodDb.query<{ store_id: string }>('SELECT store_id FROM restaurants'),
      foodDb.query<{ store_id: string }>('SELECT DISTINCT store_id FROM restaurant_hours'),
    ]);
    const unknown = (rows: readonly { store_id: string }[]) =>
      rows.filter((row) => !known.has(row.store_id));
    expect(unknown(kitchens)).toEqual([]);
    expect(unknown(menus)).toEqual([]);
    expect(unknown(hours)).toEqual([]);
    // And the generated stores that sell no food deliver nothing.
    const notDelivering = generated().filter((store) => !DELIVERING.includes(store.category));
    expect(notDelivering.length).toBeGreaterThan(100);
    expect(notDelivering.filter((store) => menuOf(store.id).length > 0)).toEqual([]);
  });

  it("sells each kitchen's own kind of food, named in Chinese and English, priced in fen", async () => {
    const hours = await foodDb.query<{ store_id: string }>(
      `SELECT DISTINCT store_id FROM restaurant_hours WHERE store_id LIKE 'store-hz-%'`,
    );
    const withHours = new Set(hours.map((row) => row.store_id));
    const badKitchens = generated()
      .filter((store) => DELIVERING.includes(store.category))
      .filter((store) => {
        const menu = menuOf(store.id);
        return (
          menu.length < 3 ||
          menu.some((item, i) => item.position !== i + 1) ||
          !menu[0]!.available ||
          !withHours.has(store.id)
        );
      });
    expect(badKitchens).toEqual([]);
    const badItems = menus
      .filter((item) => item.store_id.startsWith('store-hz-'))
      .filter(
        (item) =>
          !item.id.startsWith(`mi-${item.store_id.slice('store-'.length)}-`) ||
          !/[\u4e00-\u9fff]/u.test(item.name) ||
          !/^[A-Z0-9][\w ().,'×èéûç-]*$/u.test(item.name_en) ||
          !Number.isInteger(item.price) ||
          item.price < 200 ||
          item.price > 12_000,
      );
    expect(badItems).toEqual([]);
    // A café sells coffee, a tea shop tea, a supermarket groceries.
    const sells = (category: string, pattern: RegExp) =>
      generated()
        .filter((store) => store.category === category)
        .filter((store) => !menuOf(store.id).some((item) => pattern.test(item.name_en)));
    expect(sells('CAFE', /latte|americano|flat white/i)).toEqual([]);
    expect(sells('TEA', /tea|lemonade|sago|boba/i)).toEqual([]);
    expect(sells('SUPERMARKET', /milk|eggs|rice|bok choy/i)).toEqual([]);
    // A chain's dishes cost the same in every store, the lakeside KFC's included.
    const kfcPrices = new Map(
      menus
        .filter((item) => item.store_id === 'store-kfc-hubin')
        .map((item) => [item.name_en, item.price]),
    );
    const generatedKfc = generated().filter((store) => store.merchant_id === 'm-kfc');
    expect(generatedKfc.length).toBeGreaterThan(10);
    for (const store of generatedKfc)
      for (const item of menuOf(store.id).filter((i) => kfcPrices.has(i.name_en)))
        expect(item.price).toBe(kfcPrices.get(item.name_en));
  });

  it('serves each kitchen the ways its category does: KFC and McDonald’s all three', async () => {
    const kitchens = await foodDb.query<{
      store_id: string;
      offers_delivery: boolean;
      offers_pickup: boolean;
      offers_dine_in: boolean;
    }>(
      `SELECT store_id, offers_delivery, offers_pickup, offers_dine_in
         FROM restaurants WHERE store_id LIKE 'store-hz-%'`,
    );
    const storeById = new Map(generated().map((store) => [store.id, store]));
    const IN_STORE: Record<string, [pickup: boolean, dineIn: boolean]> = {
      RESTAURANT: [false, true],
      FAST_FOOD: [true, false],
      CAFE: [true, false],
      TEA: [true, false],
      SUPERMARKET: [true, false],
      CONVENIENCE: [false, false],
    };
    const expected = (store: StoreRow) =>
      ['m-kfc', 'm-mcdonalds'].includes(store.merchant_id)
        ? [true, true]
        : IN_STORE[store.category];
    const wrong = kitchens.filter((kitchen) => {
      const store = storeById.get(kitchen.store_id)!;
      return (
        !kitchen.offers_delivery ||
        JSON.stringify([kitchen.offers_pickup, kitchen.offers_dine_in]) !==
          JSON.stringify(expected(store))
      );
    });
    expect(wrong).toEqual([]);
    const allThree = kitchens.filter((k) => k.offers_pickup && k.offers_dine_in);
    expect(allThree.length).toBeGreaterThan(20);
    expect(kitchens.filter((k) => k.offers_pickup).length).toBeGreaterThan(500);
    expect(kitchens.filter((k) => k.offers_dine_in).length).toBeGreaterThan(300);
  });

  it('seeds the same stores and kitchens on every run and every storage', async () => {
    const expected = {
      maps: await fingerprint(mapsDb, MAPS_TABLES),
      food: await fingerprint(foodDb, FOOD_TABLES),
    };
    for (const storage of storageModes()) {
      const [freshMaps, freshFood] = await Promise.all([
        openTestDatabase('maps', storage),
        openTestDatabase('food', storage),
      ]);
      try {
        await prepareDatabase(maps, freshMaps, true);
        await prepareDatabase(food, freshFood, true);
        expect({
          storage,
          maps: await fingerprint(freshMaps, MAPS_TABLES),
          food: await fingerprint(freshFood, FOOD_TABLES),
        }).toEqual({ storage, ...expected });
      } finally {
        await Promise.all([freshMaps.close(), freshFood.close()]);
      }
    }
  });
});
