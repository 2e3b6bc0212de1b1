/**
 * The delivery quote model (documented on the DeliveryQuote type): distance is
 * the great circle between store and customer, riders ride at 15 km/h, and each
 * order already waiting in the kitchen adds two minutes, ten orders at most
 * (readyInMinutes, which orders picked up or eaten in are ready by too).
 */
import { greatCircleMeters } from '../kit/geo';
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

/** The delivery model measures on the mean earth radius. */
export function distanceMeters(a: Point, b: Point): number {
  return greatCircleMeters(a, b, EARTH_RADIUS_METERS);
}

/**
 * How long the kitchen takes to have an order ready: its preparation time and
 * two minutes for each order already waiting, ten at most. A delivery adds the
 * ride; an order picked up or eaten in is ready then.
 */
export function readyInMinutes(kitchen: Pick<Kitchen, 'prepMinutes' | 'openOrders'>): number {
  return (
    kitchen.prepMinutes +
    MINUTES_PER_QUEUED_ORDER * Math.min(kitchen.openOrders, QUEUED_ORDERS_COUNTED)
  );
}

export function quoteDelivery(kitchen: Kitchen, from: Point, to: Point): DeliveryQuote | null {
  const distance = distanceMeters(from, to);
  if (distance > kitchen.deliveryRadiusMeters) return null;
  const extraKm = Math.ceil(Math.max(0, distance - FREE_DISTANCE_METERS) / 1000);
  return {
    fee: kitchen.baseFee + extraKm * FEE_PER_STARTED_KM,
    etaMinutes: Math.ceil(readyInMinutes(kitchen) + distance / RIDER_METERS_PER_MINUTE),
    distanceMeters: Math.round(distance),
  };
}
