/**
 * Commerce's limits are documented in its schema in words; these checks keep
 * the words, the constants the code enforces and the database defaults in step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../../subgraphs/commerce/data/shopOrders';

const commerceDir = path.join(__dirname, '../../../subgraphs/commerce');
const schema = fs
  .readFileSync(path.join(commerceDir, 'schema.graphql'), 'utf8')
  .replace(/\s+/g, ' ');
/** The campaign limits' columns, as the migrations that add them declare them. */
const campaigns = ['003_coupon_campaigns.sql', '009_device_day_limit.sql']
  .map((file) => fs.readFileSync(path.join(commerceDir, 'data/migrations', file), 'utf8'))
  .join('\n');

function columnDefault(column: string): number {
  const match = new RegExp(`${column} integer NOT NULL DEFAULT (\\d+)`).exec(campaigns);
  if (!match) throw new Error(`no default for ${column}`);
  return Number(match[1]);
}

describe('commerce limits as documented in the schema', () => {
  it('states the order size the code enforces', () => {
    expect(schema).toContain(`1 to ${MAX_ORDER_LINES} lines, each product at most once`);
    expect(schema).toContain(`""" 1 to ${MAX_LINE_QUANTITY}. """ quantity: Int!`);
  });

  it.each([
    ['perUserLimit', 'per_user_limit'],
    ['claimsPerUserPerMinute', 'claims_per_user_per_minute'],
    ['claimsPerDevicePerMinute', 'claims_per_device_per_minute'],
    ['claimsPerDevicePerDay', 'claims_per_device_per_day'],
  ])('states the default of %s the database applies', (field, column) => {
    const description = new RegExp(`"""([^"]*)""" ${field}: Int!`).exec(schema)?.[1] ?? '';
    expect(description).toMatch(new RegExp(`\\b${columnDefault(column)} unless the campaign`));
  });

  it('documents that a line ships wholly from one place', () => {
    expect(schema).toContain('a line is never split');
  });
});
