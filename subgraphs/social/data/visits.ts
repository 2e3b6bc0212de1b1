import type { SqlClient } from '../../kit/database';
import { userError, UserErrors } from '../../kit/mutations';
import { verifyVisitProof } from '../../kit/visit-proofs';

const PROOF_FIELD = ['input', 'visitProof'];

/**
 * Counts a visitor a merchant brought in, once per Shanghai day, on the proof
 * of their payment there (subgraphs/kit/visit-proofs.ts): the day is the
 * payment's, and the primary key (merchant, day, visitor) deduplicates,
 * concurrent records included.
 */
export async function recordVisit(
  tx: SqlClient,
  visitorId: string,
  visit: { merchantId: string; visitProof: string },
  visitProofSecret: string,
): Promise<{ counted: boolean }> {
  const { merchantId } = visit;
  const verified = verifyVisitProof(visit.visitProof, visitProofSecret);
  if (!verified.ok) {
    throw new UserErrors([
      verified.reason === 'EXPIRED'
        ? userError(
            'VISIT_PROOF_EXPIRED',
            'This visit proof is more than a day old; a visit counts within a day of the payment',
            PROOF_FIELD,
          )
        : userError(
            'VISIT_PROOF_INVALID',
            'This is not a visit proof the wallet issued',
            PROOF_FIELD,
          ),
    ]);
  }
  const { proof } = verified;
  if (proof.visitorId !== visitorId) {
    throw new UserErrors([
      userError(
        'VISIT_PROOF_NOT_YOURS',
        'This visit proof is of another user’s payment',
        PROOF_FIELD,
      ),
    ]);
  }
  if (proof.merchantId !== merchantId) {
    throw new UserErrors([
      userError(
        'VISIT_PROOF_WRONG_MERCHANT',
        `This visit proof is of a payment at another merchant, not "${merchantId}"`,
        PROOF_FIELD,
      ),
    ]);
  }
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
     VALUES ($1, $2, $3::date)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [merchantId, visitorId, proof.visitDay],
  );
  return { counted: inserted.length > 0 };
}
