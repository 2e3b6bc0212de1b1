import {
  estimateForDistance,
  estimateTravel,
  greatCircleMeters,
  PARKING_MINUTES,
} from '../../../subgraphs/maps/travel';

describe('the travel model', () => {
  it('takes no time for no distance', () => {
    expect(estimateForDistance(0)).toEqual({
      distanceMeters: 0,
      walkingMinutes: 0,
      drivingMinutes: 0,
    });
  });

  it('rounds a trip of one metre up to a minute on foot, and adds parking by car', () => {
    expect(estimateForDistance(1)).toEqual({
      distanceMeters: 1,
      walkingMinutes: 1,
      drivingMinutes: 1 + PARKING_MINUTES,
    });
  });

  // The route is 1.3 times the distance, in whole metres: 61 m -> 79 m, 62 m -> 81 m.
  it('walks 80 m of route a minute: the last distance of one minute and the first of two', () => {
    expect(estimateForDistance(61).walkingMinutes).toBe(1);
    expect(estimateForDistance(62).walkingMinutes).toBe(2);
  });

  // 307 m -> 399 m of route, 308 m -> 400 m, 309 m -> 402 m.
  it('drives 400 m of route a minute, then parks for five', () => {
    expect(estimateForDistance(307).drivingMinutes).toBe(1 + PARKING_MINUTES);
    expect(estimateForDistance(308).drivingMinutes).toBe(1 + PARKING_MINUTES);
    expect(estimateForDistance(309).drivingMinutes).toBe(2 + PARKING_MINUTES);
  });

  it('makes walking win a short trip and driving a long one', () => {
    const short = estimateForDistance(300);
    expect(short.walkingMinutes).toBeLessThan(short.drivingMinutes);
    const long = estimateForDistance(5_000);
    expect(long).toEqual({ distanceMeters: 5_000, walkingMinutes: 82, drivingMinutes: 22 });
  });

  it('measures on the sphere earthdistance uses: one degree of latitude is 111,320 m', () => {
    const a = { lat: 30, lng: 120 };
    expect(Math.round(greatCircleMeters(a, { lat: 31, lng: 120 }))).toBe(111_320);
    expect(greatCircleMeters(a, a)).toBe(0);
  });

  it('is the same both ways and rounds the distance to whole metres', () => {
    const hubin = { lat: 30.2575, lng: 120.1655 };
    const louwailou = { lat: 30.2553, lng: 120.1437 };
    expect(estimateTravel(hubin, louwailou)).toEqual(estimateTravel(louwailou, hubin));
    expect(Number.isInteger(estimateTravel(hubin, louwailou).distanceMeters)).toBe(true);
  });
});
