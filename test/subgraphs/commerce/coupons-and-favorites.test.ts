/**
 * Coupons under attack and favorites with a gift, through the commerce
 * subgraph. Time windows are set up by writing earlier claims straight into
 * the test database: the rules read "now" from the database, so nothing sleeps.
 */
import { commerce } from '../../../subgraphs/commerce/server';
import { postToSubgraph } from '../../support/contract';
import { startSubgraph, storageModes, type RunningSubgraph } from '../../support/harness';

const CLAIM = `mutation ($input: CouponClaimInput!) {
  couponClaim(input: $input) {
    coupon { id title discount status campaign { id } }
    retryAfter
    userErrors { code message field }
  }
}`;

let subgraph: RunningSubgraph;
let keys = 0;

interface CampaignRules {
  budget?: number;
  perUserLimit?: number;
  perUserPerMinute?: number;
  perDevicePerMinute?: number;
  perDevicePerDay?: number;
  channel?: 'CLAIM' | 'FAVORITE_GIFT';
  running?: 'now' | 'ended' | 'future';
}

let campaigns = 0;
async function createCampaign(rules: CampaignRules = {}): Promise<string> {
  const id = `camp-test-${++campaigns}`;
  const budget = rules.budget ?? 100;
  const window = {
    now: ["now() - interval '1 day'", "now() + interval '1 day'"],
    ended: ["now() - interval '2 days'", "now() - interval '1 second'"],
    future: ["now() + interval '1 hour'", "now() + interval '1 day'"],
  }[rules.running ?? 'now'];
  await subgraph.db.query(
    `INSERT INTO coupon_campaigns (id, title, title_en, discount, minimum_spend, channel, budget, remaining,
       per_user_limit, claims_per_user_per_minute, claims_per_device_per_minute,
       claims_per_device_per_day, starts_at, ends_at)
     VALUES ($1, $2, $2, 500, 2000, $3, $4, $4, $5, $6, $7, $8, ${window[0]}, ${window[1]})`,
    [
      id,
      `Test campaign ${campaigns}`,
      rules.channel ?? 'CLAIM',
      budget,
      rules.perUserLimit ?? 1,
      rules.perUserPerMinute ?? 100,
      rules.perDevicePerMinute ?? 100,
      rules.perDevicePerDay ?? 100,
    ],
  );
  return id;
}

function claim(user: string | null, campaignId: string, deviceId: string, key?: string) {
  return postToSubgraph(
    subgraph,
    CLAIM,
    { input: { campaignId, deviceId, idempotencyKey: key ?? `claim-key-${++keys}` } },
    user ?? undefined,
  ).then((body) => ({ ...body, payload: body.data?.couponClaim }));
}

/** Writes a claim made `secondsAgo` seconds ago, as if it had gone through couponClaim then. */
async function pastClaim(campaignId: string, user: string, device: string, secondsAgo: number) {
  await subgraph.db.query(`UPDATE coupon_campaigns SET remaining = remaining - 1 WHERE id = $1`, [
    campaignId,
  ]);
  await subgraph.db.query(
    `INSERT INTO coupons (id, user_id, campaign_id, device_id, title, title_en, discount, minimum_spend, claimed_at, valid_until)
     VALUES ('cp-past-' || gen_random_uuid(), $2, $1, $3, '往期', 'past', 500, 2000,
             now() - make_interval(secs => $4), now() + interval '7 days')`,
    [campaignId, user, device, secondsAgo],
  );
}

const codes = (results: { payload: { userErrors: { code: string }[] } }[]) =>
  results.map((r) => r.payload.userErrors[0]?.code ?? 'OK');

async function remaining(campaignId: string) {
  const { data } = await postToSubgraph(
    subgraph,
    `query ($id: ID!) { couponCampaign(id: $id) { budget remaining } }`,
    { id: campaignId },
  );
  return data.couponCampaign.remaining as number;
}

const ADD = `mutation ($input: FavoriteAddInput!) {
  favoriteAdd(input: $input) {
    favorite { kind targetId title titleEn benefit benefitEn target { gift { id } } }
    gift { id discount campaign { id } }
    retryAfter
    userErrors { code message field }
  }
}`;
const REMOVE = `mutation ($input: FavoriteRemoveInput!) {
  favoriteRemove(input: $input) { removedTargetId userErrors { code field } }
}`;

