/** The settings for stopping, reloading and PostgreSQL: defaults, overrides and refusals. */
import type { ConfigError } from '../../lib/config';
import { loadGatewayConfig } from '../../gateway/config';
import { loadSubgraphConfig } from '../../subgraphs/kit/config';

const PRODUCTION = {
  NODE_ENV: 'production',
  HUTONG_JWKS_URL: 'https://sign-in.example/jwks.json',
  HUTONG_GATEWAY_SECRET: 'g-secret-5e0c93a7b41f28d6e9c07b3a',
};

describe('operations configuration', () => {
  it('stops at once on a laptop and after a delay behind a production balancer', () => {
    expect(loadGatewayConfig({}).shutdown).toEqual({ delayMs: 0, graceMs: 10_000 });
    expect(loadGatewayConfig(PRODUCTION).shutdown).toEqual({ delayMs: 5000, graceMs: 10_000 });
    expect(
      loadSubgraphConfig('maps', { HUTONG_SHUTDOWN_DELAY_MS: '0', HUTONG_SHUTDOWN_GRACE_MS: '300' })
        .shutdown,
    ).toEqual({ delayMs: 0, graceMs: 300 });
  });

  it('gives every subgraph the shared pool settings unless its own are set', () => {
    const env = {
      HUTONG_DB_POOL_SIZE: '20',
      HUTONG_DB_STATEMENT_TIMEOUT_MS: '2000',
      HUTONG_PAYMENTS_DB_POOL_SIZE: '40',
      HUTONG_PAYMENTS_DB_STATEMENT_TIMEOUT_MS: '0',
    };
    expect(loadSubgraphConfig('payments', env).database).toMatchObject({
      poolSize: 40,
      statementTimeoutMs: 0,
      connectTimeoutMs: 5000,
    });
    expect(loadSubgraphConfig('maps', env).database).toMatchObject({
      poolSize: 20,
      statementTimeoutMs: 2000,
    });
    expect(loadSubgraphConfig('maps', {}).database).toMatchObject({
      poolSize: 10,
      statementTimeoutMs: 5000,
    });
  });

  it('reads the supergraph from a URL, polled', () => {
    const config = loadGatewayConfig({
      HUTONG_SUPERGRAPH_URL: 'https://registry.example.com/hutong/supergraph.graphql',
      HUTONG_SUPERGRAPH_POLL_MS: '30000',
    });
    expect(config.supergraphUrl).toBe('https://registry.example.com/hutong/supergraph.graphql');
    expect(config.supergraphPollMs).toBe(30_000);
    expect(loadGatewayConfig({}).supergraphUrl).toBeUndefined();
  });

  it('reads the persisted-operation manifest from a file or a URL, polled', () => {
    const config = loadGatewayConfig({
      HUTONG_PERSISTED_OPERATIONS_URL:
        'https://registry.example.com/hutong/persisted-operations.json',
      HUTONG_PERSISTED_OPERATIONS_POLL_MS: '2000',
    });
    expect(config.operations).toMatchObject({
      manifestUrl: 'https://registry.example.com/hutong/persisted-operations.json',
      manifestPollMs: 2000,
    });
    expect(loadGatewayConfig({}).operations).toMatchObject({
      manifestFile: expect.stringMatching(/schema\/persisted-operations\.json$/),
      manifestUrl: undefined,
      manifestPollMs: 10_000,
    });
  });

  it('refuses values that are not what they claim, naming each', () => {
    let problems: string[] = [];
    try {
      loadSubgraphConfig('food', {
        HUTONG_DB_POOL_SIZE: '0',
        HUTONG_FOOD_DB_STATEMENT_TIMEOUT_MS: '-1',
        HUTONG_SHUTDOWN_GRACE_MS: 'ten seconds',
      });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('HUTONG_SHUTDOWN_GRACE_MS'),
        expect.stringContaining('HUTONG_FOOD_DB_STATEMENT_TIMEOUT_MS'),
        expect.stringContaining('HUTONG_DB_POOL_SIZE'),
      ]),
    );
  });
});
