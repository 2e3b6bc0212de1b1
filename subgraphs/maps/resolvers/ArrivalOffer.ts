import type { ArrivalOfferResolvers } from '../__generated__/resolvers-types';

export const ArrivalOffer: ArrivalOfferResolvers = {
  titleEn: (offer) => offer.title_en,
  minimumSpend: (offer) => offer.minimum_spend,
};
