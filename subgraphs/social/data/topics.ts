import type { SqlClient } from '../../kit/database';
import { TOPIC_SELECT, type TopicRow } from './rows';

/** The hottest topics first (heat as documented on Topic.heat). */
export function trendingTopics(db: SqlClient, first: number): Promise<TopicRow[]> {
  return db.query<TopicRow>(`${TOPIC_SELECT} ORDER BY heat DESC, id LIMIT $1`, [first]);
}
