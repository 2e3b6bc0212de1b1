import type { PaymentsContext } from '../context';
import type { MerchantRow } from '../data/loaders';

export const Merchant = {
  __resolveReference: ({ id }: { id: string }, { loaders }: PaymentsContext) =>
    loaders.merchantById.load(id),
  nameEn: (row: MerchantRow) => row.name_en,
};
