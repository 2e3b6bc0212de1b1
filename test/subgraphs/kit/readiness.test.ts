/**
 * GET /ready, the readiness probe, against GET /health, the liveness probe: a
 * subgraph whose database stops answering is alive but not ready. (Readiness
 * during shutdown: test/e2e/graceful-shutdown.test.ts.)
 */
import { SUBGRAPHS } from '../../../subgraphs';
import { startSubgraph, type RunningSubgraph } from '../../support/harness';

async function probe(subgraph: RunningSubgraph, path: '/ready' | '/health') {
  const response = await fetch(subgraph.url.replace('/graphql', path));
  return { status: response.status, body: await response.json() };
}

describe('readiness', () => {
  let social: RunningSubgraph;
  beforeAll(async () => {
    social = await startSubgraph(SUBGRAPHS.social);
  });
  afterAll(() => social.service.close());

  it('is ready once listening with its database answering', async () => {
    expect(await probe(social, '/ready')).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await probe(social, '/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is alive but not ready while its database does not answer', async () => {
    await social.db.close();
    expect(await probe(social, '/ready')).toEqual({
      status: 503,
      body: { status: 'unavailable' },
    });
    expect((await probe(social, '/health')).status).toBe(200);
  });
});
