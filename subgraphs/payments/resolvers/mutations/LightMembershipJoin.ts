import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  LightMembershipPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { joinMembership } from '../../data/memberships';

export const lightMembershipJoin: MutationResolvers['lightMembershipJoin'] = async (
  _,
  { input },
  ctx,
) => {
  const userId = requireViewer(ctx.viewerId, 'use the wallet');
  return runMutation(
    ctx.db,
    {
      actor: userId,
      operation: 'lightMembershipJoin',
      idempotencyKey: input.idempotencyKey,
      input,
    },
    (tx) => joinMembership(tx, userId, input.merchantId),
  );
};

/** The payload of joining and of cancelling. */
export const LightMembershipPayload: LightMembershipPayloadResolvers = {
  membership: (record, _, { loaders }) =>
    record.membershipId ? loaders.membershipById.load(record.membershipId) : null,
  settlement: (record, _, { loaders }) =>
    record.settlementId ? loaders.settlementById.load(record.settlementId) : null,
  retryAfter: (record) => record.retryAt ?? null,
};
