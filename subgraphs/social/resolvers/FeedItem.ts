import { loadReferenced } from '../../kit/loaders';
import type {
  FeedItemResolvers,
  MiniProgramCardResolvers,
  MiniProgramResolvers,
} from '../__generated__/resolvers-types';

export const FeedItem: FeedItemResolvers = {
  __resolveType: (item) =>
    item.kind === 'MINI_PROGRAM_CARD'
      ? 'MiniProgramCard'
      : item.kind === 'LIFE_ACCOUNT_PUSH'
        ? 'LifeAccountPush'
        : 'Post',
};

export const MiniProgramCard: MiniProgramCardResolvers = {
  kind: () => 'MINI_PROGRAM_CARD',
  miniProgram: (card, _, { loaders }) =>
    loadReferenced(loaders.miniProgramById, card.mini_program_id, 'Mini-program'),
  sharedBy: (card) => ({ id: card.account_id }),
  /** A private message is its sender's and its recipient's alone. */
  recipient: (card, _, { viewerId }) =>
    card.recipient_id !== null && (viewerId === card.account_id || viewerId === card.recipient_id)
      ? { id: card.recipient_id }
      : null,
  createdAt: (card) => card.created_at,
};

export const MiniProgram: MiniProgramResolvers = {
  titleEn: (program) => program.title_en,
};
