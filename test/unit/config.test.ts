import { ConfigError, loadGatewayConfig, loadSubgraphConfig } from '../../lib/config';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('runs on the defaults with no environment at all', () => {
    const gateway = loadGatewayConfig({});
    expect(gateway.port).toBe(4000);
    expect(gateway.apolloTelemetry).toBe(false);
    const payments = loadSubgraphConfig('payments', {});
    expect(payments.port).toBe(4001);
    expect(payments.database.url).toBeUndefined();
    expect(payments.database.seed).toBe(true);
  });

  it('refuses to start production without a JWT secret', () => {
    expect(problemsOf(() => loadGatewayConfig({ NODE_ENV: 'production' }))).toEqual([
      expect.stringContaining('HUTONG_JWT_SECRET is required in production'),
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      loadGatewayConfig({
        HUTONG_GATEWAY_PORT: 'eighty',
        HUTONG_MAPS_URL: 'not a url',
        HUTONG_LOG_LEVEL: 'loud',
      }),
    );
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(
      /HUTONG_GATEWAY_PORT[\s\S]*HUTONG_MAPS_URL|HUTONG_MAPS_URL[\s\S]*HUTONG_GATEWAY_PORT/,
    );
  });

  it('prefers a subgraph database URL over the shared one', () => {
    const config = loadSubgraphConfig('food', {
      DATABASE_URL: 'postgres://localhost/shared',
      FOOD_DATABASE_URL: 'postgres://localhost/food',
    });
    expect(config.database.url).toBe('postgres://localhost/food');
  });

  it('does not seed production data by default', () => {
    expect(loadSubgraphConfig('maps', { NODE_ENV: 'production' }).database.seed).toBe(false);
  });
});
