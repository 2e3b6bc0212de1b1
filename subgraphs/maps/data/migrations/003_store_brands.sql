-- The chain a store belongs to, as the marketplace knows it (commerce's brand
-- id), so that the map can show a brand's stores and filter a search by brand.
-- A brand is one wallet merchant: a store's brand is its merchant's brand.
ALTER TABLE stores ADD COLUMN brand_id text;
CREATE INDEX stores_by_brand ON stores (brand_id) WHERE brand_id IS NOT NULL;
