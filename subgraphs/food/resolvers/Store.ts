import { checkPoint, type GeoPoint } from '../../kit/geo';
import type { FoodContext } from '../context';
import { quoteDelivery } from '../delivery';
import { hourMinute, isOpenAt } from '../hours';

interface StoreRepresentation {
  id: string;
  location?: GeoPoint;
}

export const Store = {
  menu: (store: StoreRepresentation, _: unknown, { loaders }: FoodContext) =>
    loaders.menuByStore.load(store.id),

  delivery: async (
    store: StoreRepresentation,
    { to }: { to: GeoPoint },
    { loaders }: FoodContext,
  ) => {
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

  deliveryHours: async (store: StoreRepresentation, _: unknown, { loaders }: FoodContext) =>
    (await loaders.hoursByStore.load(store.id)).map((row) => ({
      opensAt: hourMinute(row.opens_at),
      closesAt: hourMinute(row.closes_at),
    })),

  acceptsOrdersNow: async (store: StoreRepresentation, _: unknown, { loaders }: FoodContext) =>
    isOpenAt(
      (await loaders.hoursByStore.load(store.id)).map((row) => ({
        opensAt: row.opens_at,
        closesAt: row.closes_at,
      })),
      new Date(),
    ),
};
