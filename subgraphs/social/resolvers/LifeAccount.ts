import type { SocialContext } from '../context';
import type { LifeAccountPushRow, LifeAccountRow } from '../data/loaders';
import { LIFE_ACCOUNT_PUSHES_PER_WEEK } from '../rules';

export const LifeAccount = {
  nameEn: (account: LifeAccountRow) => account.name_en,
  merchant: (account: LifeAccountRow) => ({ id: account.merchant_id }),
  owner: (account: LifeAccountRow) => ({ id: account.owner_id }),
  followerCount: async (account: LifeAccountRow, _: unknown, { loaders }: SocialContext) =>
    (await loaders.lifeAccountStats.load(account.id))?.follower_count ?? 0,
  weeklyPushLimit: () => LIFE_ACCOUNT_PUSHES_PER_WEEK,
  pushesThisWeek: async (account: LifeAccountRow, _: unknown, { loaders }: SocialContext) =>
    (await loaders.lifeAccountStats.load(account.id))?.pushes_this_week ?? 0,
  nextPushAllowedAt: async (account: LifeAccountRow, _: unknown, { loaders }: SocialContext) => {
    const stats = await loaders.lifeAccountStats.load(account.id);
    return stats && stats.pushes_this_week >= LIFE_ACCOUNT_PUSHES_PER_WEEK
      ? stats.next_week_start
      : null;
  },
  recentPushes: (
    account: LifeAccountRow,
    { first }: { first: number },
    { loaders }: SocialContext,
  ) => {
    return loaders.recentPushesByLifeAccount(first).load(account.id);
  },
};

export const LifeAccountPush = {
  pushedAt: (push: LifeAccountPushRow) => push.pushed_at,
};
