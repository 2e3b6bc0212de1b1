/**
 * HUTONG_SANDBOX: on by default outside production, off in production, and
 * refused there when asked for, since the sandbox hands out tokens and talks
 * to subgraphs past their credential check.
 */
import { ConfigError } from '../../lib/config';
import { loadGatewayConfig } from '../../gateway/config';
import { loadSubgraphConfig } from '../../subgraphs/kit/config';
import { PRODUCTION_ENV } from '../support/production';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('HUTONG_SANDBOX', () => {
  it('is on in development and under test, for the gateway and every subgraph', () => {
    expect(loadGatewayConfig({}).sandbox).toBe(true);
    expect(loadGatewayConfig({ NODE_ENV: 'test' }).sandbox).toBe(true);
    expect(loadSubgraphConfig('maps', {}).sandbox).toBe(true);
  });

  it('is off in production', () => {
    expect(loadGatewayConfig(PRODUCTION_ENV).sandbox).toBe(false);
    expect(loadSubgraphConfig('maps', PRODUCTION_ENV).sandbox).toBe(false);
  });

  it('can be switched off in development', () => {
    expect(loadGatewayConfig({ HUTONG_SANDBOX: 'false' }).sandbox).toBe(false);
    expect(loadSubgraphConfig('social', { HUTONG_SANDBOX: '0' }).sandbox).toBe(false);
  });

  it('is refused in production, with the reason', () => {
    const production = { ...PRODUCTION_ENV, HUTONG_SANDBOX: 'true' };
    expect(problemsOf(() => loadGatewayConfig(production))).toEqual([
      'HUTONG_SANDBOX=true is for development only, not with NODE_ENV=production',
    ]);
    expect(problemsOf(() => loadSubgraphConfig('payments', production))).toEqual([
      'HUTONG_SANDBOX=true is for development only, not with NODE_ENV=production',
    ]);
  });

  it('must be true or false', () => {
    expect(problemsOf(() => loadGatewayConfig({ HUTONG_SANDBOX: 'maybe' }))).toEqual([
      'HUTONG_SANDBOX="maybe": expected true or false',
    ]);
  });
});