/** Adds (from the user's own phone, unless another device is named) or removes a favorite. */
function favorite(
  mutation: string,
  user: string | null,
  kind: string,
  targetId: string,
  deviceId = `phone-${user}`,
) {
  const input = mutation === ADD ? { kind, targetId, deviceId } : { kind, targetId };
  return postToSubgraph(subgraph, mutation, { input }, user ?? undefined);
}

async function giftCoupons(user: string, campaignId: string) {
  const [row] = await subgraph.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM coupons WHERE user_id = $1 AND campaign_id = $2',
    [user, campaignId],
  );
  return row!.n;
}

// Rules that race are proven on PostgreSQL too, where transactions really run side by side.
describe.each(storageModes())('on %s', (storage) => {
  beforeAll(async () => {
    subgraph = await startSubgraph(commerce, storage);
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });

  describe('couponClaim', () => {
    it('gives the first claim a coupon that then shows on User.coupons', async () => {
      const campaign = await createCampaign();
      const { payload } = await claim('u-first', campaign, 'dev-first');
      expect(payload.userErrors).toEqual([]);
      expect(payload.retryAfter).toBeNull();
      expect(payload.coupon).toMatchObject({
        discount: 500,
        status: 'AVAILABLE',
        campaign: { id: campaign },
      });
      const { data } = await postToSubgraph(
        subgraph,
        `{ _entities(representations: [{ __typename: "User", id: "u-first" }]) {
          ... on User { coupons { id campaign { id remaining } } } } }`,
        {},
        'u-first',
      );
      expect(data._entities[0].coupons).toEqual([
        { id: payload.coupon.id, campaign: { id: campaign, remaining: 99 } },
      ]);
    });

    it('lets a user claim up to the per-user limit and refuses the next with CLAIM_LIMIT_REACHED', async () => {
      const campaign = await createCampaign({ perUserLimit: 2 });
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await claim('u-limit', campaign, `dev-limit-${i}`));
      expect(codes(results)).toEqual(['OK', 'OK', 'CLAIM_LIMIT_REACHED']);
      expect(results[2]!.payload.coupon).toBeNull();
      expect(await remaining(campaign)).toBe(98);
    });

    it('refuses a user’s claim over the per-minute velocity with TOO_MANY_CLAIMS and the time it is allowed again', async () => {
      const campaign = await createCampaign({ perUserLimit: 10, perUserPerMinute: 2 });
      await pastClaim(campaign, 'u-quick', 'dev-quick-1', 59);
      await pastClaim(campaign, 'u-quick', 'dev-quick-2', 30);
      const { payload } = await claim('u-quick', campaign, 'dev-quick-3');
      expect(payload.userErrors).toEqual([
        {
          code: 'TOO_MANY_CLAIMS',
          message: expect.stringContaining('Too many claims from this account'),
          field: null,
        },
      ]);
      // The claim 59 seconds old leaves the window one minute after it was made
      // (rounded up to the millisecond a DateTime carries).
      const [oldest] = await subgraph.db.query<{ at: Date }>(
        `SELECT date_trunc('milliseconds', min(claimed_at) + interval '1 minute 999 microseconds') AS at
         FROM coupons WHERE campaign_id = $1`,
        [campaign],
      );
      expect(payload.retryAfter).toBe(oldest!.at.toISOString());
      expect(payload.userErrors[0].message).toContain(oldest!.at.toISOString());
    });

    it('allows the claim once the older of two claims is more than a minute old', async () => {
      const campaign = await createCampaign({ perUserLimit: 10, perUserPerMinute: 2 });
      await pastClaim(campaign, 'u-patient', 'dev-patient-1', 61);
      await pastClaim(campaign, 'u-patient', 'dev-patient-2', 30);
      const { payload } = await claim('u-patient', campaign, 'dev-patient-3');
      expect(payload.userErrors).toEqual([]);
      // That was the second claim within the minute: the allowed last.
      const next = await claim('u-patient', campaign, 'dev-patient-4');
      expect(next.payload.userErrors[0].code).toBe('TOO_MANY_CLAIMS');
    });

    it('limits claims per device over a day too: a phone that waits out the minute gets no more', async () => {
      // The campaign's default: three a day. Two claims from the phone two and ten minutes ago...
      const campaign = await createCampaign({ perDevicePerMinute: 2, perDevicePerDay: 3 });
      await pastClaim(campaign, 'u-day-1', 'dev-day', 10 * 60);
      await pastClaim(campaign, 'u-day-2', 'dev-day', 2 * 60);
      // ...the third is the last allowed, the fourth refused until the oldest is a day old.
      expect((await claim('u-day-3', campaign, 'dev-day')).payload.userErrors).toEqual([]);
      const refused = await claim('u-day-4', campaign, 'dev-day');
      expect(refused.payload.userErrors).toEqual([
        {
          code: 'TOO_MANY_CLAIMS',
          message: expect.stringContaining('from this device in the last day'),
          field: ['input', 'deviceId'],
        },
      ]);
      const [oldest] = await subgraph.db.query<{ at: Date }>(
        `SELECT date_trunc('milliseconds', min(claimed_at) + interval '1 day 999 microseconds') AS at
         FROM coupons WHERE campaign_id = $1`,
        [campaign],
      );
      expect(refused.payload.retryAfter).toBe(oldest!.at.toISOString());
    });

    it('limits claims per device per minute, whichever accounts use it', async () => {
      const campaign = await createCampaign({ perDevicePerMinute: 3 });
      const results = [];
      for (const user of ['u-d1', 'u-d2', 'u-d3', 'u-d4'])
        results.push(await claim(user, campaign, 'dev-shared'));
      expect(codes(results)).toEqual(['OK', 'OK', 'OK', 'TOO_MANY_CLAIMS']);
      expect(results[3]!.payload.userErrors[0].field).toEqual(['input', 'deviceId']);
      expect(results[3]!.payload.retryAfter).not.toBeNull();
      // The same account on its own phone is fine.
      expect((await claim('u-d4', campaign, 'dev-own')).payload.userErrors).toEqual([]);
    });

    it('hands out exactly the budget and then answers CAMPAIGN_EXHAUSTED', async () => {
      const campaign = await createCampaign({ budget: 3 });
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(await claim(`u-budget-${i}`, campaign, `dev-b-${i}`));
      expect(codes(results)).toEqual(['OK', 'OK', 'OK', 'CAMPAIGN_EXHAUSTED']);
      expect(await remaining(campaign)).toBe(0);
    });

    it('keeps the budget when 20 users claim the last 5 coupons at once', async () => {
      const campaign = await createCampaign({ budget: 5 });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => claim(`u-rush-${i}`, campaign, `dev-rush-${i}`)),
      );
      expect(codes(results).filter((c) => c === 'OK')).toHaveLength(5);
      expect(codes(results).filter((c) => c === 'CAMPAIGN_EXHAUSTED')).toHaveLength(15);
      const [issued] = await subgraph.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM coupons WHERE campaign_id = $1',
        [campaign],
      );
      expect(issued!.n).toBe(5);
      expect(await remaining(campaign)).toBe(0);
    });

    it('keeps the per-user limit when one user fires ten claims at once', async () => {
      const campaign = await createCampaign({ perUserLimit: 1 });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => claim('u-greedy', campaign, `dev-greedy-${i}`)),
      );
      expect(codes(results).filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes(results).filter((c) => c === 'CLAIM_LIMIT_REACHED')).toHaveLength(9);
    });

    it('refuses blacklisted devices and users with BLOCKED', async () => {
      const campaign = await createCampaign();
      const byDevice = await claim('u-innocent', campaign, 'dev-farm-0001');
      const byUser = await claim('u-scalper-0001', campaign, 'dev-clean');
      for (const { payload } of [byDevice, byUser]) {
        expect(payload.coupon).toBeNull();
        expect(payload.userErrors).toEqual([
          expect.objectContaining({ code: 'BLOCKED', field: null }),
        ]);
      }
      expect(await remaining(campaign)).toBe(100);
    });

    it('refuses campaigns that are not running, gift-only or unknown', async () => {
      const ended = await createCampaign({ running: 'ended' });
      const future = await createCampaign({ running: 'future' });
      const gift = await createCampaign({ channel: 'FAVORITE_GIFT' });
      const results = [
        await claim('u-late', ended, 'dev-late'),
        await claim('u-late', future, 'dev-late'),
        await claim('u-late', gift, 'dev-late'),
        await claim('u-late', 'camp-nope', 'dev-late'),
      ];
      expect(codes(results)).toEqual([
        'CAMPAIGN_NOT_ACTIVE',
        'CAMPAIGN_NOT_ACTIVE',
        'NOT_CLAIMABLE',
        'UNKNOWN_CAMPAIGN',
      ]);
    });

    it('refuses a malformed device id with BAD_USER_INPUT and an anonymous claim with UNAUTHENTICATED', async () => {
      const campaign = await createCampaign();
      expect((await claim('u-x', campaign, '')).errors?.[0]?.extensions?.code).toBe(
        'BAD_USER_INPUT',
      );
      expect((await claim('u-x', campaign, 'a'.repeat(129))).errors?.[0]?.extensions?.code).toBe(
        'BAD_USER_INPUT',
      );
      expect((await claim(null, campaign, 'dev-x')).errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      expect(await remaining(campaign)).toBe(100);
    });

    it('replays a claim sent twice with the same key instead of claiming again', async () => {
      const campaign = await createCampaign({ perUserLimit: 5 });
      const first = await claim('u-retry', campaign, 'dev-retry', 'claim-retry-0001');
      const again = await claim('u-retry', campaign, 'dev-retry', 'claim-retry-0001');
      expect(again.payload).toEqual(first.payload);
      expect(await remaining(campaign)).toBe(99);
    });

    it('survives a scalper burst: scalpers get what the rules allow, honest users all get theirs', async () => {
      // 8 scalper accounts on 2 phones, each firing 5 claims, plus a known device
      // farm, against 10 honest users on their own phones, all at once.
      const campaign = await createCampaign({
        budget: 30,
        perUserLimit: 1,
        perUserPerMinute: 1,
        perDevicePerMinute: 2,
      });
      const scalperAccounts = Array.from({ length: 8 }, (_, i) => `u-scalper-burst-${i}`);
      const scalperPhones = ['dev-scalper-a', 'dev-scalper-b'];
      const requests: { who: 'scalper' | 'farm' | 'honest'; user: string; device: string }[] = [];
      scalperAccounts.forEach((user, i) => {
        for (let n = 0; n < 5; n++)
          requests.push({ who: 'scalper', user, device: scalperPhones[(i + n) % 2]! });
      });
      for (let n = 0; n < 6; n++)
        requests.push({ who: 'farm', user: `u-farm-${n}`, device: 'dev-farm-0001' });
      for (let i = 0; i < 10; i++)
        requests.push({ who: 'honest', user: `u-honest-${i}`, device: `dev-honest-${i}` });
      // Interleave deterministically so honest users are not simply first in line.
      requests.sort((a, b) => (a.user + a.device).localeCompare(b.user + b.device) * -1);

      const results = await Promise.all(requests.map((r) => claim(r.user, campaign, r.device)));
      const won = (who: string) =>
        requests.filter((r, i) => r.who === who && results[i]!.payload.coupon !== null);

      // At most 2 claims per phone per minute: 2 phones, 4 coupons, whatever the accounts.
      expect(won('scalper')).toHaveLength(4);
      expect(new Set(won('scalper').map((r) => r.user)).size).toBe(4);
      expect(won('farm')).toHaveLength(0);
      expect(
        won('honest')
          .map((r) => r.user)
          .sort(),
      ).toEqual(Array.from({ length: 10 }, (_, i) => `u-honest-${i}`).sort());
      expect(await remaining(campaign)).toBe(30 - 14);
      const refusals = new Set(
        results.flatMap((r) => r.payload.userErrors.map((e: { code: string }) => e.code)),
      );
      expect([...refusals].sort()).toEqual(['BLOCKED', 'CLAIM_LIMIT_REACHED', 'TOO_MANY_CLAIMS']);
    });
  });

  describe('favoriteAdd and favoriteRemove', () => {
    it('gives the gift the first time, shows the benefit, and never gives it again after remove and re-add', async () => {
      const first = await favorite(ADD, 'u-fan', 'MINI_PROGRAM', 'mp-westlake-boat');
      expect(first.data.favoriteAdd).toEqual({
        favorite: {
          kind: 'MINI_PROGRAM',
          targetId: 'mp-westlake-boat',
          title: '西湖游船',
          titleEn: 'West Lake Boats',
          benefit: '免排队登船',
          benefitEn: 'Board without queueing',
          target: { gift: { id: 'camp-boat-favorite-10' } },
        },
        gift: {
          id: expect.stringMatching(/^cp-/),
          discount: 1000,
          campaign: { id: 'camp-boat-favorite-10' },
        },
        retryAfter: null,
        userErrors: [],
      });

      const removed = await favorite(REMOVE, 'u-fan', 'MINI_PROGRAM', 'mp-westlake-boat');
      expect(removed.data.favoriteRemove).toEqual({
        removedTargetId: 'mp-westlake-boat',
        userErrors: [],
      });
      const again = await favorite(ADD, 'u-fan', 'MINI_PROGRAM', 'mp-westlake-boat');
      expect(again.data.favoriteAdd.favorite.targetId).toBe('mp-westlake-boat');
      expect(again.data.favoriteAdd.gift).toBeNull();
      expect(await giftCoupons('u-fan', 'camp-boat-favorite-10')).toBe(1);

      const { data } = await postToSubgraph(
        subgraph,
        `{ _entities(representations: [{ __typename: "User", id: "u-fan" }]) {
          ... on User { favorites { targetId benefit } coupons { campaign { id } } } } }`,
        {},
        'u-fan',
      );
      expect(data._entities[0]).toEqual({
        favorites: [{ targetId: 'mp-westlake-boat', benefit: '免排队登船' }],
        coupons: [{ campaign: { id: 'camp-boat-favorite-10' } }],
      });
    });

    it('does not give demo a second HEYTEA gift: the seeded one was their once', async () => {
      await favorite(REMOVE, 'demo', 'SHOP', 'flagship-heytea');
      const again = await favorite(ADD, 'demo', 'SHOP', 'flagship-heytea');
      expect(again.data.favoriteAdd.gift).toBeNull();
      expect(await giftCoupons('demo', 'camp-heytea-favorite-5')).toBe(1);
    });

    it('changes nothing when the favorite is already there', async () => {
      await favorite(ADD, 'u-twice', 'SHOP', 'flagship-uniqlo');
      const again = await favorite(ADD, 'u-twice', 'SHOP', 'flagship-uniqlo');
      expect(again.data.favoriteAdd).toMatchObject({
        favorite: { targetId: 'flagship-uniqlo' },
        gift: null,
        userErrors: [],
      });
    });

    it('gives one gift when the same user adds the same target ten times at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          favorite(ADD, 'u-spam', 'MINI_PROGRAM', 'mp-hangzhou-metro'),
        ),
      );
      expect(results.filter((r) => r.data.favoriteAdd.gift !== null)).toHaveLength(1);
      expect(await giftCoupons('u-spam', 'camp-metro-favorite-ride')).toBe(1);
    });

    it('adds the favorite without a gift once the gift campaign has run out', async () => {
      const campaign = await createCampaign({ budget: 1, channel: 'FAVORITE_GIFT' });
      await subgraph.db.query(
        `INSERT INTO favorite_targets (kind, id, title, title_en, benefit, benefit_en, gift_campaign_id)
       VALUES ('SHOP', 'flagship-test-gift', 'Test shop', 'Test shop', NULL, NULL, $1)`,
        [campaign],
      );
      const lucky = await favorite(ADD, 'u-early', 'SHOP', 'flagship-test-gift');
      const late = await favorite(ADD, 'u-late-fan', 'SHOP', 'flagship-test-gift');
      expect(lucky.data.favoriteAdd.gift).not.toBeNull();
      expect(late.data.favoriteAdd).toMatchObject({
        favorite: { targetId: 'flagship-test-gift' },
        gift: null,
        userErrors: [],
      });
      expect(await remaining(campaign)).toBe(0);
    });

    it('runs the gift through a claim’s risk rules: a blocked device adds nothing', async () => {
      const campaign = await createCampaign({ channel: 'FAVORITE_GIFT' });
      await subgraph.db.query(
        `INSERT INTO favorite_targets (kind, id, title, title_en, benefit, benefit_en, gift_campaign_id)
       VALUES ('SHOP', 'flagship-test-risky', 'Risky shop', 'Risky shop', NULL, NULL, $1)`,
        [campaign],
      );
      await subgraph.db.query(
        `INSERT INTO claim_blacklist (subject_kind, subject_id, reason) VALUES ('DEVICE', 'phone-farm-01', 'account farm')`,
      );
      const blocked = await favorite(
        ADD,
        'u-farmer',
        'SHOP',
        'flagship-test-risky',
        'phone-farm-01',
      );
      expect(blocked.data.favoriteAdd).toMatchObject({
        favorite: null,
        gift: null,
        userErrors: [expect.objectContaining({ code: 'BLOCKED' })],
      });
      expect(await giftCoupons('u-farmer', campaign)).toBe(0);
      // Nothing was written: from a clean phone the favorite, and its gift, are still to come.
      const clean = await favorite(ADD, 'u-farmer', 'SHOP', 'flagship-test-risky');
      expect(clean.data.favoriteAdd.gift).not.toBeNull();
    });

    it('limits gifts per device over a day, as claims: the last allowed, then the first refused', async () => {
      const campaign = await createCampaign({ channel: 'FAVORITE_GIFT', perDevicePerDay: 2 });
      for (const target of ['flagship-test-day-a', 'flagship-test-day-b', 'flagship-test-day-c']) {
        await subgraph.db.query(
          `INSERT INTO favorite_targets (kind, id, title, title_en, benefit, benefit_en, gift_campaign_id)
         VALUES ('SHOP', $1, 'Day shop', 'Day shop', NULL, NULL, $2)`,
          [target, campaign],
        );
      }
      // Throwaway accounts on one phone, each adding a gift target for the first time.
      const first = await favorite(
        ADD,
        'u-throwaway-a',
        'SHOP',
        'flagship-test-day-a',
        'phone-scalper',
      );
      await subgraph.db.query(
        `UPDATE coupons SET claimed_at = now() - interval '10 minutes' WHERE device_id = 'phone-scalper'`,
      );
      const last = await favorite(
        ADD,
        'u-throwaway-b',
        'SHOP',
        'flagship-test-day-b',
        'phone-scalper',
      );
      expect([first, last].map((r) => r.data.favoriteAdd.gift !== null)).toEqual([true, true]);
      const refused = await favorite(
        ADD,
        'u-throwaway-c',
        'SHOP',
        'flagship-test-day-c',
        'phone-scalper',
      );
      expect(refused.data.favoriteAdd).toMatchObject({
        favorite: null,
        gift: null,
        userErrors: [
          expect.objectContaining({ code: 'TOO_MANY_CLAIMS', field: ['input', 'deviceId'] }),
        ],
      });
      const [{ oldest }] = (await subgraph.db.query<{ oldest: Date }>(
        `SELECT min(claimed_at) AS oldest FROM coupons WHERE device_id = 'phone-scalper'`,
      )) as [{ oldest: Date }];
      expect(Date.parse(refused.data.favoriteAdd.retryAfter)).toBeGreaterThanOrEqual(
        oldest.getTime() + 24 * 3600_000,
      );
    });

    it('answers unknown targets and removing a non-favorite with userErrors, anonymous users with UNAUTHENTICATED', async () => {
      const unknown = await favorite(ADD, 'u-fan', 'SHOP', 'flagship-nope');
      expect(unknown.data.favoriteAdd.userErrors).toEqual([
        expect.objectContaining({ code: 'UNKNOWN_FAVORITE_TARGET', field: ['input', 'targetId'] }),
      ]);
      // Kinds do not mix: a shop id is no mini-program.
      const wrongKind = await favorite(ADD, 'u-fan', 'MINI_PROGRAM', 'flagship-heytea');
      expect(wrongKind.data.favoriteAdd.userErrors[0].code).toBe('UNKNOWN_FAVORITE_TARGET');
      const notThere = await favorite(REMOVE, 'u-fan', 'SHOP', 'flagship-starbucks');
      expect(notThere.data.favoriteRemove).toEqual({
        removedTargetId: null,
        userErrors: [{ code: 'NOT_A_FAVORITE', field: ['input', 'targetId'] }],
      });
      const anonymous = await favorite(ADD, null, 'SHOP', 'flagship-starbucks');
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('lists the catalogue with the gift and benefit of each target', async () => {
      const { data } = await postToSubgraph(
        subgraph,
        `{ favoriteTargets(kind: SHOP, first: 2) { kind id title titleEn benefit benefitEn gift { id remaining } } }`,
      );
      expect(data.favoriteTargets).toEqual([
        {
          kind: 'SHOP',
          id: 'flagship-heytea',
          title: '喜茶官方旗舰店',
          titleEn: 'HEYTEA Official',
          benefit: '会员日第二杯半价',
          benefitEn: 'Second cup half price on member days',
          gift: { id: 'camp-heytea-favorite-5', remaining: 9999 },
        },
        expect.objectContaining({ id: 'flagship-starbucks', gift: null }),
      ]);
    });
  });
});
