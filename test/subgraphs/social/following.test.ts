/**
 * Following and delivery through the social subgraph: users follow users and
 * life accounts; a push reaches the feed of those following when it is sent,
 * a private message the inbox of its one recipient, a home-page card the
 * sharer's home page; and the rations hold where the receiver sees them (the
 * feed's cards per day, pushes per week, a sharer's share per hour).
 * Boundaries are set up by writing rows straight into the test database: the
 * rules read "now" from the database, so nothing sleeps.
 */
import { social } from '../../../subgraphs/social/server';
import { postToSubgraph } from '../../support/contract';
import { startSubgraph, storageModes, type RunningSubgraph } from '../../support/harness';

const FOLLOW = `mutation ($input: UserFollowInput!) {
  userFollow(input: $input) { user { id followerCount } following userErrors { code message field } }
}`;
const UNFOLLOW = `mutation ($input: UserFollowInput!) {
  userUnfollow(input: $input) { user { id followerCount } following userErrors { code message field } }
}`;
const FOLLOW_LIFE = `mutation ($input: LifeAccountFollowInput!) {
  lifeAccountFollow(input: $input) { lifeAccount { id followerCount } following userErrors { code field } }
}`;
const UNFOLLOW_LIFE = `mutation ($input: LifeAccountFollowInput!) {
  lifeAccountUnfollow(input: $input) { lifeAccount { id followerCount } following userErrors { code field } }
}`;
const SHARE = `mutation ($input: MiniProgramShareInput!) {
  miniProgramShare(input: $input) {
    card { id channel recipient { id } sharedBy { id } }
    nextShareAllowedAt
    userErrors { code message field }
  }
}`;
const PUSH = `mutation ($input: LifeAccountPushInput!) {
  lifeAccountPush(input: $input) { push { id } userErrors { code } }
}`;

/** 00:00 today in Shanghai. */
const DAY_START = `(date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`;
/** Monday 00:00 of this week in Shanghai. */
const WEEK_START = `(date_trunc('week', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`;

let subgraph: RunningSubgraph;
let sequence = 0;
const unique = (prefix: string) => `${prefix}-${++sequence}`;
const sql = (text: string, params: unknown[] = []) => subgraph.db.query(text, params);

const call = (query: string, input: Record<string, unknown>, user: string | null) =>
  postToSubgraph(subgraph, query, { input }, user ?? undefined);
const payloadOf = async (query: string, input: Record<string, unknown>, user: string | null) => {
  const body = await call(query, input, user);
  return { ...body, payload: Object.values(body.data ?? {})[0] as any };
};
const follow = (user: string | null, userId: string) => payloadOf(FOLLOW, { userId }, user);
const unfollow = (user: string | null, userId: string) => payloadOf(UNFOLLOW, { userId }, user);
const followLife = (user: string | null, lifeAccountId: string) =>
  payloadOf(FOLLOW_LIFE, { lifeAccountId }, user);
const unfollowLife = (user: string | null, lifeAccountId: string) =>
  payloadOf(UNFOLLOW_LIFE, { lifeAccountId }, user);
const share = (user: string, input: Record<string, unknown>) =>
  payloadOf(SHARE, { miniProgramId: 'mp-westlake-boat', ...input }, user);

/** A member of the social network; whitelisted to share mini-programs when asked. */
async function member(whitelisted = false) {
  const id = unique(whitelisted ? 'u-sharer' : 'u-member');
  await sql(`INSERT INTO accounts (user_id, kind, share_whitelisted) VALUES ($1, $2, $3)`, [
    id,
    whitelisted ? 'ENTERPRISE' : 'PERSONAL',
    whitelisted,
  ]);
  return id;
}

async function lifeAccount() {
  const id = unique('la-test');
  const owner = unique('u-owner');
  await sql(
    `INSERT INTO life_accounts (id, merchant_id, owner_id, name, name_en) VALUES ($1, 'm-heytea', $2, '测试生活号', $3)`,
    [id, owner, `Test ${id}`],
  );
  return { id, owner };
}

