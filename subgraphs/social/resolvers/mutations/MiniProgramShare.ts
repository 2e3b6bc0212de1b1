import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MutationResolvers,
  MiniProgramSharePayloadResolvers,
} from '../../__generated__/resolvers-types';
import { shareMiniProgram, validateShare } from '../../data/sharing';

export const miniProgramShare: MutationResolvers['miniProgramShare'] = async (
  _,
  { input },
  { db, viewerId },
) => {
  const userId = requireViewer(viewerId, 'share a mini-program');
  validateShare(input.channel, input.recipientId);
  const recipientId = input.recipientId ?? null;
  return runMutation(
    db,
    {
      actor: userId,
      operation: 'miniProgramShare',
      idempotencyKey: input.idempotencyKey,
      input: { miniProgramId: input.miniProgramId, channel: input.channel, recipientId },
    },
    async (tx) => ({
      ...(await shareMiniProgram(tx, userId, input.miniProgramId, input.channel, recipientId)),
      userErrors: [],
    }),
  );
};

export const MiniProgramSharePayload: MiniProgramSharePayloadResolvers = {
  card: (payload, _, { loaders }) =>
    payload.shareId ? loaders.cardById.load(payload.shareId) : null,
  nextShareAllowedAt: (payload) => payload.nextShareAllowedAt ?? payload.retryAt ?? null,
};
