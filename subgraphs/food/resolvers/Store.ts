import { checkPoint, type GeoPoint } from '../../../lib/geo';
import type { FoodContext } from '../context';
import { quoteDelivery } from '../delivery';

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
};
