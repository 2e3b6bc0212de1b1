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

  it('refuses to start production without its secrets, naming each', () => {
    expect(problemsOf(() => loadGatewayConfig({ NODE_ENV: 'production' }))).toEqual([
      expect.stringContaining('HUTONG_JWKS_FILE or HUTONG_JWKS_URL is required in production'),
      expect.stringContaining('HUTONG_GATEWAY_SECRET is required in production'),
    ]);
    expect(problemsOf(() => loadSubgraphConfig('food', { NODE_ENV: 'production' }))).toEqual([
      expect.stringContaining('HUTONG_FOOD_PAYMENT_SECRET is required in production'),
      expect.stringContaining('HUTONG_GATEWAY_SECRET is required in production'),
    ]);
  });

  it('refuses short production secrets', () => {
    expect(
      problemsOf(() =>
        loadGatewayConfig({
          NODE_ENV: 'production',
          HUTONG_JWKS_URL: 'https://sign-in.example/jwks.json',
          HUTONG_GATEWAY_SECRET: 'short',
        }),
      ),
    ).toEqual([expect.stringContaining('HUTONG_GATEWAY_SECRET must be at least 32 characters')]);
  });

  it('verifies, and never signs, user tokens in production: a JWKS over https, no HS256 secret', () => {
    const production = { NODE_ENV: 'production', HUTONG_GATEWAY_SECRET: 'g'.repeat(32) };
    expect(
      problemsOf(() =>
        loadGatewayConfig({
          ...production,
          HUTONG_JWKS_URL: 'https://sign-in.example/jwks.json',
          HUTONG_JWT_SECRET: 'j'.repeat(32),
        }),
      ),
    ).toEqual([expect.stringContaining('HUTONG_JWT_SECRET (HS256) is for development')]);
    expect(
      problemsOf(() =>
        loadGatewayConfig({ ...production, HUTONG_JWKS_URL: 'http://sign-in.example/jwks.json' }),
      ),
    ).toEqual([expect.stringContaining('HUTONG_JWKS_URL')]);
    const config = loadGatewayConfig({ ...production, HUTONG_JWKS_FILE: '/etc/hutong/jwks.json' });
    expect(config.tokens).toMatchObject({
      hs256Secret: undefined,
      jwksFile: '/etc/hutong/jwks.json',
    });
  });

  it('reads token lifetimes as durations', () => {
    expect(loadGatewayConfig({ HUTONG_TOKEN_MAX_LIFETIME: '2h' }).tokens.maxLifetimeSeconds).toBe(
      7200,
    );
    expect(problemsOf(() => loadGatewayConfig({ HUTONG_TOKEN_MAX_LIFETIME: 'forever' }))).toEqual([
      expect.stringContaining('HUTONG_TOKEN_MAX_LIFETIME'),
    ]);
  });

  it('is safe by default in production: persisted operations only, no introspection, no suggestions', () => {
    const config = loadGatewayConfig({
      NODE_ENV: 'production',
      HUTONG_JWKS_URL: 'https://sign-in.example/jwks.json',
      HUTONG_GATEWAY_SECRET: 'g'.repeat(32),
    });
    expect(config).toMatchObject({
      persistedOnly: true,
      introspection: false,
      fieldSuggestions: false,
      corsOrigins: [],
    });
    expect(config.requestDeadlineMs).toBeLessThan(30_000);
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
    const production = { NODE_ENV: 'production', HUTONG_GATEWAY_SECRET: 'g'.repeat(32) };
    expect(loadSubgraphConfig('maps', production).database.seed).toBe(false);
  });
});
