/**
 * The social network's rations through the social subgraph: mini-program
 * sharing (whitelist, one per rolling hour), mini-program cards per feed day,
 * life-account pushes per Shanghai week, and the traffic pledge. Boundaries
 * are set up by writing earlier shares, pushes and visits straight into the
 * test database: the rules read "now" from the database, so nothing sleeps.
 */
import { social } from '../../../subgraphs/social/server';
import { postToSubgraph } from '../../support/contract';
import {
  startSubgraph,
  storageModes,
  testSubgraphConfig,
  type RunningSubgraph,
} from '../../support/harness';
import { signVisitProof, VISIT_PROOF_LIFETIME_SECONDS } from '../../../subgraphs/kit/visit-proofs';

const SHARE = `mutation ($input: MiniProgramShareInput!) {
  miniProgramShare(input: $input) {
    card { id kind channel createdAt miniProgram { id title titleEn } sharedBy { id } }
    nextShareAllowedAt
    userErrors { code message field }
  }
}`;

const PUSH = `mutation ($input: LifeAccountPushInput!) {
  lifeAccountPush(input: $input) {
    push { id title body pushedAt }
    lifeAccount { id pushesThisWeek weeklyPushLimit }
    nextPushAllowedAt
    userErrors { code message field }
  }
}`;

const VISIT = `mutation ($input: MerchantVisitRecordInput!) {
  merchantVisitRecord(input: $input) {
    counted
    userErrors { code message field }
  }
}`;

/** Monday 00:00 of this week in Shanghai, as the database sees it. */
const WEEK_START = `(date_trunc('week', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`;
/** 00:00 today in Shanghai. */
const DAY_START = `(date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`;

let subgraph: RunningSubgraph;
let sequence = 0;
const unique = (prefix: string) => `${prefix}-${++sequence}`;

const sql = (text: string, params: unknown[] = []) => subgraph.db.query(text, params);

async function whitelistedAccount(kind: 'ENTERPRISE' | 'VERIFIED' = 'ENTERPRISE') {
  const id = unique('acct');
  await sql(`INSERT INTO accounts (user_id, kind, share_whitelisted) VALUES ($1, $2, true)`, [
    id,
    kind,
  ]);
  return id;
}

function share(
  user: string | null,
  miniProgramId: string,
  channel = 'FOLLOWING_FEED',
  key?: string,
  recipientId?: string,
) {
  return postToSubgraph(
    subgraph,
    SHARE,
    {
      input: {
        miniProgramId,
        channel,
        ...(key ? { idempotencyKey: key } : {}),
        ...(recipientId ? { recipientId } : {}),
      },
    },
    user ?? undefined,
  ).then((body) => ({ ...body, payload: body.data?.miniProgramShare }));
}

async function shareCount(account: string) {
  const [row] = await sql(
    'SELECT count(*)::int AS n FROM mini_program_shares WHERE account_id = $1',
    [account],
  );
  return (row as { n: number }).n;
}

async function lifeAccount(owner = unique('u-owner')) {
  const id = unique('la-test');
  await sql(
    `INSERT INTO life_accounts (id, merchant_id, owner_id, name, name_en) VALUES ($1, 'm-heytea', $2, '测试生活号', $3)`,
    [id, owner, `Test ${id}`],
  );
  return { id, owner };
}

function push(
  user: string | null,
  lifeAccountId: string,
  title = '新品上市 New arrivals',
  key?: string,
) {
  return postToSubgraph(
    subgraph,
    PUSH,
    {
      input: {
        lifeAccountId,
        title,
        body: '本周三款新品 Three new drinks this week',
        ...(key ? { idempotencyKey: key } : {}),
      },
    },
    user ?? undefined,
  ).then((body) => ({ ...body, payload: body.data?.lifeAccountPush }));
}

