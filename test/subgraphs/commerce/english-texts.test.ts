/**
 * Coupon, campaign and favorite texts that used to carry both languages in one
 * string ("西湖游船 West Lake Boats") are split into their Chinese and English
 * fields when the marketplace migrates, so a database that holds them from
 * before loses nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../../subgraphs/kit/database';
import { migrate } from '../../../subgraphs/kit/migrations';
import { openEmptyPglite } from '../../support/database-templates';

const MIGRATIONS = path.join(__dirname, '../../../subgraphs/commerce/data/migrations');
const SPLIT = '011_english_texts.sql';

let db: Database;
let before: string;
beforeAll(async () => {
  db = await openEmptyPglite('english-texts');
  // The marketplace's database as it stood before the split.
  before = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-commerce-before-'));
  for (const file of fs.readdirSync(MIGRATIONS).filter((f) => f < SPLIT)) {
    fs.copyFileSync(path.join(MIGRATIONS, file), path.join(before, file));
  }
  await migrate(db, before);
});
afterAll(async () => {
  await db.close();
  fs.rmSync(before, { recursive: true, force: true });
});

it('splits each text at the first space after which no Chinese follows', async () => {
  await db.exec(`
    INSERT INTO favorite_targets (kind, id, title, benefit) VALUES
      ('MINI_PROGRAM', 'mp-a', '杭州地铁 Hangzhou Metro', '乘车立减1元 1 yuan off a ride'),
      ('MINI_PROGRAM', 'mp-b', '只有中文', NULL);
    INSERT INTO coupon_campaigns (id, title, discount, minimum_spend, channel, budget, remaining,
        per_user_limit, claims_per_user_per_minute, claims_per_device_per_minute, coupon_valid_days,
        starts_at, ends_at)
      VALUES ('camp-a', '肯德基满50减10 KFC 10 off 50', 1000, 5000, 'CLAIM', 1, 1, 1, 1, 1, 1, now(), now() + interval '1 day');
  `);
  fs.copyFileSync(path.join(MIGRATIONS, SPLIT), path.join(before, SPLIT));
  await migrate(db, before);

  expect(
    await db.query(
      'SELECT id, title, title_en, benefit, benefit_en FROM favorite_targets ORDER BY id',
    ),
  ).toEqual([
    {
      id: 'mp-a',
      title: '杭州地铁',
      title_en: 'Hangzhou Metro',
      benefit: '乘车立减1元',
      benefit_en: '1 yuan off a ride',
    },
    // A text without English keeps its text in both fields.
    { id: 'mp-b', title: '只有中文', title_en: '只有中文', benefit: null, benefit_en: null },
  ]);
  expect(await db.query('SELECT title, title_en FROM coupon_campaigns')).toEqual([
    { title: '肯德基满50减10', title_en: 'KFC 10 off 50' },
  ]);
  // From now on a benefit comes in both languages or in none.
  await expect(
    db.query(
      `INSERT INTO favorite_targets (kind, id, title, title_en, benefit) VALUES ('SHOP', 's', '店', 'Shop', '礼')`,
    ),
  ).rejects.toThrow(/favorite_targets_benefit_in_both/);
});
