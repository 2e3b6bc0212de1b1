CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

CREATE TABLE business_areas (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  centre_lat double precision NOT NULL,
  centre_lng double precision NOT NULL,
  radius_m integer NOT NULL CHECK (radius_m > 0)
);

CREATE TABLE stores (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  category text NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  address text NOT NULL,
  address_en text NOT NULL,
  business_area_id text REFERENCES business_areas (id),
  merchant_id text NOT NULL
);

-- Nearby search looks stores up through this index (earth_box @> ll_to_earth).
CREATE INDEX stores_location ON stores USING gist (ll_to_earth(lat, lng));
CREATE INDEX stores_business_area ON stores (business_area_id);
