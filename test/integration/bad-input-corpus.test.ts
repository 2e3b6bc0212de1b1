/**
 * The bad-input corpus against the gateway in production configuration, with
 * persisted-only off so that every other defence is exercised: each request is
 * answered with a 4xx or a GraphQL error in JSON (never HTML, a stack or a
 * suggestion, never a 500 or INTERNAL_SERVER_ERROR), reaches no subgraph,
 * writes no error-level log line and leaves the gateway healthy.
 */
import { BAD_REQUESTS, send } from '../corpus/bad-requests';
import { startGraph, type RunningGraph } from '../support/harness';
import { capturedLog } from '../support/logs';
import { PRODUCTION_ENV } from '../support/production';

const ERROR_LEVEL = 50;

describe('the bad-input corpus against the production gateway', () => {
  let graph: RunningGraph;
  const { log, records } = capturedLog();
  const subgraphRequests = () =>
    Object.values(graph.subgraphs).reduce((sum, subgraph) => sum + subgraph.requests(), 0);

  beforeAll(async () => {
    graph = await startGraph({
      gatewayEnv: { ...PRODUCTION_ENV, HUTONG_PERSISTED_ONLY: 'false' },
      log,
    });
  });
  afterAll(() => graph.close());

  it.each(BAD_REQUESTS.map((bad) => [bad.name, bad] as const))(
    'answers %s safely',
    async (_, bad) => {
      const before = subgraphRequests();
      const logged = records.length;
      const answer = await send(graph.gatewayUrl, bad);

      expect(answer.type).toMatch(/^application\/(graphql-response\+)?json/);
      const body = JSON.parse(answer.text);
      if (bad.data !== undefined) {
        expect(body.data).toEqual(bad.data);
      } else {
        expect(answer.status >= 400 || body.errors?.length > 0).toBe(true);
        expect(answer.status).toBeLessThan(500);
        expect(body.errors?.length).toBeGreaterThan(0);
        if (bad.code) expect(body.errors[0].extensions.code).toBe(bad.code);
      }
      expect(JSON.stringify(body.errors ?? [])).not.toContain('INTERNAL_SERVER_ERROR');
      expect(records.slice(logged).filter((record) => record.level >= ERROR_LEVEL)).toEqual([]);
      expect(answer.text).not.toMatch(/Did you mean|stacktrace|<html|localhost:\d+|SELECT /i);
      if (bad.data === undefined) expect(subgraphRequests()).toBe(before);

      const health = await fetch(graph.gatewayUrl.replace('/graphql', '/health'));
      expect(health.status).toBe(200);
    },
  );
});
