import { requireViewer, runMutation } from '../../../kit/mutations';
import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { cancelMembership } from '../../data/memberships';

/** Answers with a LightMembershipPayload, resolved in LightMembershipJoin.ts. */
export const lightMembershipCancel: MutationResolvers['lightMembershipCancel'] = async (
  _,
  { input },
  ctx,
) => {
  const userId = requireViewer(ctx.viewerId, 'use the wallet');
  return runMutation(
    ctx.db,
    {
      actor: userId,
      operation: 'lightMembershipCancel',
      idempotencyKey: input.idempotencyKey,
      input,
    },
    (tx) => cancelMembership(tx, userId, input.membershipId),
  );
};
