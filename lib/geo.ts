import { badUserInput } from './errors';

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** A point a client sent: out-of-range coordinates are the client's error. */
export function checkPoint(point: GeoPoint, argument: string): void {
  if (!(point.lat >= -90 && point.lat <= 90)) {
    throw badUserInput('Latitude must be between -90 and 90 degrees', argument);
  }
  if (!(point.lng >= -180 && point.lng <= 180)) {
    throw badUserInput('Longitude must be between -180 and 180 degrees', argument);
  }
}
