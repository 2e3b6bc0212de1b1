import { checkPoint } from '../../kit/geo';
import type { DeliveryQuoteResolvers, StoreResolvers } from '../__generated__/resolvers-types';
import type { Loaders } from '../data/loaders';
import { quoteDelivery, readyInMinutes } from '../delivery';
import { modesOf } from '../fulfilment';
import { hourMinute, isOpenAt, nextOpening, type DailyWindow } from '../hours';

export const Store: StoreResolvers = {
  menu: (store, _, { loaders }) => loaders.menuByStore.load(store.id),

  delivery: async (store, { to }, { loaders }) => {
    checkPoint(to, 'to');
    const kitchen = await loaders.kitchenByStore.load(store.id);
    if (!kitchen || !store.location) return null;
    const quote = quoteDelivery(
      {
        baseFee: kitchen.base_fee,
        prepMinutes: kitchen.prep_minutes,
        deliveryRadiusMeters: kitchen.delivery_radius_m,
        openOrders: kitchen.open_orders,
      },
      store.location,
      to,
    );
    return quote && { ...quote, store_id: store.id };
  },

  deliveryHours: async (store, _, { loaders }) =>
    (await loaders.hoursByStore.load(store.id)).map((row) => ({
      opensAt: hourMinute(row.opens_at),
      closesAt: hourMinute(row.closes_at),
    })),

  acceptsOrdersNow: async (store, _, { loaders }) =>
    isOpenAt(await kitchenHours(loaders, store.id), new Date()),

  fulfilmentModes: async (store, _, { loaders }) => {
    const kitchen = await loaders.kitchenByStore.load(store.id);
    return kitchen ? modesOf(kitchen) : [];
  },

  readyInMinutes: async (store, _, { loaders }) => {
    const kitchen = await loaders.kitchenByStore.load(store.id);
    return kitchen
      ? readyInMinutes({ prepMinutes: kitchen.prep_minutes, openOrders: kitchen.open_orders })
      : null;
  },
};

/** Its kitchen's hours are read only when a quote is asked whether it is open. */
export const DeliveryQuote: DeliveryQuoteResolvers = {
  kitchenOpen: async (quote, _, { loaders }) =>
    isOpenAt(await kitchenHours(loaders, quote.store_id), new Date()),
  opensAt: async (quote, _, { loaders }) =>
    nextOpening(await kitchenHours(loaders, quote.store_id), new Date()),
};

/** A kitchen's delivery windows, as the hours rules read them. */
async function kitchenHours(loaders: Loaders, storeId: string): Promise<DailyWindow[]> {
  return (await loaders.hoursByStore.load(storeId)).map((row) => ({
    opensAt: row.opens_at,
    closesAt: row.closes_at,
  }));
}
