import type { Database } from '../../kit/database';
import { DataLoader, loaderFamily, manyByKey, oneByKey } from '../../kit/loaders';
import {
  ceilToMillisecond,
  MINI_PROGRAM_CARDS_PER_FEED_DAY,
  MINI_PROGRAM_SHARE_INTERVAL,
  BUSINESS_TIME_ZONE,
  WEEK_START_SQL,
} from '../rules';
import type { ShareChannel } from '../__generated__/enums';
import type { SubgraphContext } from '../../kit/subgraph';
import { trendingInPortals } from './topics';
import type { TimePosition } from '../../kit/cursor';
import {
  CARD_COLUMNS,
  exactTime,
  PUSH_COLUMNS,
  TOPIC_SELECT,
  type FeedItemRow,
  type FollowCountsRow,
  type LifeAccountPushRow,
  type LifeAccountRow,
  type LifeAccountStatsRow,
  type MiniProgramCardRow,
  type MiniProgramRow,
  type PagedCardRow,
  type PostRow,
  type SocialAccountRow,
  type TopicRow,
  type TrafficPledgeRow,
} from './rows';

/** A page of a newest-first list: `first` rows after a position, read one row long. */
export interface Page {
  first: number;
  after: TimePosition | null;
}

const pageParameters = (page: Page) => [
  page.after?.at ?? null,
  page.after?.id ?? null,
  page.first + 1,
];

/** The cards of one channel whose `owner` column (sharer or recipient) is one of $1, a page each. */
const cardsPage = (owner: 'account_id' | 'recipient_id', channel: ShareChannel) =>
  `SELECT ${CARD_COLUMNS}, ${exactTime('shared_at')} AS created_at_exact FROM (
     SELECT s.*, row_number() OVER (PARTITION BY ${owner} ORDER BY shared_at DESC, id DESC) AS n
       FROM mini_program_shares s
      WHERE ${owner} = ANY($1) AND channel = '${channel}'
        AND ($2::timestamptz IS NULL OR (shared_at, id) < ($2::timestamptz, $3::text))
   ) ranked
   WHERE n <= $4
   ORDER BY ${owner}, n`;

