/** The configuration table (gateway/README.md) stays true to the code that reads the environment. */
import fs from 'node:fs';
import path from 'node:path';
import { configurationSource } from '../support/configuration';

const ROOT = path.resolve(__dirname, '../..');
const config = configurationSource();
// The configuration reference lives beside the gateway; the top README links to it.
const readme = fs.readFileSync(path.join(ROOT, 'gateway/README.md'), 'utf8');

describe('README configuration table', () => {
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
});
