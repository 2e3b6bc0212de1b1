import type { SqlClient } from '../../kit/database';
import { PORTAL_COLUMNS, TOPIC_SELECT, type PortalRow, type TopicRow } from './rows';

/** The hottest topics first (heat as documented on Topic.heat). */
export function trendingTopics(db: SqlClient, first: number): Promise<TopicRow[]> {
  return db.query<TopicRow>(`${TOPIC_SELECT} ORDER BY heat DESC, id LIMIT $1`, [first]);
}

/**
 * The hottest `first` topics of each portal, in one statement: topics of the
 * portal's city or of every city, about one of its services (a city-services
 * portal) or about stores or products (a life portal).
 */
export function trendingInPortals(
  db: SqlClient,
  portalIds: readonly string[],
  first: number,
): Promise<(TopicRow & { portal_id: string })[]> {
  return db.query(
    `SELECT * FROM (
       SELECT p.id AS portal_id, t.*,
              row_number() OVER (PARTITION BY p.id ORDER BY t.heat DESC, t.id) AS position
         FROM portals p
         JOIN (${TOPIC_SELECT}) t ON t.city IS NULL OR t.city = p.city
        WHERE p.id = ANY($1)
          AND CASE p.kind
                WHEN 'CITY_SERVICES' THEN EXISTS (
                  SELECT 1 FROM topic_mini_programs tm
                    JOIN portal_mini_programs pm ON pm.mini_program_id = tm.mini_program_id
                   WHERE tm.topic_id = t.id AND pm.portal_id = p.id)
                ELSE EXISTS (SELECT 1 FROM topic_stores ts WHERE ts.topic_id = t.id)
                  OR EXISTS (SELECT 1 FROM topic_products tp WHERE tp.topic_id = t.id)
              END
     ) ranked
     WHERE position <= $2
     ORDER BY portal_id, position`,
    [portalIds, first],
  );
}

/** A city's portals, city services first. */
export function portalsOf(
  db: SqlClient,
  city: string,
  kind: PortalRow['kind'] | null,
): Promise<PortalRow[]> {
  return db.query<PortalRow>(
    `SELECT ${PORTAL_COLUMNS} FROM portals
      WHERE city = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY kind`,
    [city, kind],
  );
}
