import { loadReferenced } from '../../kit/loaders';
import type {
  FeedItemResolvers,
  MiniProgramCardResolvers,
  MiniProgramResolvers,
} from '../__generated__/resolvers-types';

export const FeedItem: FeedItemResolvers = {
  __resolveType: (item) => (item.kind === 'MINI_PROGRAM_CARD' ? 'MiniProgramCard' : 'Post'),
};

export const MiniProgramCard: MiniProgramCardResolvers = {
  kind: () => 'MINI_PROGRAM_CARD',
  miniProgram: (card, _, { loaders }) =>
    loadReferenced(loaders.miniProgramById, card.mini_program_id, 'Mini-program'),
  sharedBy: (card) => ({ id: card.account_id }),
  createdAt: (card) => card.created_at,
};

export const MiniProgram: MiniProgramResolvers = {
  titleEn: (program) => program.title_en,
};
