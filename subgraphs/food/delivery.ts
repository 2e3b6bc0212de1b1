/**
 * The delivery quote model (documented on the DeliveryQuote type): distance is
 * the great circle between store and customer, riders ride at 15 km/h, and each
 * order already waiting in the kitchen adds two minutes, ten orders at most.
 */
export interface Point {
  lat: number;
  lng: number;
}

export interface Kitchen {
  baseFee: number;
  prepMinutes: number;
  deliveryRadiusMeters: number;
  openOrders: number;
}

export interface DeliveryQuote {
  fee: number;
  etaMinutes: number;
  distanceMeters: number;
}

const EARTH_RADIUS_METERS = 6_371_000;
const RIDER_METERS_PER_MINUTE = 15_000 / 60;
const FREE_DISTANCE_METERS = 2_000;
const FEE_PER_STARTED_KM = 100;
const MINUTES_PER_QUEUED_ORDER = 2;
const QUEUED_ORDERS_COUNTED = 10;

export function distanceMeters(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function quoteDelivery(kitchen: Kitchen, from: Point, to: Point): DeliveryQuote | null {
  const distance = distanceMeters(from, to);
  if (distance > kitchen.deliveryRadiusMeters) return null;
  const extraKm = Math.ceil(Math.max(0, distance - FREE_DISTANCE_METERS) / 1000);
  const queueMinutes =
    MINUTES_PER_QUEUED_ORDER * Math.min(kitchen.openOrders, QUEUED_ORDERS_COUNTED);
  return {
    fee: kitchen.baseFee + extraKm * FEE_PER_STARTED_KM,
    etaMinutes: Math.ceil(kitchen.prepMinutes + queueMinutes + distance / RIDER_METERS_PER_MINUTE),
    distanceMeters: Math.round(distance),
  };
}
