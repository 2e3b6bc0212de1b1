/**
 * Hot search in the wallet: each city's city-services and life portals show
 * the social network's trending topics tied to the services they list, with
 * the stores (maps), products (commerce) and mini-programs each topic is about.
 */
import { postGraphQL, startGraph, type RunningGraph } from '../support/harness';

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph.close());

const PORTAL = `query Portal($city: String!, $kind: PortalKind!, $first: Int) {
  portal(city: $city, kind: $kind) {
    id city kind title titleEn
    services { id titleEn }
    trendingTopics(first: $first) {
      id titleEn heat city
      relatedMiniPrograms { id }
      relatedStores { id nameEn }
      relatedProducts { id nameEn }
    }
  }
}`;

interface Topic {
  id: string;
  heat: number;
  city: string | null;
  relatedMiniPrograms: { id: string }[];
  relatedStores: { id: string; nameEn: string }[];
  relatedProducts: { id: string; nameEn: string }[];
}

async function portal(city: string, kind: string, first?: number) {
  const { body } = await postGraphQL(graph.gatewayUrl, PORTAL, { city, kind, first });
  expect(body.errors).toBeUndefined();
  return body.data.portal as {
    services: { id: string }[];
    trendingTopics: Topic[];
    [field: string]: unknown;
  };
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);
const hottestFirst = (topics: Topic[]) =>
  expect(topics.map((t) => t.heat)).toEqual([...topics.map((t) => t.heat)].sort((a, b) => b - a));

describe('the wallet portals', () => {
  it("shows Hangzhou's city services with the trending topics about them", async () => {
    const cityServices = await portal('hangzhou', 'CITY_SERVICES');
    expect(cityServices).toMatchObject({
      id: 'portal-hangzhou-city-services',
      city: 'hangzhou',
      kind: 'CITY_SERVICES',
      title: '杭州城市服务',
      titleEn: 'Hangzhou City Services',
    });
    expect(ids(cityServices.services)).toEqual([
      'mp-hangzhou-metro',
      'mp-westlake-boat',
      'mp-home-cleaning',
    ]);
    const topics = cityServices.trendingTopics;
    expect(ids(topics)).toEqual(['topic-westlake-osmanthus', 'topic-hangzhou-marathon']);
    hottestFirst(topics);
    for (const topic of topics) {
      expect(topic.city).toBe('hangzhou');
      // Each is about one of the portal's services.
      expect(
        ids(topic.relatedMiniPrograms).some((id) => ids(cityServices.services).includes(id)),
      ).toBe(true);
    }
    // The services' topics bring their stores (from maps) and products (from commerce) along.
    expect(topics[0]!.relatedStores).toContainEqual({
      id: 'store-louwailou-gushan',
      nameEn: 'Louwailou (Gushan)',
    });
    expect(ids(topics[1]!.relatedProducts)).toEqual(['prod-xiaomi-band']);
  });

  it("shows Hangzhou's life portal: topics about stores and products, the country's too", async () => {
    const life = await portal('hangzhou', 'LIFE', 20);
    const topics = life.trendingTopics;
    hottestFirst(topics);
    expect(ids(topics)).toContain('topic-kfc-crazy-thursday');
    expect(ids(topics)).not.toContain('topic-shanghai-metro-18');
    for (const topic of topics) {
      expect([null, 'hangzhou']).toContain(topic.city);
      expect(topic.relatedStores.length + topic.relatedProducts.length).toBeGreaterThan(0);
    }
    expect(ids((await portal('hangzhou', 'LIFE', 1)).trendingTopics)).toEqual([topics[0]!.id]);
  });

  it("keeps each city's topics in its own portals", async () => {
    expect(ids((await portal('shanghai', 'CITY_SERVICES')).trendingTopics)).toEqual([
      'topic-shanghai-metro-18',
    ]);
    expect(ids((await portal('shanghai', 'LIFE')).trendingTopics)).toEqual([
      'topic-kfc-crazy-thursday',
    ]);
  });

  it('lists a city’s portals, and answers a city without any', async () => {
    const { body } = await postGraphQL(
      graph.gatewayUrl,
      `{ hangzhou: portals(city: "hangzhou") { kind } beijing: portals(city: "beijing") { kind } }`,
    );
    expect(body).toEqual({
      data: { hangzhou: [{ kind: 'CITY_SERVICES' }, { kind: 'LIFE' }], beijing: [] },
    });
    const missing = await postGraphQL(graph.gatewayUrl, PORTAL, {
      city: 'beijing',
      kind: 'LIFE',
    });
    expect(missing.body.data.portal).toBeNull();
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
