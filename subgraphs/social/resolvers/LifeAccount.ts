import { loadReferenced } from '../../kit/loaders';
import type {
  LifeAccountPushResolvers,
  LifeAccountResolvers,
} from '../__generated__/resolvers-types';
import { LIFE_ACCOUNT_PUSHES_PER_WEEK } from '../rules';

export const LifeAccount: LifeAccountResolvers = {
  nameEn: (account) => account.name_en,
  merchant: (account) => ({ id: account.merchant_id }),
  owner: (account) => ({ id: account.owner_id }),
  followerCount: async (account, _, { loaders }) =>
    (await loaders.lifeAccountStats.load(account.id))?.follower_count ?? 0,
  weeklyPushLimit: () => LIFE_ACCOUNT_PUSHES_PER_WEEK,
  pushesThisWeek: async (account, _, { loaders }) =>
    (await loaders.lifeAccountStats.load(account.id))?.pushes_this_week ?? 0,
  nextPushAllowedAt: async (account, _, { loaders }) => {
    const stats = await loaders.lifeAccountStats.load(account.id);
    return stats && stats.pushes_this_week >= LIFE_ACCOUNT_PUSHES_PER_WEEK
      ? stats.next_week_start
      : null;
  },
  recentPushes: (account, { first }, { loaders }) =>
    loaders.recentPushesByLifeAccount(first).load(account.id),
};

export const LifeAccountPush: LifeAccountPushResolvers = {
  kind: () => 'LIFE_ACCOUNT_PUSH',
  lifeAccount: (push, _, { loaders }) =>
    loadReferenced(loaders.lifeAccountById, push.life_account_id, 'Life account'),
  pushedAt: (push) => push.pushed_at,
  createdAt: (push) => push.pushed_at,
};
