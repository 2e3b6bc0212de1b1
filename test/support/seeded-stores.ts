/**
 * Where the seeded stores that tests and benchmarks arrive at stand (maps'
 * seed.sql): an arrival is made from the store's own position, as a phone at
 * its door would send it.
 */
export const STORE_POSITIONS = {
  'store-kfc-hubin': { lat: 30.2568, lng: 120.1662 },
  'store-heytea-in77': { lat: 30.2561, lng: 120.1651 },
  'store-starbucks-in77': { lat: 30.2577, lng: 120.1649 },
  'store-louwailou-gushan': { lat: 30.2553, lng: 120.1437 },
} as const;

export type ArrivalStore = keyof typeof STORE_POSITIONS;

/** The stores benchmarks spread arrivals over. */
export const ARRIVAL_STORES = Object.keys(STORE_POSITIONS) as ArrivalStore[];
