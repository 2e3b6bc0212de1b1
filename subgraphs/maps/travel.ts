/**
 * The travel model behind `Store.travel` (documented on the TravelEstimate
 * type, which clients read): no routing service, just distance and speed.
 *
 * - The distance is the great circle on the same sphere earthdistance uses
 *   (radius 6,378,168 m), so it equals the `distanceMeters` of nearby search.
 * - Streets are not straight: a trip follows a route 1.3 times that distance,
 *   the usual detour ratio of a city grid, rounded to whole metres.
 * - Walking covers 80 m a minute (4.8 km/h). Driving covers 400 m a minute
 *   (24 km/h, central Hangzhou's average with its traffic lights) and then
 *   spends 5 minutes finding a parking space.
 * - Minutes are rounded up; a trip of no distance takes no time at all.
 */
import { greatCircleMeters as greatCircleOnSphere } from '../kit/geo';

export interface Point {
  lat: number;
  lng: number;
}

export interface TravelEstimate {
  distanceMeters: number;
  walkingMinutes: number;
  drivingMinutes: number;
}

/** earthdistance's `earth()`: the sphere nearby search measures on. */
export const EARTH_RADIUS_METERS = 6_378_168;
/** Route length over straight-line distance, in tenths (13 = 1.3), so the arithmetic stays exact. */
export const ROUTE_FACTOR_TENTHS = 13;
export const WALKING_METERS_PER_MINUTE = 80;
export const DRIVING_METERS_PER_MINUTE = 400;
export const PARKING_MINUTES = 5;

export function greatCircleMeters(a: Point, b: Point): number {
  return greatCircleOnSphere(a, b, EARTH_RADIUS_METERS);
}

/** The estimate for a straight-line distance already rounded to whole metres. */
export function estimateForDistance(distanceMeters: number): TravelEstimate {
  const routeMeters = Math.round((distanceMeters * ROUTE_FACTOR_TENTHS) / 10);
  return {
    distanceMeters,
    walkingMinutes: Math.ceil(routeMeters / WALKING_METERS_PER_MINUTE),
    drivingMinutes:
      routeMeters === 0 ? 0 : Math.ceil(routeMeters / DRIVING_METERS_PER_MINUTE) + PARKING_MINUTES,
  };
}

export function estimateTravel(from: Point, to: Point): TravelEstimate {
  return estimateForDistance(Math.round(greatCircleMeters(from, to)));
}
