import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MutationResolvers,
  MerchantVisitRecordPayloadResolvers,
} from '../../__generated__/resolvers-types';
import { recordVisit } from '../../data/visits';

export const merchantVisitRecord: MutationResolvers['merchantVisitRecord'] = async (
  _,
  { input },
  { db, viewerId, config },
) => {
  const visitorId = requireViewer(viewerId, 'record a visit');
  return runMutation(
    db,
    { actor: visitorId, operation: 'merchantVisitRecord', input },
    async (tx) => ({
      ...(await recordVisit(tx, visitorId, input, config.visitProofSecret)),
      userErrors: [],
    }),
  );
};

export const MerchantVisitRecordPayload: MerchantVisitRecordPayloadResolvers = {
  counted: (payload) => payload.counted ?? null,
};
