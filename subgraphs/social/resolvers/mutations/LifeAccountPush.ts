import type { SocialContext } from '../context';
import { pushToFollowers, validatePush } from '../data/lifeAccounts';
import { requireViewer, runMutation } from '../../kit/mutations';

interface LifeAccountPushInput {
  lifeAccountId: string;
  title: string;
  body: string;
  idempotencyKey?: string | null;
}

export async function lifeAccountPush(
  _: unknown,
  { input }: { input: LifeAccountPushInput },
  { db, viewerId }: SocialContext,
) {
  const userId = requireViewer(viewerId, 'push from a life account');
  validatePush(input.title, input.body);
  return runMutation(
    db,
    {
      actor: userId,
      operation: 'lifeAccountPush',
      idempotencyKey: input.idempotencyKey,
      input: { lifeAccountId: input.lifeAccountId, title: input.title, body: input.body },
    },
    async (tx) => ({
      ...(await pushToFollowers(tx, userId, input.lifeAccountId, input.title, input.body)),
      userErrors: [],
    }),
  );
}

export const LifeAccountPushPayload = {
  push: (payload: { pushId?: string }, _: unknown, { loaders }: SocialContext) =>
    payload.pushId ? loaders.pushById.load(payload.pushId) : null,
  lifeAccount: (payload: { lifeAccountId?: string }, _: unknown, { loaders }: SocialContext) =>
    payload.lifeAccountId ? loaders.lifeAccountById.load(payload.lifeAccountId) : null,
  nextPushAllowedAt: (payload: { nextPushAllowedAt?: string | null; retryAt?: string }) =>
    payload.nextPushAllowedAt ?? payload.retryAt ?? null,
};
