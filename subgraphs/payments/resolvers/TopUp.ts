import { loadReferenced } from '../../kit/loaders';
import type { FundingSourceResolvers, TopUpResolvers } from '../__generated__/resolvers-types';

export const TopUp: TopUpResolvers = {
  fundingSource: (row, _, { loaders }) =>
    loadReferenced(loaders.fundingSourceById, row.funding_source_id, 'Funding source'),
  wallet: (row, _, { viewerId }) => (viewerId === row.user_id ? { userId: row.user_id } : null),
  createdAt: (row) => row.created_at,
};

export const FundingSource: FundingSourceResolvers = {
  addedAt: (row) => row.added_at,
};
