import type { Database } from '../../../lib/database';
import { DataLoader, loaderFamily, manyByKey, oneByKey } from '../../../lib/loaders';

export interface TopicRow {
  id: string;
  title: string;
  title_en: string;
  heat: number;
}

export interface PostRow {
  id: string;
  author_id: string;
  text: string;
  likes: number;
  created_at: Date;
}

/** Heat as documented on Topic.heat: volume halved for every twelve quiet hours. */
export const TOPIC_SELECT = `SELECT id, title, title_en,
  round(search_volume * power(0.5, extract(epoch FROM now() - last_active_at) / 43200))::bigint AS heat
  FROM topics`;

export function createLoaders(db: Database) {
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
  };
}

export type SocialLoaders = ReturnType<typeof createLoaders>;
