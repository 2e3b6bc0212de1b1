import type { PaymentsContext } from '../context';

export const Query = {
  me: (_: unknown, __: unknown, { viewerId, loaders }: PaymentsContext) =>
    viewerId ? loaders.userById.load(viewerId) : null,
  user: (_: unknown, { id }: { id: string }, { loaders }: PaymentsContext) =>
    loaders.userById.load(id),
};
