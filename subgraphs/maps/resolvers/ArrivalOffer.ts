import type { ArrivalOfferRow } from '../data/rows';

export const ArrivalOffer = {
  titleEn: (offer: ArrivalOfferRow) => offer.title_en,
  minimumSpend: (offer: ArrivalOfferRow) => offer.minimum_spend,
};
