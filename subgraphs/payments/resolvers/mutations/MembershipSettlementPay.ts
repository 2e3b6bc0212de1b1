import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MembershipSettlementPayPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { payOutstandingSettlement } from '../../data/memberships';

export const membershipSettlementPay: MutationResolvers['membershipSettlementPay'] = async (
  _,
  { input },
  ctx,
) => {
  const userId = requireViewer(ctx.viewerId, 'use the wallet');
  return runMutation(
    ctx.db,
    {
      actor: userId,
      operation: 'membershipSettlementPay',
      idempotencyKey: input.idempotencyKey,
      input,
    },
    (tx) => payOutstandingSettlement(tx, userId, input.settlementId),
  );
};

export const MembershipSettlementPayPayload: MembershipSettlementPayPayloadResolvers = {
  settlement: (record, _, { loaders }) =>
    record.settlementId ? loaders.settlementById.load(record.settlementId) : null,
};
