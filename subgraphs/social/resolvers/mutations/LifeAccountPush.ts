import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MutationResolvers,
  LifeAccountPushPayloadResolvers,
} from '../../__generated__/resolvers-types';
import { pushToFollowers, validatePush } from '../../data/lifeAccounts';

export const lifeAccountPush: MutationResolvers['lifeAccountPush'] = async (
  _,
  { input },
  { db, viewerId },
) => {
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
};

export const LifeAccountPushPayload: LifeAccountPushPayloadResolvers = {
  push: (payload, _, { loaders }) =>
    payload.pushId ? loaders.pushById.load(payload.pushId) : null,
  lifeAccount: (payload, _, { loaders }) =>
    payload.lifeAccountId ? loaders.lifeAccountById.load(payload.lifeAccountId) : null,
  nextPushAllowedAt: (payload) => payload.nextPushAllowedAt ?? payload.retryAt ?? null,
};