async function pastPushes(lifeAccountId: string, at: string, count: number) {
  for (let i = 0; i < count; i++) {
    await sql(
      `INSERT INTO life_account_pushes (id, life_account_id, title, body, pushed_at) VALUES ($1, $2, 'past', 'past', ${at})`,
      [unique('push'), lifeAccountId],
    );
  }
}

async function nextWeekStart(): Promise<string> {
  const [row] = await sql(`SELECT ${WEEK_START} + interval '7 days' AS at`);
  return (row as { at: Date }).at.toISOString();
}

/** The proof the wallet signs for `payerId`'s payment at `merchantId`, made at `paidAt`. */
function proofOf(payerId: string, merchantId: string, paidAt = new Date(), secret = PROOF_SECRET) {
  return signVisitProof({ payerId, merchantId, paymentId: `pay-${payerId}`, paidAt }, secret);
}
const PROOF_SECRET = testSubgraphConfig('social').visitProofSecret;

/** `user` records a visit to `merchantId` with `visitProof`, by default one of their own payment there today. */
function visit(
  user: string | null,
  merchantId: string,
  visitProof = proofOf(user ?? 'nobody', merchantId),
) {
  return postToSubgraph(
    subgraph,
    VISIT,
    { input: { merchantId, visitProof } },
    user ?? undefined,
  ).then((body) => ({ ...body, payload: body.data?.merchantVisitRecord }));
}

/** The merchant's figures, as its owner reads them: the gateway brings payments' word that they own it. */
async function pledge(merchantId: string) {
  const { data } = await postToSubgraph(
    subgraph,
    `{ _entities(representations: [{ __typename: "Merchant", id: "${merchantId}", viewerIsOwner: true }]) {
        ... on Merchant { trafficPledge { uniqueVisitors pageViewsPerVisitor exposureOwed } } } }`,
    {},
    'owner-kfc',
  );
  return data._entities[0].trafficPledge;
}

