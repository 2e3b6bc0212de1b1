import { ConfigError, DEVELOPMENT_GATEWAY_SECRET } from '../../lib/config';
import {
  DEVELOPMENT_JWT_SECRET,
  gatewayWorkerMemoryMb,
  loadGatewayConfig,
} from '../../gateway/config';
import {
  DEVELOPMENT_COUPON_SECRET,
  DEVELOPMENT_VISIT_PROOF_SECRET,
  DEVELOPMENT_PAYMENT_REQUEST_SECRETS,
  loadSubgraphConfig,
} from '../../subgraphs/kit/config';

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
      expect.stringContaining('HUTONG_PAYMENTS_URL is required in production for food'),
      expect.stringContaining('HUTONG_COUPON_SECRET is required in production'),
      expect.stringContaining('HUTONG_GATEWAY_SECRET is required in production'),
    ]);
    // Payments reads no coupon: it is not asked for the secret.
    expect(
      problemsOf(() => loadSubgraphConfig('payments', { NODE_ENV: 'production' })),
    ).not.toEqual(expect.arrayContaining([expect.stringContaining('HUTONG_COUPON_SECRET')]));
    // Payments signs visit proofs and social checks them; food signs none.
    for (const name of ['payments', 'social'] as const) {
      expect(problemsOf(() => loadSubgraphConfig(name, { NODE_ENV: 'production' }))).toContainEqual(
        expect.stringContaining('HUTONG_VISIT_PROOF_SECRET is required in production'),
      );
    }
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

  it('refuses, in production, every development secret the source publishes, in any setting, and placeholders', () => {
    const developmentSecrets = [
      DEVELOPMENT_GATEWAY_SECRET,
      DEVELOPMENT_JWT_SECRET,
      ...Object.values(DEVELOPMENT_PAYMENT_REQUEST_SECRETS),
      DEVELOPMENT_COUPON_SECRET,
      DEVELOPMENT_VISIT_PROOF_SECRET,
    ];
    const placeholders = [' '.repeat(32), 'a'.repeat(40), 'abababababababababababababababab'];
    const padded = ' d41c8e07b95f2a3e6c18d07f4b29e53a ';
    for (const secret of [...developmentSecrets, ...placeholders, padded]) {
      const everySecret = {
        NODE_ENV: 'production',
        HUTONG_GATEWAY_SECRET: secret,
        HUTONG_FOOD_PAYMENT_SECRET: secret,
        HUTONG_COMMERCE_PAYMENT_SECRET: secret,
        HUTONG_COUPON_SECRET: secret,
        HUTONG_VISIT_PROOF_SECRET: secret,
      };
      expect(
        problemsOf(() =>
          loadGatewayConfig({ ...everySecret, HUTONG_JWKS_URL: 'https://sign-in.example/jwks' }),
        ),
      ).toEqual([
        expect.stringMatching(/^HUTONG_GATEWAY_SECRET (is a development|has fewer|begins)/),
      ]);
      // A secret given is checked even where it is not required.
      expect(problemsOf(() => loadSubgraphConfig('payments', everySecret))).toEqual([
        expect.stringMatching(/^HUTONG_FOOD_PAYMENT_SECRET /),
        expect.stringMatching(/^HUTONG_COMMERCE_PAYMENT_SECRET /),
        expect.stringMatching(/^HUTONG_COUPON_SECRET /),
        expect.stringMatching(/^HUTONG_VISIT_PROOF_SECRET /),
        expect.stringMatching(/^HUTONG_GATEWAY_SECRET /),
      ]);
      expect(
        problemsOf(() =>
          loadSubgraphConfig('commerce', {
            ...everySecret,
            HUTONG_PAYMENTS_URL: 'http://payments.hutong.svc:4001/graphql',
          }),
        ),
      ).toEqual([
        expect.stringMatching(/^HUTONG_FOOD_PAYMENT_SECRET /),
        expect.stringMatching(/^HUTONG_COMMERCE_PAYMENT_SECRET /),
        expect.stringMatching(/^HUTONG_COUPON_SECRET /),
        expect.stringMatching(/^HUTONG_VISIT_PROOF_SECRET /),
        expect.stringMatching(/^HUTONG_GATEWAY_SECRET /),
      ]);
    }
    // Development keeps running on them, as it must for `npm start` to need nothing.
    expect(() =>
      loadSubgraphConfig('payments', { HUTONG_GATEWAY_SECRET: DEVELOPMENT_GATEWAY_SECRET }),
    ).not.toThrow();
  });

  it('verifies, and never signs, user tokens in production: a JWKS over https, no HS256 secret', () => {
    const production = {
      NODE_ENV: 'production',
      HUTONG_GATEWAY_SECRET: 'g-secret-5e0c93a7b41f28d6e9c07b3a',
    };
    expect(
      problemsOf(() =>
        loadGatewayConfig({
          ...production,
          HUTONG_JWKS_URL: 'https://sign-in.example/jwks.json',
          HUTONG_JWT_SECRET: 'j-secret-5e0c93a7b41f28d6e9c07b3a',
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
      HUTONG_GATEWAY_SECRET: 'g-secret-5e0c93a7b41f28d6e9c07b3a',
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
    const production = {
      NODE_ENV: 'production',
      HUTONG_GATEWAY_SECRET: 'g-secret-5e0c93a7b41f28d6e9c07b3a',
    };
    expect(loadSubgraphConfig('maps', production).database.seed).toBe(false);
  });

  describe('resources', () => {
    const production = {
      NODE_ENV: 'production',
      HUTONG_JWKS_URL: 'https://sign-in.example/jwks.json',
      HUTONG_GATEWAY_SECRET: 'g-secret-5e0c93a7b41f28d6e9c07b3a',
      HUTONG_FOOD_PAYMENT_SECRET: 'f-secret-5e0c93a7b41f28d6e9c07b3a',
      HUTONG_COMMERCE_PAYMENT_SECRET: 'c-secret-5e0c93a7b41f28d6e9c07b3a',
      HUTONG_VISIT_PROOF_SECRET: 'v-secret-5e0c93a7b41f28d6e9c07b3a',
    };

    it('bounds how long a client may take and how many may connect, everywhere', () => {
      for (const config of [loadGatewayConfig({}), loadSubgraphConfig('maps', production)]) {
        expect(config.http).toEqual({
          headersTimeoutMs: 10_000,
          requestTimeoutMs: 30_000,
          keepAliveTimeoutMs: 65_000,
          maxConnections: 1024,
        });
      }
    });

    it('refuses a headers timeout longer than the whole request may take', () => {
      const env = { HUTONG_HEADERS_TIMEOUT_MS: '5000', HUTONG_REQUEST_TIMEOUT_MS: '1000' };
      const refusal = [expect.stringContaining('must not exceed HUTONG_REQUEST_TIMEOUT_MS')];
      expect(problemsOf(() => loadGatewayConfig(env))).toEqual(refusal);
      expect(problemsOf(() => loadSubgraphConfig('food', env))).toEqual(refusal);
    });

    it('serves metrics on listeners of their own in production, on the service port elsewhere', () => {
      expect(loadGatewayConfig(production).metrics).toEqual({ port: 9090, host: '0.0.0.0' });
      expect(loadSubgraphConfig('payments', production).metrics?.port).toBe(9091);
      expect(loadSubgraphConfig('social', production).metrics?.port).toBe(9095);
      expect(loadGatewayConfig({}).metrics).toBeUndefined();
      expect(loadSubgraphConfig('maps', {}).metrics).toBeUndefined();
      expect(
        loadSubgraphConfig('maps', {
          HUTONG_MAPS_METRICS_PORT: '9200',
          HUTONG_METRICS_HOST: '10.1.2.3',
        }).metrics,
      ).toEqual({ port: 9200, host: '10.1.2.3' });
    });

    it('refuses a metrics port that is the service port', () => {
      expect(
        problemsOf(() => loadGatewayConfig({ HUTONG_METRICS_PORT: '4000' })).join('\n'),
      ).toContain('the metrics port must differ from the service port');
      expect(
        problemsOf(() => loadSubgraphConfig('food', { HUTONG_FOOD_METRICS_PORT: '4003' })).join(
          '\n',
        ),
      ).toContain('the metrics port must differ from the service port');
    });

    it("shares a clustered gateway's memory among its workers, and refuses shares too small", () => {
      const single = loadGatewayConfig({ ...production, HUTONG_GATEWAY_WORKERS: '1' });
      expect(gatewayWorkerMemoryMb(single)).toBe(256);
      const four = loadGatewayConfig({ ...production, HUTONG_GATEWAY_WORKERS: '4' });
      expect(gatewayWorkerMemoryMb(four)).toBe(256);
      const tight = loadGatewayConfig({
        ...production,
        HUTONG_GATEWAY_WORKERS: '2',
        HUTONG_MEMORY_MB: '512',
      });
      expect(gatewayWorkerMemoryMb(tight)).toBe(208);
      expect(
        problemsOf(() =>
          loadGatewayConfig({
            ...production,
            HUTONG_GATEWAY_WORKERS: '4',
            HUTONG_MEMORY_MB: '256',
          }),
        ),
      ).toEqual([expect.stringContaining('leaves 40 MB to each of 4 gateway workers')]);
      expect(problemsOf(() => loadSubgraphConfig('maps', { HUTONG_MEMORY_MB: '100' }))).toEqual([
        expect.stringContaining('a subgraph process needs at least 192'),
      ]);
    });

    it("fits the gateway's caches to its heap", () => {
      expect(loadGatewayConfig({}).cache).toMatchObject({
        maxMegabytes: 32,
        operationMegabytes: 2,
      });
      expect(loadGatewayConfig({ HUTONG_MEMORY_MB: '200' }).cache.maxMegabytes).toBe(25);
      expect(problemsOf(() => loadGatewayConfig({ HUTONG_CACHE_MAX_MB: '100' }))).toEqual([
        expect.stringContaining(
          'HUTONG_CACHE_MAX_MB=100 does not fit the heap of a 256 MB gateway',
        ),
      ]);
    });

    it('caps a subgraph answer far above the home query', () => {
      expect(loadGatewayConfig({}).subgraphMaxResponseBytes).toBe(1024 * 1024);
      expect(
        loadGatewayConfig({ HUTONG_SUBGRAPH_MAX_RESPONSE_BYTES: '4096' }).subgraphMaxResponseBytes,
      ).toBe(4096);
    });
  });
});
