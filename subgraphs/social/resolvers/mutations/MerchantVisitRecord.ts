import type { SocialContext } from '../context';
import { recordVisit } from '../data/visits';
import { requireViewer, runMutation } from '../../kit/mutations';

export async function merchantVisitRecord(
  _: unknown,
  { input }: { input: { merchantId: string } },
  { db, viewerId }: SocialContext,
) {
  const visitorId = requireViewer(viewerId, 'record a visit');
  return runMutation(
    db,
    { actor: visitorId, operation: 'merchantVisitRecord', input },
    async (tx) => ({ ...(await recordVisit(tx, visitorId, input.merchantId)), userErrors: [] }),
  );
}

export const MerchantVisitRecordPayload = {
  counted: (payload: { counted?: boolean }) => payload.counted ?? null,
  trafficPledge: (payload: { merchantId?: string }, _: unknown, { loaders }: SocialContext) =>
    payload.merchantId ? loaders.trafficPledgeByMerchant.load(payload.merchantId) : null,
};
