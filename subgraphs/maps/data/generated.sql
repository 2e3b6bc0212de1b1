-- The rest of the city, beyond the lakeside areas of seed.sql (which keep only
-- their hand-written stores: other subgraphs and tests name them): 2,000
-- generated stores in eleven districts beyond the lake and the streets between
-- them. They come from subgraphs/kit/seed/generated-stores.sql, run just
-- before this file, which food's generated.sql reads too: food's kitchens are
-- where maps has the stores.

INSERT INTO business_areas (id, name, name_en, centre_lat, centre_lng, radius_m)
SELECT id, name, name_en, centre_lat, centre_lng, radius_m FROM generated_business_areas ORDER BY id;

INSERT INTO stores
  (id, name, name_en, category, lat, lng, address, address_en, business_area_id, merchant_id)
SELECT id, name, name_en, category, lat, lng, address, address_en, business_area_id, merchant_id
  FROM generated_stores
 ORDER BY i;

-- Deterministic pseudo-random numbers in [0, 1), as the generator draws them.
CREATE FUNCTION seed_unit(n integer, salt text) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT (('x' || substr(md5(salt || ':' || n), 1, 8))::bit(32)::bigint / 4294967296.0)::double precision $$;

-- About one generated store in seven has an arrival offer, on its category's usual terms.
INSERT INTO store_arrival_offers (store_id, title, title_en, discount, minimum_spend)
SELECT s.id, '到店礼·满' || t.minimum_spend / 100 || '减' || t.discount / 100,
       'Arrival gift: ¥' || t.discount / 100 || ' off ¥' || t.minimum_spend / 100,
       t.discount, t.minimum_spend
  FROM generated_stores s
  JOIN (VALUES
    ('RESTAURANT', 1500, 10000), ('FAST_FOOD', 500, 3000), ('CAFE', 600, 3500),
    ('TEA', 400, 2500), ('SUPERMARKET', 1000, 9900), ('CONVENIENCE', 300, 2000),
    ('FASHION', 3000, 29900), ('ELECTRONICS', 5000, 99900), ('DEPARTMENT_STORE', 5000, 50000),
    ('HOTEL', 3000, 30000)
  ) AS t (category, discount, minimum_spend) ON t.category = s.category
 WHERE seed_unit(s.i, 'offer') < 0.15
 ORDER BY s.i;

DROP FUNCTION seed_unit(integer, text);

-- Fresh statistics, so the planner knows 2,000 stores are worth the location index.
ANALYZE stores;
ANALYZE store_arrival_offers;
