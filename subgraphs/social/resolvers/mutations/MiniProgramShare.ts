import type { SocialContext } from '../context';
import type { ShareChannel } from '../data/loaders';
import { shareMiniProgram } from '../data/sharing';
import { requireViewer, runMutation } from '../../kit/mutations';

interface MiniProgramShareInput {
  miniProgramId: string;
  channel: ShareChannel;
  idempotencyKey?: string | null;
}

export async function miniProgramShare(
  _: unknown,
  { input }: { input: MiniProgramShareInput },
  { db, viewerId }: SocialContext,
) {
  const userId = requireViewer(viewerId, 'share a mini-program');
  return runMutation(
    db,
    {
      actor: userId,
      operation: 'miniProgramShare',
      idempotencyKey: input.idempotencyKey,
      input: { miniProgramId: input.miniProgramId, channel: input.channel },
    },
    async (tx) => ({
      ...(await shareMiniProgram(tx, userId, input.miniProgramId, input.channel)),
      userErrors: [],
    }),
  );
}

export const MiniProgramSharePayload = {
  card: (payload: { shareId?: string }, _: unknown, { loaders }: SocialContext) =>
    payload.shareId ? loaders.cardById.load(payload.shareId) : null,
  nextShareAllowedAt: (payload: { nextShareAllowedAt?: string; retryAt?: string }) =>
    payload.nextShareAllowedAt ?? payload.retryAt ?? null,
};
