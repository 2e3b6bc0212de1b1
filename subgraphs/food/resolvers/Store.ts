import { checkPoint } from '../../kit/geo';
import type { StoreResolvers } from '../__generated__/resolvers-types';
import { quoteDelivery } from '../delivery';
import { hourMinute, isOpenAt } from '../hours';

export const Store: StoreResolvers = {
  menu: (store, _, { loaders }) => loaders.menuByStore.load(store.id),

  delivery: async (store, { to }, { loaders }) => {
    checkPoint(to, 'to');
    const kitchen = await loaders.kitchenByStore.load(store.id);
    if (!kitchen || !store.location) return null;
    return quoteDelivery(
      {
        baseFee: kitchen.base_fee,
        prepMinutes: kitchen.prep_minutes,
        deliveryRadiusMeters: kitchen.delivery_radius_m,
        openOrders: kitchen.open_orders,
      },
      store.location,
      to,
    );
  },

  deliveryHours: async (store, _, { loaders }) =>
    (await loaders.hoursByStore.load(store.id)).map((row) => ({
      opensAt: hourMinute(row.opens_at),
      closesAt: hourMinute(row.closes_at),
    })),

  acceptsOrdersNow: async (store, _, { loaders }) =>
    isOpenAt(
      (await loaders.hoursByStore.load(store.id)).map((row) => ({
        opensAt: row.opens_at,
        closesAt: row.closes_at,
      })),
      new Date(),
    ),
};
