import type { SocialContext } from '../context';
import type { FeedRow, MiniProgramCardRow, MiniProgramRow } from '../data/loaders';

export const FeedItem = {
  __resolveType: (item: FeedRow) =>
    item.kind === 'MINI_PROGRAM_CARD' ? 'MiniProgramCard' : 'Post',
};

export const MiniProgramCard = {
  kind: () => 'MINI_PROGRAM_CARD',
  miniProgram: (card: MiniProgramCardRow, _: unknown, { loaders }: SocialContext) =>
    loaders.miniProgramById.load(card.mini_program_id),
  sharedBy: (card: MiniProgramCardRow) => ({ id: card.account_id }),
  createdAt: (card: MiniProgramCardRow) => card.created_at,
};

export const MiniProgram = {
  titleEn: (program: MiniProgramRow) => program.title_en,
};
