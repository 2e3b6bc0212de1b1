import { badUserInput } from '../../lib/errors';

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

/** Great-circle distance between two points, in metres, on a sphere of the given radius. */
export function greatCircleMeters(a: GeoPoint, b: GeoPoint, radiusMeters: number): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * radiusMeters * Math.asin(Math.min(1, Math.sqrt(h)));
}