// Rules that race are proven on PostgreSQL too, where transactions really run side by side.
describe.each(storageModes())('on %s', (storage) => {
  beforeAll(async () => {
    subgraph = await startSubgraph(social, storage);
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });

  describe('miniProgramShare', () => {
    it.each([
      ['a personal account', 'demo'],
      ['a verified account too small for the whitelist', 'u-lin'],
      ['a user with no social account', 'u-nobody'],
    ])('refuses %s with NOT_WHITELISTED and writes nothing', async (_, user) => {
      const { payload } = await share(user, 'mp-heytea-go');
      expect(payload.card).toBeNull();
      expect(payload.nextShareAllowedAt).toBeNull();
      expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'NOT_WHITELISTED' })]);
      expect(await shareCount(user)).toBe(0);
    });

    it('lets a whitelisted account share once, then refuses the next within the hour with the time it is allowed', async () => {
      const account = await whitelistedAccount();
      const first = await share(account, 'mp-westlake-boat', 'HOME_PAGE');
      expect(first.payload.userErrors).toEqual([]);
      expect(first.payload.card).toMatchObject({
        kind: 'MINI_PROGRAM_CARD',
        channel: 'HOME_PAGE',
        miniProgram: { id: 'mp-westlake-boat', title: '西湖游船', titleEn: 'West Lake Boats' },
        sharedBy: { id: account },
      });
      const sharedAt = Date.parse(first.payload.card.createdAt);
      expect(Date.parse(first.payload.nextShareAllowedAt) - sharedAt).toBeGreaterThanOrEqual(
        3_600_000,
      );
      expect(Date.parse(first.payload.nextShareAllowedAt) - sharedAt).toBeLessThanOrEqual(
        3_600_001,
      );

      // Another channel is no way round it: one share per hour, whatever the channel.
      await sql(`INSERT INTO follows (follower_id, followee_id) VALUES ('u-chen', $1)`, [account]);
      const second = await share(
        account,
        'mp-hangzhou-metro',
        'PRIVATE_MESSAGE',
        undefined,
        'u-chen',
      );
      expect(second.payload.card).toBeNull();
      expect(second.payload.userErrors).toEqual([
        {
          code: 'TOO_MANY_SHARES',
          message: expect.stringContaining(first.payload.nextShareAllowedAt),
          field: null,
        },
      ]);
      expect(second.payload.nextShareAllowedAt).toBe(first.payload.nextShareAllowedAt);
      expect(await shareCount(account)).toBe(1);
    });

    it('still refuses 59 minutes after the last share and allows it 61 minutes after (a rolling hour)', async () => {
      const waiting = await whitelistedAccount();
      await sql(
        `INSERT INTO mini_program_shares (id, account_id, mini_program_id, channel, shared_at)
       VALUES ($1, $2, 'mp-heytea-go', 'FOLLOWING_FEED', now() - interval '59 minutes')`,
        [unique('share'), waiting],
      );
      const refused = await share(waiting, 'mp-heytea-go');
      expect(refused.payload.userErrors[0].code).toBe('TOO_MANY_SHARES');
      const wait = Date.parse(refused.payload.nextShareAllowedAt) - Date.now();
      expect(wait).toBeGreaterThan(50_000);
      expect(wait).toBeLessThanOrEqual(60_000);

      const ready = await whitelistedAccount('VERIFIED');
      await sql(
        `INSERT INTO mini_program_shares (id, account_id, mini_program_id, channel, shared_at)
       VALUES ($1, $2, 'mp-heytea-go', 'FOLLOWING_FEED', now() - interval '61 minutes')`,
        [unique('share'), ready],
      );
      expect((await share(ready, 'mp-heytea-go')).payload.userErrors).toEqual([]);
    });

    it('lets exactly one of five concurrent shares of one account through', async () => {
      const account = await whitelistedAccount();
      const results = await Promise.all(
        [
          'mp-heytea-go',
          'mp-westlake-boat',
          'mp-hangzhou-metro',
          'mp-home-cleaning',
          'mp-kfc-self-order',
        ].map((mp) => share(account, mp)),
      );
      expect(results.filter((r) => r.payload.card)).toHaveLength(1);
      expect(
        results.filter((r) => r.payload.userErrors[0]?.code === 'TOO_MANY_SHARES'),
      ).toHaveLength(4);
      expect(await shareCount(account)).toBe(1);
    });

    it('answers an unknown mini-program with a userError and an anonymous share with UNAUTHENTICATED', async () => {
      const account = await whitelistedAccount();
      const unknown = await share(account, 'mp-nope');
      expect(unknown.payload.userErrors).toEqual([
        expect.objectContaining({
          code: 'UNKNOWN_MINI_PROGRAM',
          field: ['input', 'miniProgramId'],
        }),
      ]);
      expect((await share(null, 'mp-heytea-go')).errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      expect(await shareCount(account)).toBe(0);
    });

    it('replays a share sent twice with the same idempotency key', async () => {
      const account = await whitelistedAccount();
      const first = await share(account, 'mp-heytea-go', 'FOLLOWING_FEED', 'share-retry-0001');
      const again = await share(account, 'mp-heytea-go', 'FOLLOWING_FEED', 'share-retry-0001');
      expect(again.payload).toEqual(first.payload);
      expect(again.payload.userErrors).toEqual([]);
      expect(await shareCount(account)).toBe(1);
    });

    it('tells the account itself when it may share next', async () => {
      const account = await whitelistedAccount();
      const shared = await share(account, 'mp-heytea-go');
      const query = `{ _entities(representations: [{ __typename: "User", id: "${account}" }]) {
      ... on User { socialAccount { kind mayShareMiniPrograms nextShareAllowedAt } } } }`;
      const own = await postToSubgraph(subgraph, query, {}, account);
      expect(own.data._entities[0].socialAccount).toEqual({
        kind: 'ENTERPRISE',
        mayShareMiniPrograms: true,
        nextShareAllowedAt: shared.payload.nextShareAllowedAt,
      });
      const other = await postToSubgraph(subgraph, query, {}, 'demo');
      expect(other.data._entities[0].socialAccount).toBeNull();
    });
  });

  describe('User.feed', () => {
    it('shows posts and cards by kind, at most 2 mini-program cards per Shanghai day: the first two', async () => {
      const reader = unique('u-reader');
      const [a, b] = [await whitelistedAccount(), await whitelistedAccount()];
      await sql(`INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2), ($1, $3)`, [
        reader,
        a,
        b,
      ]);
      const card = (id: string, account: string, at: string, channel = 'FOLLOWING_FEED') =>
        sql(
          `INSERT INTO mini_program_shares (id, account_id, mini_program_id, channel, shared_at)
         VALUES ($1, $2, 'mp-westlake-boat', $3, ${at})`,
          [id, account, channel],
        );
      // Today (Shanghai): three cards to the following feed and one to a home page.
      await card('card-today-1', a, `${DAY_START} + interval '1 minute'`);
      await card('card-today-2', b, `${DAY_START} + interval '2 minutes'`);
      await card('card-today-3', a, `${DAY_START} + interval '3 minutes'`);
      await card('card-today-home', b, `${DAY_START} + interval '4 minutes'`, 'HOME_PAGE');
      // Yesterday: three more, the last one minute before midnight.
      await card('card-yesterday-1', b, `${DAY_START} - interval '3 minutes'`);
      await card('card-yesterday-2', a, `${DAY_START} - interval '2 minutes'`);
      await card('card-yesterday-3', b, `${DAY_START} - interval '1 minute'`);
      await sql(
        `INSERT INTO posts (id, author_id, text, created_at) VALUES ($1, $2, '断桥残雪 Broken Bridge in snow', ${DAY_START} + interval '150 seconds')`,
        [unique('post'), a],
      );

      const { data, errors } = await postToSubgraph(
        subgraph,
        `{ _entities(representations: [{ __typename: "User", id: "${reader}" }]) {
          ... on User { feed(first: 50) { edges { node { id kind
            ... on MiniProgramCard { miniProgram { title } channel }
            ... on Post { text } } } } } } }`,
        {},
        reader,
      );
      expect(errors).toBeUndefined();
      const feed = data._entities[0].feed.edges.map((edge: { node: unknown }) => edge.node) as {
        id: string;
        kind: string;
      }[];
      expect(feed.map((item) => item.kind)).toEqual([
        'POST',
        'MINI_PROGRAM_CARD',
        'MINI_PROGRAM_CARD',
        'MINI_PROGRAM_CARD',
        'MINI_PROGRAM_CARD',
      ]);
      expect(feed.filter((i) => i.kind === 'MINI_PROGRAM_CARD').map((i) => i.id)).toEqual([
        'card-today-2',
        'card-today-1',
        'card-yesterday-2',
        'card-yesterday-1',
      ]);
      expect(feed[1]).toMatchObject({
        miniProgram: { title: '西湖游船' },
        channel: 'FOLLOWING_FEED',
      });
    });

    it('serves demo the seeded card and push among the posts of the accounts they follow', async () => {
      const { data } = await postToSubgraph(
        subgraph,
        `{ _entities(representations: [{ __typename: "User", id: "demo" }]) {
          ... on User { feed(first: 5) { edges { node { id kind
            ... on MiniProgramCard { sharedBy { id } }
            ... on LifeAccountPush { lifeAccount { id } } } } } } } }`,
        {},
        'demo',
      );
      // The push and post-1 were seeded at the same instant: the later id comes first.
      expect(data._entities[0].feed.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
        { id: 'post-4', kind: 'POST' },
        { id: 'post-3', kind: 'POST' },
        { id: 'push-seed-0001', kind: 'LIFE_ACCOUNT_PUSH', lifeAccount: { id: 'la-kfc-hangzhou' } },
        { id: 'post-1', kind: 'POST' },
        { id: 'share-seed-0001', kind: 'MINI_PROGRAM_CARD', sharedBy: { id: 'u-wang' } },
      ]);
    });
  });

  describe('lifeAccountPush', () => {
    it('lets the owner push 3 times a week and refuses the 4th with the start of next week', async () => {
      const { id, owner } = await lifeAccount();
      const results = [];
      for (let i = 1; i <= 4; i++) results.push(await push(owner, id, `第${i}次推送 Push ${i}`));
      const [first, second, third, fourth] = results.map((r) => r.payload);
      expect(first.userErrors).toEqual([]);
      expect(first.push.title).toBe('第1次推送 Push 1');
      expect(first.lifeAccount).toEqual({ id, pushesThisWeek: 1, weeklyPushLimit: 3 });
      expect(first.nextPushAllowedAt).toBeNull();
      expect(second.userErrors).toEqual([]);
      // The third is the week's last: it already says when the next may go.
      expect(third.userErrors).toEqual([]);
      expect(third.lifeAccount.pushesThisWeek).toBe(3);
      expect(third.nextPushAllowedAt).toBe(await nextWeekStart());
      expect(fourth.push).toBeNull();
      expect(fourth.userErrors).toEqual([
        {
          code: 'PUSH_LIMIT_REACHED',
          message: expect.stringMatching(/pushed 3 times this week.*Monday 00:00 Asia\/Shanghai/),
          field: null,
        },
      ]);
      expect(fourth.nextPushAllowedAt).toBe(await nextWeekStart());
      // Monday 00:00 in Shanghai is Sunday 16:00 UTC.
      const next = new Date(fourth.nextPushAllowedAt);
      expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 16, 0]);
    });

    it('does not count last week: 3 pushes a second before Monday 00:00 Shanghai leave this week free', async () => {
      const { id, owner } = await lifeAccount();
      await pastPushes(id, `${WEEK_START} - interval '1 second'`, 3);
      expect((await push(owner, id)).payload.userErrors).toEqual([]);
    });

    it('counts a push made at Monday 00:00 Shanghai sharp as this week', async () => {
      const { id, owner } = await lifeAccount();
      await pastPushes(id, WEEK_START, 3);
      expect((await push(owner, id)).payload.userErrors[0].code).toBe('PUSH_LIMIT_REACHED');
    });

    it('lets exactly 3 of 6 concurrent pushes through', async () => {
      const { id, owner } = await lifeAccount();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => push(owner, id, `并发 Concurrent ${i}`)),
      );
      expect(results.filter((r) => r.payload.push)).toHaveLength(3);
      expect(
        results.filter((r) => r.payload.userErrors[0]?.code === 'PUSH_LIMIT_REACHED'),
      ).toHaveLength(3);
      const { data } = await postToSubgraph(
        subgraph,
        `query ($id: ID!) { lifeAccount(id: $id) { pushesThisWeek nextPushAllowedAt recentPushes(first: 10) { id } } }`,
        { id },
      );
      expect(data.lifeAccount.pushesThisWeek).toBe(3);
      expect(data.lifeAccount.recentPushes).toHaveLength(3);
      expect(data.lifeAccount.nextPushAllowedAt).toBe(await nextWeekStart());
    });

    it('lets only the owner push and answers unknown accounts with a userError', async () => {
      const { id } = await lifeAccount('u-zhao');
      const stranger = await push('demo', id);
      expect(stranger.payload.userErrors).toEqual([
        expect.objectContaining({ code: 'NOT_ACCOUNT_OWNER', field: ['input', 'lifeAccountId'] }),
      ]);
      const unknown = await push('demo', 'la-nope');
      expect(unknown.payload.userErrors[0].code).toBe('UNKNOWN_LIFE_ACCOUNT');
      expect((await push('u-zhao', id)).payload.userErrors).toEqual([]);
    });

    it('refuses an empty or 41-character title with BAD_USER_INPUT, anonymous pushes with UNAUTHENTICATED', async () => {
      const { id, owner } = await lifeAccount();
      expect((await push(owner, id, '  ')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((await push(owner, id, '新'.repeat(41))).errors?.[0]?.extensions?.code).toBe(
        'BAD_USER_INPUT',
      );
      expect((await push(owner, id, '新'.repeat(40))).payload.userErrors).toEqual([]);
      expect((await push(null, id)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('replays a push sent twice with the same key instead of spending a second push', async () => {
      const { id, owner } = await lifeAccount();
      const first = await push(owner, id, 'Once', 'push-retry-0001');
      const again = await push(owner, id, 'Once', 'push-retry-0001');
      expect(again.payload.push).toEqual(first.payload.push);
      const [row] = await sql(
        'SELECT count(*)::int AS n FROM life_account_pushes WHERE life_account_id = $1',
        [id],
      );
      expect((row as { n: number }).n).toBe(1);
    });

    it('shows a life account with its merchant, owner, followers and week', async () => {
      const { data, errors } = await postToSubgraph(
        subgraph,
        `{ lifeAccount(id: "la-heytea-hubin") { id name nameEn merchant { id } owner { id }
          followerCount weeklyPushLimit pushesThisWeek } }`,
      );
      expect(errors).toBeUndefined();
      expect(data.lifeAccount).toEqual({
        id: 'la-heytea-hubin',
        name: '喜茶湖滨生活号',
        nameEn: 'HEYTEA Hubin',
        merchant: { id: 'm-heytea' },
        owner: { id: 'u-zhao' },
        followerCount: 2,
        weeklyPushLimit: 3,
        pushesThisWeek: 0,
      });
    });
  });

  describe('merchantVisitRecord and Merchant.trafficPledge', () => {
    it('counts a visitor once a day and owes 300 page views for each', async () => {
      await sql(`INSERT INTO traffic_pledges (merchant_id) VALUES ('m-test-tea')`);
      expect(await pledge('m-test-tea')).toEqual({
        uniqueVisitors: 0,
        pageViewsPerVisitor: 300,
        exposureOwed: 0,
      });
      const first = await visit('u-visitor-1', 'm-test-tea');
      expect(first.payload).toEqual({
        counted: true,
        userErrors: [],
      });
      expect((await pledge('m-test-tea')).uniqueVisitors).toBe(1);
      const again = await visit('u-visitor-1', 'm-test-tea');
      expect(again.payload.counted).toBe(false);
      expect((await pledge('m-test-tea')).uniqueVisitors).toBe(1);
      await visit('u-visitor-2', 'm-test-tea');
      expect(await pledge('m-test-tea')).toEqual({
        uniqueVisitors: 2,
        pageViewsPerVisitor: 300,
        exposureOwed: 600,
      });
    });

    it('shows the figures only on the wallet’s word that the viewer owns the merchant', async () => {
      const figures = async (representation: string) =>
        (
          await postToSubgraph(
            subgraph,
            `{ _entities(representations: [${representation}]) {
              ... on Merchant { trafficPledge { uniqueVisitors } } } }`,
            {},
            'u-wang',
          )
        ).data._entities[0].trafficPledge;
      expect(
        await figures('{ __typename: "Merchant", id: "m-kfc", viewerIsOwner: false }'),
      ).toBeNull();
      expect(await figures('{ __typename: "Merchant", id: "m-kfc" }')).toBeNull();
      expect(await figures('{ __typename: "Merchant", id: "m-kfc", viewerIsOwner: true }')).toEqual(
        { uniqueVisitors: expect.any(Number) },
      );
    });

    it('counts a visit only on the proof of the visitor’s own payment at the merchant', async () => {
      await sql(`INSERT INTO traffic_pledges (merchant_id) VALUES ('m-test-proof')`);
      const refused = async (visitProof: string) =>
        (await visit('u-prover', 'm-test-proof', visitProof)).payload.userErrors.map(
          (error: { code: string }) => error.code,
        );
      expect(await refused('not-a-proof')).toEqual(['VISIT_PROOF_INVALID']);
      expect(
        await refused(
          proofOf('u-prover', 'm-test-proof', new Date(), 'a-forger-s-own-secret-0123456789'),
        ),
      ).toEqual(['VISIT_PROOF_INVALID']);
      expect(await refused(proofOf('u-someone-else', 'm-test-proof'))).toEqual([
        'VISIT_PROOF_NOT_YOURS',
      ]);
      expect(await refused(proofOf('u-prover', 'm-kfc'))).toEqual(['VISIT_PROOF_WRONG_MERCHANT']);
      // Handed over a day after the payment: the last second counts, the next does not.
      const dayAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
      expect(
        await refused(
          proofOf('u-prover', 'm-test-proof', dayAgo(VISIT_PROOF_LIFETIME_SECONDS + 1)),
        ),
      ).toEqual(['VISIT_PROOF_EXPIRED']);
      expect((await pledge('m-test-proof')).uniqueVisitors).toBe(0);
      const lastSecond = await visit(
        'u-prover',
        'm-test-proof',
        proofOf('u-prover', 'm-test-proof', dayAgo(VISIT_PROOF_LIFETIME_SECONDS - 5)),
      );
      expect(lastSecond.payload).toEqual({ counted: true, userErrors: [] });
    });

    it('counts the visit on the day of the payment', async () => {
      await sql(`INSERT INTO traffic_pledges (merchant_id) VALUES ('m-test-yesterday')`);
      const yesterday = new Date(Date.now() - 20 * 60 * 60 * 1000);
      await visit('u-late', 'm-test-yesterday', proofOf('u-late', 'm-test-yesterday', yesterday));
      const [row] = await sql(
        `SELECT visit_day::text AS day FROM merchant_visits WHERE merchant_id = 'm-test-yesterday'`,
      );
      expect((row as { day: string }).day).toBe(
        new Date(yesterday.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
      );
    });

    it('counts the same visitor again on the next Shanghai day', async () => {
      await sql(`INSERT INTO traffic_pledges (merchant_id) VALUES ('m-test-daily')`);
      await sql(
        `INSERT INTO merchant_visits (merchant_id, visitor_id, visit_day)
       VALUES ('m-test-daily', 'u-regular', (now() AT TIME ZONE 'Asia/Shanghai')::date - 1)`,
      );
      expect((await visit('u-regular', 'm-test-daily')).payload.counted).toBe(true);
      expect((await pledge('m-test-daily')).uniqueVisitors).toBe(2);
    });

    it('counts one of ten concurrent records of the same visit', async () => {
      await sql(`INSERT INTO traffic_pledges (merchant_id) VALUES ('m-test-burst')`);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => visit('u-refresher', 'm-test-burst')),
      );
      expect(results.filter((r) => r.payload.counted)).toHaveLength(1);
      expect((await pledge('m-test-burst')).uniqueVisitors).toBe(1);
    });

    it('uses the page views agreed with the merchant: KFC’s 3,000', async () => {
      const before = await pledge('m-kfc');
      expect(before.pageViewsPerVisitor).toBe(3000);
      await visit('u-kfc-fan', 'm-kfc');
      const after = await pledge('m-kfc');
      expect(after.uniqueVisitors).toBe(before.uniqueVisitors + 1);
      expect(after.exposureOwed).toBe(after.uniqueVisitors * 3000);
    });

    it('answers merchants outside the pledge with a userError or null, anonymous visits with UNAUTHENTICATED', async () => {
      const outside = await visit('u-visitor-1', 'm-freshippo');
      expect(outside.payload.userErrors).toEqual([
        expect.objectContaining({ code: 'MERCHANT_NOT_ENROLLED', field: ['input', 'merchantId'] }),
      ]);
      expect(await pledge('m-freshippo')).toBeNull();
      expect((await visit(null, 'm-heytea')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
