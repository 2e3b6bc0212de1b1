/**
 * Following and delivery through the gateway, over all five subgraphs: a user
 * follows a user and a life account, and what those send reaches them — the
 * push in their feed, the private message in their inbox — with names filled
 * in by payments; a home page is for any signed-in caller, a feed and an inbox
 * for their owner alone; the refusals are userErrors and the scopes hold.
 */
import { bearer, postGraphQL, startGraph, type RunningGraph } from '../support/harness';

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph.close());

const gql = (
  query: string,
  variables: Record<string, unknown> = {},
  user?: string,
  scopes?: string[],
) => postGraphQL(graph.gatewayUrl, query, variables, user ? bearer(user, { scopes }) : {});

const FOLLOW = `mutation ($userId: ID!) { userFollow(input: { userId: $userId }) {
  user { id nickname followerCount } following userErrors { code field } } }`;

describe('following through the gateway', () => {
  it('delivers a followed life account’s push to the feed and a followed sharer’s private message to the inbox', async () => {
    // u-chen follows u-zhao, who runs HEYTEA's life account, and that account.
    const followed = await gql(FOLLOW, { userId: 'u-zhao' }, 'u-chen');
    expect(followed.body.errors).toBeUndefined();
    expect(followed.body.data.userFollow).toEqual({
      user: { id: 'u-zhao', nickname: '赵敏 Zhao Min', followerCount: 2 },
      following: true,
      userErrors: [],
    });
    const life = await gql(
      `mutation { lifeAccountFollow(input: { lifeAccountId: "la-heytea-hubin" }) {
        lifeAccount { id followerCount } following userErrors { code } } }`,
      {},
      'u-chen',
    );
    expect(life.body.data.lifeAccountFollow).toEqual({
      lifeAccount: { id: 'la-heytea-hubin', followerCount: 3 },
      following: true,
      userErrors: [],
    });

    const pushed = await gql(
      `mutation { lifeAccountPush(input: { lifeAccountId: "la-heytea-hubin", title: "多肉葡萄回归 Grape is back", body: "湖滨店今日供应 At Hubin today" }) {
        push { id } userErrors { code } } }`,
      {},
      'u-zhao',
    );
    expect(pushed.body.data.lifeAccountPush.userErrors).toEqual([]);
    const shared = await gql(
      `mutation { miniProgramShare(input: { miniProgramId: "mp-heytea-go", channel: PRIVATE_MESSAGE, recipientId: "u-chen" }) {
        card { id recipient { id nickname } } userErrors { code } } }`,
      {},
      'u-zhao',
    );
    expect(shared.body.data.miniProgramShare).toEqual({
      card: { id: expect.any(String), recipient: { id: 'u-chen', nickname: '陈静 Chen Jing' } },
      userErrors: [],
    });

    const { body } = await gql(
      `{ me { followingCount
        feed(first: 1) { edges { node { id kind ... on LifeAccountPush { title lifeAccount { merchant { name } } } } } }
        inbox(first: 5) { edges { node { id channel sharedBy { nickname } miniProgram { title } } } } } }`,
      {},
      'u-chen',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.me).toEqual({
      followingCount: 2,
      feed: {
        edges: [
          {
            node: {
              id: pushed.body.data.lifeAccountPush.push.id,
              kind: 'LIFE_ACCOUNT_PUSH',
              title: '多肉葡萄回归 Grape is back',
              lifeAccount: { merchant: { name: expect.stringContaining('喜茶') } },
            },
          },
        ],
      },
      inbox: {
        edges: [
          {
            node: {
              id: shared.body.data.miniProgramShare.card.id,
              channel: 'PRIVATE_MESSAGE',
              sharedBy: { nickname: '赵敏 Zhao Min' },
              miniProgram: { title: '喜茶GO' },
            },
          },
        ],
      },
    });

    // Someone else sees neither the inbox nor the recipient of a private message.
    const other = await gql(`{ user(id: "u-chen") { inbox { edges { cursor } } } }`, {}, 'u-lin');
    expect(other.body.data.user.inbox).toBeNull();
  });

  it('shows a user’s home page and follow counts to a signed-in caller', async () => {
    const shared = await gql(
      `mutation { miniProgramShare(input: { miniProgramId: "mp-westlake-boat", channel: HOME_PAGE }) {
        card { id } userErrors { code } } }`,
      {},
      'u-wang',
    );
    expect(shared.body.data.miniProgramShare.userErrors).toEqual([]);
    const { body } = await gql(
      `{ user(id: "u-wang") { nickname followerCount followingCount
        homePage(first: 5) { edges { node { id miniProgram { titleEn } sharedBy { nickname } } } pageInfo { hasNextPage } } } }`,
      {},
      'u-lin',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.user).toEqual({
      nickname: '王磊 Wang Lei',
      followerCount: 1,
      followingCount: 1,
      homePage: {
        edges: [
          {
            node: {
              id: shared.body.data.miniProgramShare.card.id,
              miniProgram: { titleEn: 'West Lake Boats' },
              sharedBy: { nickname: '王磊 Wang Lei' },
            },
          },
        ],
        pageInfo: { hasNextPage: false },
      },
    });
  });

  it('answers following oneself and an unknown user with userErrors, and unfollows', async () => {
    const self = await gql(FOLLOW, { userId: 'u-lin' }, 'u-lin');
    expect(self.body.data.userFollow).toEqual({
      user: null,
      following: null,
      userErrors: [{ code: 'CANNOT_FOLLOW_SELF', field: ['input', 'userId'] }],
    });
    const unknown = await gql(FOLLOW, { userId: 'u-nobody' }, 'u-lin');
    expect(unknown.body.data.userFollow.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'userId'] },
    ]);
    const gone = await gql(
      `mutation { userUnfollow(input: { userId: "demo" }) { user { followerCount } following userErrors { code } } }`,
      {},
      'u-lin',
    );
    expect(gone.body.data.userUnfollow).toEqual({
      user: { followerCount: 0 },
      following: false,
      userErrors: [],
    });
  });

  it('keeps feeds, inboxes and following to signed-in users with the social scope', async () => {
    const anonymous = await gql(`{ me { feed { edges { cursor } } } }`);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const anonymousFollow = await gql(FOLLOW, { userId: 'u-lin' });
    expect(anonymousFollow.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const noSocial = ['profile'];
    const feed = await gql(`{ me { nickname inbox { edges { cursor } } } }`, {}, 'demo', noSocial);
    expect(feed.body.data.me).toEqual({ nickname: '西湖小明 Xiaoming', inbox: null });
    expect(feed.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const follow = await gql(FOLLOW, { userId: 'u-lin' }, 'demo', noSocial);
    expect(follow.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(follow.body.data?.userFollow ?? null).toBeNull();
  });
});