export function createLoaders(db: Database) {
  /** The mini-programs each owner lists, in its order: one statement for any number of owners. */
  const miniProgramsListedIn = (
    table: 'topic_mini_programs' | 'portal_mini_programs',
    owner: string,
  ) =>
    new DataLoader<string, MiniProgramRow[]>(async (ownerIds) =>
      manyByKey(
        ownerIds,
        await db.query<MiniProgramRow & { owner_id: string }>(
          `SELECT l.${owner} AS owner_id, m.id, m.title, m.title_en
             FROM ${table} l JOIN mini_programs m ON m.id = l.mini_program_id
            WHERE l.${owner} = ANY($1) ORDER BY l.${owner}, l.position`,
          [ownerIds],
        ),
        (row) => row.owner_id,
      ),
    );
  return {
    topicById: new DataLoader<string, TopicRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<TopicRow>(`${TOPIC_SELECT} WHERE id = ANY($1)`, [ids]),
        (row) => row.id,
      ),
    ),
    storeIdsByTopic: new DataLoader<string, string[]>(async (topicIds) =>
      manyByKey(
        topicIds,
        await db.query<{ topic_id: string; store_id: string }>(
          'SELECT topic_id, store_id FROM topic_stores WHERE topic_id = ANY($1) ORDER BY topic_id, position',
          [topicIds],
        ),
        (row) => row.topic_id,
      ).map((rows) => rows.map((row) => row.store_id)),
    ),
    productIdsByTopic: new DataLoader<string, string[]>(async (topicIds) =>
      manyByKey(
        topicIds,
        await db.query<{ topic_id: string; product_id: string }>(
          'SELECT topic_id, product_id FROM topic_products WHERE topic_id = ANY($1) ORDER BY topic_id, position',
          [topicIds],
        ),
        (row) => row.topic_id,
      ).map((rows) => rows.map((row) => row.product_id)),
    ),
    miniProgramsByTopic: miniProgramsListedIn('topic_mini_programs', 'topic_id'),
    miniProgramsByPortal: miniProgramsListedIn('portal_mini_programs', 'portal_id'),
    /** The `first` hottest topics of each portal: one query per page size. */
    trendingByPortal: loaderFamily(
      (first: number) =>
        new DataLoader<string, TopicRow[]>(async (portalIds) =>
          manyByKey(
            portalIds,
            await trendingInPortals(db, portalIds, first),
            (row) => row.portal_id,
          ),
        ),
    ),
    /** The `first` newest posts mentioning each store: one query per page size. */
    mentionsByStore: loaderFamily(
      (first: number) =>
        new DataLoader<string, (PostRow & { store_id: string })[]>(async (storeIds) =>
          manyByKey(
            storeIds,
            await db.query<PostRow & { store_id: string }>(
              `SELECT * FROM (
                  SELECT m.store_id, p.id, p.author_id, p.text, p.likes, p.created_at,
                         row_number() OVER (PARTITION BY m.store_id ORDER BY p.created_at DESC, p.id) AS n
                    FROM post_store_mentions m JOIN posts p ON p.id = m.post_id
                   WHERE m.store_id = ANY($1)
                ) ranked
                WHERE n <= $2
                ORDER BY store_id, n`,
              [storeIds, first],
            ),
            (row) => row.store_id,
          ),
        ),
    ),
    /**
     * A page of each user's following feed, newest first, one row beyond the
     * page (see Page): posts of the users they follow; those users' cards shared
     * to the following feed, of which only the first few of each Shanghai day
     * are shown; and the pushes of the life accounts they follow, sent since.
     */
    feedByUser: loaderFamily(
      (page: Page) =>
        new DataLoader<string, FeedItemRow[]>(async (userIds) =>
          manyByKey(
            userIds,
            await db.query<FeedItemRow & { user_id: string }>(
              `WITH cards AS (
                 SELECT f.follower_id AS user_id, s.id, s.account_id, s.mini_program_id, s.channel, s.shared_at,
                        row_number() OVER (
                          PARTITION BY f.follower_id, (s.shared_at AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date
                          ORDER BY s.shared_at, s.id) AS nth_of_day
                   FROM follows f
                   JOIN mini_program_shares s ON s.account_id = f.followee_id AND s.channel = 'FOLLOWING_FEED'
                  WHERE f.follower_id = ANY($1)
               ), items AS (
                 SELECT f.follower_id AS user_id, 'POST' AS kind, p.id, p.author_id, p.text, p.likes,
                        NULL::text AS account_id, NULL::text AS mini_program_id, NULL::text AS channel,
                        NULL::text AS life_account_id, NULL::text AS title, NULL::text AS body,
                        p.created_at
                   FROM follows f JOIN posts p ON p.author_id = f.followee_id
                  WHERE f.follower_id = ANY($1)
                 UNION ALL
                 SELECT user_id, 'MINI_PROGRAM_CARD', id, NULL, NULL, NULL,
                        account_id, mini_program_id, channel, NULL, NULL, NULL, shared_at
                   FROM cards
                  WHERE nth_of_day <= ${MINI_PROGRAM_CARDS_PER_FEED_DAY}
                 UNION ALL
                 SELECT lf.user_id, 'LIFE_ACCOUNT_PUSH', p.id, NULL, NULL, NULL,
                        NULL, NULL, NULL, p.life_account_id, p.title, p.body, p.pushed_at
                   FROM life_account_followers lf
                   JOIN life_account_pushes p
                     ON p.life_account_id = lf.life_account_id AND p.pushed_at >= lf.followed_at
                  WHERE lf.user_id = ANY($1)
               )
               SELECT ranked.*, NULL::text AS recipient_id, created_at AS pushed_at,
                      ${exactTime('created_at')} AS created_at_exact
                 FROM (
                   SELECT items.*, row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC, id DESC) AS n
                     FROM items
                    WHERE $2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::text)
                 ) ranked
                WHERE n <= $4
                ORDER BY user_id, n`,
              [userIds, ...pageParameters(page)],
            ),
            (row) => row.user_id,
          ),
        ),
    ),
    /** A page of each user's home page: the cards they shared to it, newest first. */
    homePageByUser: loaderFamily(
      (page: Page) =>
        new DataLoader<string, PagedCardRow[]>(async (userIds) =>
          manyByKey(
            userIds,
            await db.query<PagedCardRow>(cardsPage('account_id', 'HOME_PAGE'), [
              userIds,
              ...pageParameters(page),
            ]),
            (row) => row.account_id,
          ),
        ),
    ),
    /** A page of each user's inbox: the private messages sent to them, newest first. */
    inboxByUser: loaderFamily(
      (page: Page) =>
        new DataLoader<string, PagedCardRow[]>(async (userIds) =>
          manyByKey(
            userIds,
            await db.query<PagedCardRow>(cardsPage('recipient_id', 'PRIVATE_MESSAGE'), [
              userIds,
              ...pageParameters(page),
            ]),
            (row) => row.recipient_id,
          ),
        ),
    ),
    followCountsByUser: new DataLoader<string, FollowCountsRow | null>(async (userIds) =>
      oneByKey(
        userIds,
        await db.query<FollowCountsRow>(
          `SELECT u.id AS user_id,
                  (SELECT count(*) FROM follows f WHERE f.followee_id = u.id)::int AS follower_count,
                  ((SELECT count(*) FROM follows f WHERE f.follower_id = u.id)
                    + (SELECT count(*) FROM life_account_followers lf WHERE lf.user_id = u.id))::int
                    AS following_count
             FROM unnest($1::text[]) AS u (id)`,
          [userIds],
        ),
        (row) => row.user_id,
      ),
    ),
    miniProgramById: new DataLoader<string, MiniProgramRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<MiniProgramRow>(
          'SELECT id, title, title_en FROM mini_programs WHERE id = ANY($1)',
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    cardById: new DataLoader<string, MiniProgramCardRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<MiniProgramCardRow>(
          `SELECT ${CARD_COLUMNS} FROM mini_program_shares WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    accountByUser: new DataLoader<string, SocialAccountRow | null>(async (userIds) =>
      oneByKey(
        userIds,
        await db.query<SocialAccountRow>(
          `SELECT a.user_id, a.kind, a.share_whitelisted,
                  CASE WHEN a.share_whitelisted AND last.at + interval '${MINI_PROGRAM_SHARE_INTERVAL}' > now()
                       THEN ${ceilToMillisecond(`last.at + interval '${MINI_PROGRAM_SHARE_INTERVAL}'`)} END
                    AS next_share_at
             FROM accounts a
             LEFT JOIN LATERAL (
               SELECT max(shared_at) AS at FROM mini_program_shares s WHERE s.account_id = a.user_id
             ) last ON true
            WHERE a.user_id = ANY($1)`,
          [userIds],
        ),
        (row) => row.user_id,
      ),
    ),
    lifeAccountById: new DataLoader<string, LifeAccountRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<LifeAccountRow>(
          'SELECT id, merchant_id, owner_id, name, name_en FROM life_accounts WHERE id = ANY($1)',
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    lifeAccountStats: new DataLoader<string, LifeAccountStatsRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<LifeAccountStatsRow>(
          `SELECT la.id,
                  (SELECT count(*) FROM life_account_followers f WHERE f.life_account_id = la.id)::int
                    AS follower_count,
                  (SELECT count(*) FROM life_account_pushes p
                    WHERE p.life_account_id = la.id AND p.pushed_at >= ${WEEK_START_SQL})::int
                    AS pushes_this_week,
                  ${WEEK_START_SQL} + interval '7 days' AS next_week_start
             FROM life_accounts la WHERE la.id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    recentPushesByLifeAccount: loaderFamily(
      (first: number) =>
        new DataLoader<string, LifeAccountPushRow[]>(async (ids) =>
          manyByKey(
            ids,
            await db.query<LifeAccountPushRow>(
              `SELECT ${PUSH_COLUMNS} FROM (
                  SELECT p.*, row_number() OVER (PARTITION BY life_account_id ORDER BY pushed_at DESC, id) AS n
                    FROM life_account_pushes p WHERE life_account_id = ANY($1)
                ) ranked
                WHERE n <= $2
                ORDER BY life_account_id, n`,
              [ids, first],
            ),
            (row) => row.life_account_id,
          ),
        ),
    ),
    pushById: new DataLoader<string, LifeAccountPushRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<LifeAccountPushRow>(
          `SELECT ${PUSH_COLUMNS} FROM life_account_pushes WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    trafficPledgeByMerchant: new DataLoader<string, TrafficPledgeRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<TrafficPledgeRow>(
          `SELECT t.merchant_id, t.page_views_per_visitor,
                  (SELECT count(*) FROM merchant_visits v WHERE v.merchant_id = t.merchant_id)::int
                    AS unique_visitors
             FROM traffic_pledges t WHERE t.merchant_id = ANY($1)`,
          [ids],
        ),
        (row) => row.merchant_id,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
