import type { SqlClient } from '../../kit/database';
import { BUSINESS_AREA_COLUMNS, type BusinessAreaRow } from './rows';

/** Areas by English name, one row past the page, after the (name_en, id) cursor if any. */
export function listBusinessAreas(
  db: SqlClient,
  first: number,
  after: { nameEn: string; id: string } | null,
): Promise<BusinessAreaRow[]> {
  return db.query<BusinessAreaRow>(
    `SELECT ${BUSINESS_AREA_COLUMNS} FROM business_areas
      WHERE $1::text IS NULL OR (name_en, id) > ($1::text, $2::text)
      ORDER BY name_en, id
      LIMIT $3`,
    [after?.nameEn ?? null, after?.id ?? null, first + 1],
  );
}
