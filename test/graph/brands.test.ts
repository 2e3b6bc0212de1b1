/**
 * One customer seen from all five apps: a brand looked up on the marketplace
 * (commerce) with its flagship shop, its stores near a point (maps), its wallet
 * merchant and the member card the viewer binds there (payments); nearby
 * search filtered by brand; and the map and the marketplace agreeing on which
 * stores are whose.
 */
import {
  bearer,
  HUBIN,
  openSeededDatabases,
  postGraphQL,
  startGraph,
  type RunningGraph,
} from '../support/harness';

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph.close());

const gql = (query: string, variables: Record<string, unknown> = {}, user?: string) =>
  postGraphQL(graph.gatewayUrl, query, variables, user ? bearer(user) : {});

const BRAND_PAGE = `query BrandPage($id: ID!, $near: GeoPointInput!) {
  brand(id: $id) {
    id name nameEn
    flagshipShop { id nameEn }
    merchant { id nameEn membershipProgramme { discountPercent } memberCard { merchantTier discountPercent isMember } }
    stores(near: $near, first: 3) { edges { distanceMeters node { id nameEn brand { id } } } pageInfo { hasNextPage } }
  }
}`;

describe('a brand through the gateway', () => {
  it('shows KFC from every app: its flagship shop, its stores nearest first, its member card', async () => {
    const { body } = await gql(BRAND_PAGE, { id: 'brand-kfc', near: HUBIN }, 'demo');
    expect(body.errors).toBeUndefined();
    const { brand } = body.data;
    expect(brand).toMatchObject({
      id: 'brand-kfc',
      name: '肯德基',
      nameEn: 'KFC',
      flagshipShop: { id: 'flagship-kfc', nameEn: 'KFC Official Flagship Store' },
      // demo is a GOLD wallet member: KFC maps GOLD onto its own Gold tier, 5 % off.
      merchant: {
        id: 'm-kfc',
        nameEn: 'KFC',
        memberCard: { merchantTier: 'KFC会员 Gold', discountPercent: 5, isMember: true },
      },
    });
    const edges = brand.stores.edges;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges[0].node).toMatchObject({ id: 'store-kfc-hubin', brand: { id: 'brand-kfc' } });
    const distances = edges.map((edge: { distanceMeters: number }) => edge.distanceMeters);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    for (const edge of edges) expect(edge.node.brand).toEqual({ id: 'brand-kfc' });
  });

  it('filters nearby search by brand: the same stores as the brand page', async () => {
    const query = `query ($near: GeoPointInput!) {
      all: nearbyStores(near: $near, radiusMeters: 1500, first: 100) { edges { node { id brand { id } } } }
      kfc: nearbyStores(near: $near, radiusMeters: 1500, first: 100, brandId: "brand-kfc") { edges { node { id } } }
      brand(id: "brand-kfc") { stores(near: $near, radiusMeters: 1500, first: 100) { edges { node { id } } } }
    }`;
    const { body } = await gql(query, { near: HUBIN });
    expect(body.errors).toBeUndefined();
    // Every store within the radius fits on the one page.
    expect(body.data.all.edges.length).toBeLessThan(100);
    const ids = (connection: { edges: { node: { id: string } }[] }) =>
      connection.edges.map((edge) => edge.node.id);
    const kfcNearby = body.data.all.edges
      .filter(
        (edge: { node: { brand: { id: string } | null } }) => edge.node.brand?.id === 'brand-kfc',
      )
      .map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids(body.data.kfc)).toEqual(kfcNearby);
    expect(ids(body.data.kfc).length).toBeGreaterThan(0);
    expect(ids(body.data.brand.stores)).toEqual(ids(body.data.kfc));
  });

  it('answers an unknown brand with NOT_FOUND, and a brand filter the map knows nothing of with no stores', async () => {
    const unknown = await gql(BRAND_PAGE, { id: 'brand-nope', near: HUBIN });
    expect(unknown.body.data.brand).toBeNull();
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const none = await gql(
      `{ nearbyStores(near: { lat: 30.2575, lng: 120.1655 }, brandId: "brand-nope") { edges { node { id } } } }`,
    );
    expect(none.body).toEqual({ data: { nearbyStores: { edges: [] } } });
  });

  it('lists every brand, and keeps the member card to the signed-in with the membership scope', async () => {
    const { body } = await gql('{ brands { id nameEn merchant { id } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.brands.map((brand: { id: string }) => brand.id)).toEqual(
      expect.arrayContaining(['brand-kfc', 'brand-heytea', 'brand-uniqlo', 'brand-starbucks']),
    );
    const anonymous = await gql(
      `{ brand(id: "brand-kfc") { merchant { memberCard { merchantTier } } } }`,
    );
    expect(anonymous.body.data.brand.merchant.memberCard).toBeNull();
    expect(anonymous.body.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
  });

  it('agrees with the marketplace on every store a brand has on the map', async () => {
    const databases = await openSeededDatabases();
    try {
      const stores = await databases.maps.query<{
        id: string;
        brand_id: string;
        merchant_id: string;
      }>('SELECT id, brand_id, merchant_id FROM stores WHERE brand_id IS NOT NULL');
      const brands = new Map(
        (
          await databases.commerce.query<{ id: string; merchant_id: string }>(
            'SELECT id, merchant_id FROM brands',
          )
        ).map((row) => [row.id, row.merchant_id]),
      );
      expect(stores.length).toBeGreaterThan(100);
      const disagreeing = stores.filter(
        (store) => brands.get(store.brand_id) !== store.merchant_id,
      );
      expect(disagreeing).toEqual([]);
      // And a store of a brand's merchant always carries the brand.
      const merchants = new Set(brands.values());
      const unbranded = await databases.maps.query<{ id: string }>(
        'SELECT id FROM stores WHERE brand_id IS NULL AND merchant_id = ANY($1)',
        [[...merchants]],
      );
      expect(unbranded).toEqual([]);
    } finally {
      await Promise.all(Object.values(databases).map((db) => db.close()));
    }
  });
});
