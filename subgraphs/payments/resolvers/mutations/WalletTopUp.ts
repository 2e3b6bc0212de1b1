import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MutationResolvers,
  WalletTopUpPayloadResolvers,
} from '../../__generated__/resolvers-types';
import { topUpWallet } from '../../data/topUps';

export const walletTopUp: MutationResolvers['walletTopUp'] = async (_, { input }, ctx) => {
  const userId = requireViewer(ctx.viewerId, 'top up the wallet');
  const { idempotencyKey, fundingSourceId, amount } = input;
  return runMutation(
    ctx.db,
    {
      actor: userId,
      operation: 'walletTopUp',
      idempotencyKey,
      input: { fundingSourceId, amount },
    },
    (tx) => topUpWallet(tx, userId, fundingSourceId, amount),
  );
};

export const WalletTopUpPayload: WalletTopUpPayloadResolvers = {
  topUp: (record, _, { loaders }) =>
    record.topUpId ? loaders.topUpById.load(record.topUpId) : null,
  retryAfter: (record) => record.retryAt ?? null,
};
