/**
 * The configuration reference (gateway/README.md) is the one `npm run docs` generates from the
 * declared settings, and names every variable the configuration code reads.
 */
import fs from 'node:fs';
import { README_FILE, SETTING_GROUPS, generatedReadme } from '../../schema/config-docs';
import { GATEWAY_FEATURES } from '../../gateway/features';
import { configurationSource } from '../support/configuration';

const config = configurationSource();
// The configuration reference lives beside the gateway; the top README links to it.
const readme = fs.readFileSync(README_FILE, 'utf8');

describe('README configuration reference', () => {
  it('is the one npm run docs generates from the declared settings', async () => {
    expect(await generatedReadme(readme)).toBe(readme);
  });

  const named = [
    ...new Set(
      [...config.matchAll(/'((?:HUTONG|APOLLO)_[A-Z_]+|DATABASE_URL)'/g)].map((m) => m[1]!),
    ),
  ];

  it('finds the variables the configuration reads', () => {
    expect(named).toEqual(
      expect.arrayContaining(['HUTONG_JWT_SECRET', 'HUTONG_PERSISTED_ONLY', 'DATABASE_URL']),
    );
  });

  it.each(named.filter((name) => !name.startsWith('APOLLO_')))('documents %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it('documents the per-subgraph and per-owner variables', () => {
    for (const pattern of ['HUTONG_<NAME>_PORT', 'HUTONG_<NAME>_URL', '<NAME>_DATABASE_URL']) {
      expect(readme).toContain(pattern);
    }
    expect(readme).toContain('`HUTONG_FOOD_PAYMENT_SECRET`');
    expect(readme).toContain('`HUTONG_COMMERCE_PAYMENT_SECRET`');
  });

  it('declares every setting once: one name, one group', () => {
    const names = SETTING_GROUPS.flatMap((group) => group.settings.map((setting) => setting.name));
    // A subgraph reads HUTONG_MEMORY_MB and HUTONG_GATEWAY_SECRET too, with a meaning of its own.
    const perService = names.filter(
      (name) => name !== 'HUTONG_MEMORY_MB' && name !== 'HUTONG_GATEWAY_SECRET',
    );
    expect(perService).toEqual([...new Set(perService)]);
  });

  it("documents every feature's settings in the concern tables", () => {
    const documented = new Set(
      SETTING_GROUPS.flatMap((group) => group.settings.map((setting) => setting)),
    );
    for (const feature of GATEWAY_FEATURES)
      for (const setting of feature.settings)
        expect([feature.name, documented.has(setting)]).toEqual([feature.name, true]);
  });
});
