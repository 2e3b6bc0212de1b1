/**
 * Identical subgraph fetches already on their way are sent once: requests for
 * the same viewer share them, requests of different viewers never do.
 */
import { startFaultySubgraph, type FaultySubgraph } from '../support/faults';
import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  type RunningGateway,
  type RunningSubgraph,
} from '../support/harness';
import { valueOf } from '../support/prometheus';
import { waitFor } from '../support/steady-load';
import type { SubgraphName } from '../../lib/config';

const HOME = readOperation('MiniProgramHome');

/** What the gateway's metrics count of fetches to `subgraph` that joined one on its way. */
async function collapsed(gateway: RunningGateway, subgraph: SubgraphName): Promise<number> {
  const text = await gateway.gateway.observability.metrics.registry.metrics();
  return valueOf(text, 'hutong_gateway_subgraph_fetches_collapsed_total', { subgraph });
}

describe('collapsing identical in-flight fetches', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let social: FaultySubgraph;
  let payments: FaultySubgraph;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    social = await startFaultySubgraph(subgraphs.social.url);
    payments = await startFaultySubgraph(subgraphs.payments.url);
    gateway = await startGateway(subgraphs, {
      route: (name, url) =>
        name === 'social' ? social.url : name === 'payments' ? payments.url : url,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await social.close();
    await payments.close();
    await stopSubgraphs(subgraphs);
  });

  it('sends one fetch for ten identical requests of one viewer, and answers all ten', async () => {
    social.mode = 'hold';
    const before = social.requests();
    const collapsedBefore = await collapsed(gateway, 'social');
    const answering = Promise.all(
      Array.from({ length: 10 }, () =>
        postGraphQL(gateway.gatewayUrl, HOME, HUBIN, bearer('demo')),
      ),
    );
    await waitFor(
      async () => (await collapsed(gateway, 'social')) - collapsedBefore >= 9,
      'nine requests joining the first',
    );
    social.mode = 'pass';
    const answers = await answering;
    expect(social.requests() - before).toBe(1);
    for (const { body } of answers) {
      expect(body.errors).toBeUndefined();
      expect(body.data.trendingTopics).toEqual(answers[0]!.body.data.trendingTopics);
      expect(body.data.me.id).toBe('demo');
    }
    expect((await collapsed(gateway, 'social')) - collapsedBefore).toBe(9);
  });

  it("never shares one viewer's fetch with another", async () => {
    payments.mode = 'hold';
    const before = payments.requests();
    const collapsedBefore = await collapsed(gateway, 'payments');
    const answering = Promise.all([
      postGraphQL(gateway.gatewayUrl, HOME, HUBIN, bearer('demo')),
      postGraphQL(gateway.gatewayUrl, HOME, HUBIN, bearer('u-lin')),
    ]);
    // Both viewers' first wallet fetches wait at the subgraph at once: neither joined the other.
    await waitFor(() => payments.held() >= 2, "both viewers' wallet fetches in flight");
    payments.mode = 'pass';
    const [demo, lin] = await answering;
    expect(demo.body.data.me.id).toBe('demo');
    expect(lin.body.data.me.id).toBe('u-lin');
    expect(lin.body.data.me.membership.tier).toBe('PLATINUM');
    // Each viewer's wallet fetches went out on their own.
    expect(payments.requests() - before).toBe(4);
    expect(await collapsed(gateway, 'payments')).toBe(collapsedBefore);
  });
});