async function count(table: string, where: string, params: unknown[]) {
  const [row] = await sql(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return (row as { n: number }).n;
}

/** A user's field read as `viewer`, through `_entities` as the gateway asks for it. */
async function userField(userId: string, selection: string, viewer: string | null) {
  const { data, errors } = await postToSubgraph(
    subgraph,
    `{ _entities(representations: [{ __typename: "User", id: "${userId}" }]) { ... on User { ${selection} } } }`,
    {},
    viewer ?? undefined,
  );
  return { user: data?._entities?.[0], errors };
}

const FEED = `feed(first: $first, after: $after) { edges { cursor node { id kind } } pageInfo { hasNextPage endCursor } }`;

async function feedPage(user: string, first = 50, after?: string) {
  const { data, errors } = await postToSubgraph(
    subgraph,
    `query ($first: Int, $after: String) { _entities(representations: [{ __typename: "User", id: "${user}" }]) {
      ... on User { ${FEED} } } }`,
    { first, after },
    user,
  );
  return { feed: data?._entities?.[0]?.feed, errors };
}
const feedIds = async (user: string) =>
  ((await feedPage(user)).feed.edges as { node: { id: string } }[]).map((edge) => edge.node.id);

describe.each(storageModes())('on %s', (storage) => {
  beforeAll(async () => {
    subgraph = await startSubgraph(social, storage);
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });

  describe('userFollow and userUnfollow', () => {
    it('follows a member once however often asked, counts both sides, and unfollows idempotently', async () => {
      const [fan, star] = [await member(), await member()];
      const first = await follow(fan, star);
      expect(first.payload).toEqual({
        user: { id: star, followerCount: 1 },
        following: true,
        userErrors: [],
      });
      expect((await follow(fan, star)).payload.user.followerCount).toBe(1);
      expect((await userField(fan, 'followerCount followingCount', 'demo')).user).toEqual({
        followerCount: 0,
        followingCount: 1,
      });

      const gone = await unfollow(fan, star);
      expect(gone.payload).toEqual({
        user: { id: star, followerCount: 0 },
        following: false,
        userErrors: [],
      });
      expect((await unfollow(fan, star)).payload.userErrors).toEqual([]);
      expect(await count('follows', 'follower_id = $1', [fan])).toBe(0);
    });

    it('keeps one follow of ten racing ones', async () => {
      const [fan, star] = [await member(), await member()];
      const results = await Promise.all(Array.from({ length: 10 }, () => follow(fan, star)));
      expect(results.every((r) => r.payload.following === true)).toBe(true);
      expect(await count('follows', 'follower_id = $1 AND followee_id = $2', [fan, star])).toBe(1);
    });

    it('refuses following oneself and an unknown id with userErrors, writing nothing', async () => {
      const newcomer = unique('u-new');
      const self = await follow(newcomer, newcomer);
      expect(self.payload).toEqual({
        user: null,
        following: null,
        userErrors: [
          { code: 'CANNOT_FOLLOW_SELF', message: expect.any(String), field: ['input', 'userId'] },
        ],
      });
      const unknown = await follow(newcomer, 'u-nobody-here');
      expect(unknown.payload.userErrors).toEqual([
        { code: 'NOT_FOUND', message: expect.any(String), field: ['input', 'userId'] },
      ]);
      expect((await unfollow(newcomer, 'u-nobody-here')).payload.userErrors[0].code).toBe(
        'NOT_FOUND',
      );
      // Refused, the newcomer did not even become a member.
      expect(await count('accounts', 'user_id = $1', [newcomer])).toBe(0);
      expect(await count('follows', 'follower_id = $1', [newcomer])).toBe(0);
    });

    it('makes a first-time follower a member, whom others may follow in turn', async () => {
      const newcomer = unique('u-new');
      expect((await follow('demo', newcomer)).payload.userErrors[0].code).toBe('NOT_FOUND');
      expect((await follow(newcomer, 'u-lin')).payload.userErrors).toEqual([]);
      expect((await follow('demo', newcomer)).payload.following).toBe(true);
    });

    it('answers an anonymous follow with UNAUTHENTICATED', async () => {
      expect((await follow(null, 'u-lin')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await followLife(null, 'la-louwailou')).errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    });
  });

  describe('lifeAccountFollow and pushes', () => {
    it('follows and unfollows a life account idempotently; an unknown one is NOT_FOUND', async () => {
      const { id } = await lifeAccount();
      const fan = unique('u-fan');
      expect((await followLife(fan, id)).payload).toEqual({
        lifeAccount: { id, followerCount: 1 },
        following: true,
        userErrors: [],
      });
      expect((await followLife(fan, id)).payload.lifeAccount.followerCount).toBe(1);
      expect((await userField(fan, 'followingCount', fan)).user.followingCount).toBe(1);
      expect((await unfollowLife(fan, id)).payload).toEqual({
        lifeAccount: { id, followerCount: 0 },
        following: false,
        userErrors: [],
      });
      expect((await unfollowLife(fan, id)).payload.userErrors).toEqual([]);
      expect((await followLife(fan, 'la-nope')).payload.userErrors).toEqual([
        { code: 'NOT_FOUND', field: ['input', 'lifeAccountId'] },
      ]);
    });

    it('delivers the week’s 3 pushes to the feed of those following when they are sent, and the refused 4th to no one', async () => {
      const { id, owner } = await lifeAccount();
      const [early, late, stranger] = [unique('u-early'), unique('u-late'), unique('u-stranger')];
      await followLife(early, id);
      const pushes = [];
      for (let i = 1; i <= 4; i++) {
        pushes.push(
          (
            await payloadOf(
              PUSH,
              { lifeAccountId: id, title: `第${i}次 Push ${i}`, body: '新品 New' },
              owner,
            )
          ).payload,
        );
        if (i === 1) await followLife(late, id);
      }
      expect(pushes.map((p) => p.userErrors[0]?.code ?? 'OK')).toEqual([
        'OK',
        'OK',
        'OK',
        'PUSH_LIMIT_REACHED',
      ]);
      const [first, second, third] = pushes.map((p) => p.push?.id);
      expect(await feedIds(early)).toEqual([third, second, first]);
      // Following after the first push, the late follower gets the two sent since.
      expect(await feedIds(late)).toEqual([third, second]);
      expect(await feedIds(stranger)).toEqual([]);

      // Unfollowing takes the account's pushes out of the feed.
      await unfollowLife(early, id);
      expect(await feedIds(early)).toEqual([]);
    });

    it('shows a push in the feed with its account, title and body', async () => {
      const { id, owner } = await lifeAccount();
      const fan = unique('u-fan');
      await followLife(fan, id);
      await payloadOf(
        PUSH,
        { lifeAccountId: id, title: '买一送一 BOGO', body: '今天 Today' },
        owner,
      );
      const { user } = await userField(
        fan,
        `feed(first: 1) { edges { node { kind createdAt ... on LifeAccountPush {
          title body pushedAt lifeAccount { id nameEn } } } } }`,
        fan,
      );
      const node = user.feed.edges[0].node;
      expect(node).toMatchObject({
        kind: 'LIFE_ACCOUNT_PUSH',
        title: '买一送一 BOGO',
        body: '今天 Today',
        lifeAccount: { id, nameEn: `Test ${id}` },
      });
      expect(node.createdAt).toBe(node.pushedAt);
    });
  });

  describe('User.feed', () => {
    it('caps cards per day as each receiver sees them: the 2nd card of a day shows, the 3rd does not', async () => {
      const [a, b] = [await member(true), await member(true)];
      const [both, onlyB] = [unique('u-reader'), unique('u-reader')];
      await sql(
        `INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2), ($1, $3), ($4, $3)`,
        [both, a, b, onlyB],
      );
      const card = (id: string, account: string, minutes: number) =>
        sql(
          `INSERT INTO mini_program_shares (id, account_id, mini_program_id, channel, shared_at)
           VALUES ($1, $2, 'mp-westlake-boat', 'FOLLOWING_FEED', ${DAY_START} + $3 * interval '1 minute')`,
          [id, account, minutes],
        );
      const [a1, b1, b2] = [unique('card-a1'), unique('card-b1'), unique('card-b2')];
      await card(a1, a, 1);
      await card(b1, b, 2);
      await card(b2, b, 3);
      // Following both, the first two of the day fill the day; following only b, both of b's show.
      expect(await feedIds(both)).toEqual([b1, a1]);
      expect(await feedIds(onlyB)).toEqual([b2, b1]);
    });

    it('pages through the feed with cursors, newest first, no item twice and none left out', async () => {
      const reader = unique('u-reader');
      const authors = [await member(), await member()];
      await sql(`INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2), ($1, $3)`, [
        reader,
        ...authors,
      ]);
      // Seven posts, two of them in the same microsecond.
      for (let i = 0; i < 7; i++) {
        await sql(
          `INSERT INTO posts (id, author_id, text, created_at) VALUES ($1, $2, 'p', '2024-05-01T08:00:00Z'::timestamptz - $3 * interval '1 second')`,
          [`post-page-${reader}-${i}`, authors[i % 2], Math.min(i, 5)],
        );
      }
      const all = await feedIds(reader);
      expect(all).toHaveLength(7);
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const { feed, errors } = await feedPage(reader, 3, after);
        expect(errors).toBeUndefined();
        seen.push(...feed.edges.map((edge: { node: { id: string } }) => edge.node.id));
        if (!feed.pageInfo.hasNextPage) break;
        after = feed.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);

      const bad = await feedPage(reader, 3, 'bm90LWEtY3Vyc29y');
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('is its owner’s alone: anyone else reads null', async () => {
      expect((await userField('demo', 'feed { edges { cursor } }', 'u-lin')).user.feed).toBeNull();
      expect(
        (await userField('demo', 'inbox { edges { cursor } }', 'u-lin')).user.inbox,
      ).toBeNull();
    });
  });

  describe('private messages and home pages', () => {
    it('delivers a private message to its recipient’s inbox, seen by sender and recipient only', async () => {
      const sender = await member(true);
      const recipient = await member();
      await follow(recipient, sender);
      const sent = await share(sender, { channel: 'PRIVATE_MESSAGE', recipientId: recipient });
      expect(sent.payload.userErrors).toEqual([]);
      expect(sent.payload.card).toMatchObject({
        channel: 'PRIVATE_MESSAGE',
        recipient: { id: recipient },
        sharedBy: { id: sender },
      });

      const inbox = `inbox(first: 5) { edges { node { id channel sharedBy { id } recipient { id } } } }`;
      const { user } = await userField(recipient, inbox, recipient);
      expect(user.inbox.edges).toEqual([
        {
          node: {
            id: sent.payload.card.id,
            channel: 'PRIVATE_MESSAGE',
            sharedBy: { id: sender },
            recipient: { id: recipient },
          },
        },
      ]);
      expect((await userField(recipient, inbox, sender)).user.inbox).toBeNull();
      // Not in the recipient's feed, nor on the sender's home page.
      expect(await feedIds(recipient)).not.toContain(sent.payload.card.id);
      const home = await userField(sender, 'homePage { edges { node { id } } }', recipient);
      expect(home.user.homePage.edges).toEqual([]);
    });

    it('refuses a private message to a non-follower, to oneself and to an unknown id, writing nothing', async () => {
      const sender = await member(true);
      const stranger = await member();
      const refusals = [
        [stranger, 'RECIPIENT_NOT_FOLLOWING'],
        [sender, 'CANNOT_MESSAGE_SELF'],
        ['u-nobody-here', 'NOT_FOUND'],
      ] as const;
      for (const [recipientId, code] of refusals) {
        const { payload } = await share(sender, { channel: 'PRIVATE_MESSAGE', recipientId });
        expect(payload).toEqual({
          card: null,
          nextShareAllowedAt: null,
          userErrors: [{ code, message: expect.any(String), field: ['input', 'recipientId'] }],
        });
      }
      expect(await count('mini_program_shares', 'account_id = $1', [sender])).toBe(0);
    });

    it('answers a private message without a recipient, or a recipient on another channel, with BAD_USER_INPUT', async () => {
      const sender = await member(true);
      const missing = await share(sender, { channel: 'PRIVATE_MESSAGE' });
      expect(missing.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'input.recipientId',
      });
      const extra = await share(sender, { channel: 'HOME_PAGE', recipientId: 'demo' });
      expect(extra.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await count('mini_program_shares', 'account_id = $1', [sender])).toBe(0);
    });

    it('shares one per hour across channels: of a private message and a home-page card racing, one goes', async () => {
      const sender = await member(true);
      const recipient = await member();
      await follow(recipient, sender);
      const results = await Promise.all([
        share(sender, { channel: 'PRIVATE_MESSAGE', recipientId: recipient }),
        share(sender, { channel: 'HOME_PAGE' }),
      ]);
      expect(results.filter((r) => r.payload.card)).toHaveLength(1);
      expect(results.map((r) => r.payload.userErrors[0]?.code).filter(Boolean)).toEqual([
        'TOO_MANY_SHARES',
      ]);
      expect(await count('mini_program_shares', 'account_id = $1', [sender])).toBe(1);
    });

    it('shows a sharer’s home-page cards, newest first, to any signed-in caller', async () => {
      const sharer = await member(true);
      const cards = [unique('card-home'), unique('card-home')];
      await sql(
        `INSERT INTO mini_program_shares (id, account_id, mini_program_id, channel, shared_at) VALUES
           ($1, $3, 'mp-heytea-go', 'HOME_PAGE', now() - interval '3 hours'),
           ($2, $3, 'mp-westlake-boat', 'HOME_PAGE', now() - interval '2 hours'),
           ($4, $3, 'mp-westlake-boat', 'FOLLOWING_FEED', now() - interval '1 hour')`,
        [cards[0], cards[1], sharer, unique('card-feed')],
      );
      const { user } = await userField(
        sharer,
        'homePage(first: 1) { edges { node { id channel miniProgram { id } } } pageInfo { hasNextPage endCursor } }',
        'demo',
      );
      expect(user.homePage.edges).toEqual([
        { node: { id: cards[1], channel: 'HOME_PAGE', miniProgram: { id: 'mp-westlake-boat' } } },
      ]);
      expect(user.homePage.pageInfo.hasNextPage).toBe(true);
      const next = await userField(
        sharer,
        `homePage(first: 5, after: "${user.homePage.pageInfo.endCursor}") { edges { node { id } } pageInfo { hasNextPage } }`,
        'demo',
      );
      expect(next.user.homePage).toEqual({
        edges: [{ node: { id: cards[0] } }],
        pageInfo: { hasNextPage: false },
      });
    });

    it('serves demo the seeded private message from u-wang', async () => {
      const { user } = await userField(
        'demo',
        'inbox { edges { node { id sharedBy { id } miniProgram { id } } } }',
        'demo',
      );
      expect(user.inbox.edges).toEqual([
        {
          node: {
            id: 'share-seed-0003',
            sharedBy: { id: 'u-wang' },
            miniProgram: { id: 'mp-hangzhou-metro' },
          },
        },
      ]);
    });
  });

  it('counts this week’s pushes only: after one last week and one this week, two more go out, the next is refused, and every push sent reaches the follower', async () => {
    const { id, owner } = await lifeAccount();
    const fan = unique('u-fan');
    await sql(
      `INSERT INTO life_account_followers (life_account_id, user_id, followed_at) VALUES ($1, $2, ${WEEK_START} - interval '30 days')`,
      [id, fan],
    );
    await sql(
      `INSERT INTO life_account_pushes (id, life_account_id, title, body, pushed_at) VALUES
         ($1, $3, 'last week', 'x', ${WEEK_START} - interval '1 second'),
         ($2, $3, 'this week', 'x', ${WEEK_START})`,
      [unique('push'), unique('push'), id],
    );
    const codes = [];
    for (let i = 0; i < 3; i++) {
      codes.push(
        (await payloadOf(PUSH, { lifeAccountId: id, title: `T${i}`, body: 'B' }, owner)).payload
          .userErrors[0]?.code ?? 'OK',
      );
    }
    expect(codes).toEqual(['OK', 'OK', 'PUSH_LIMIT_REACHED']);
    // Last week's push was delivered too; the fan's feed holds all four that went out.
    expect(await feedIds(fan)).toHaveLength(4);
  });
});
