import type { SqlClient } from '../../kit/database';
import { userError, UserErrors } from '../../kit/mutations';
import { TODAY_SQL } from '../rules';

/**
 * Counts a visitor a merchant brought in, once per Shanghai day: the primary
 * key (merchant, day, visitor) deduplicates, concurrent records included.
 */
export async function recordVisit(
  tx: SqlClient,
  visitorId: string,
  merchantId: string,
): Promise<{ merchantId: string; counted: boolean }> {
  const enrolled = await tx.query('SELECT 1 FROM traffic_pledges WHERE merchant_id = $1', [
    merchantId,
  ]);
  if (enrolled.length === 0) {
    throw new UserErrors([
      userError(
        'MERCHANT_NOT_ENROLLED',
        `Merchant "${merchantId}" is not enrolled in the traffic pledge`,
        ['input', 'merchantId'],
      ),
    ]);
  }
  const inserted = await tx.query(
    `INSERT INTO merchant_visits (merchant_id, visitor_id, visit_day)
     VALUES ($1, $2, ${TODAY_SQL})
     ON CONFLICT DO NOTHING RETURNING 1`,
    [merchantId, visitorId],
  );
  return { merchantId, counted: inserted.length > 0 };
}
