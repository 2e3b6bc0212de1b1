-- Every name a user reads comes in Chinese and in English, in fields of their
-- own (title and titleEn, as a product has name and nameEn): coupon and
-- campaign titles and favorite targets used to carry both in one string,
-- "西湖游船 West Lake Boats". Such a string is split at the first space after
-- which no Chinese follows ("肯德基满50减10 KFC 10 off 50"); one without English
-- keeps its text in both.
CREATE FUNCTION pg_temp.chinese_part(text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(substring($1 from '^(.*?[\u4e00-\u9fff\uff00-\uffef].*?)\s+[^\u4e00-\u9fff\uff00-\uffef]+$'), $1) $$;
CREATE FUNCTION pg_temp.english_part(text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(substring($1 from '^.*?[\u4e00-\u9fff\uff00-\uffef].*?\s+([^\u4e00-\u9fff\uff00-\uffef]+)$'), $1) $$;

ALTER TABLE coupon_campaigns ADD COLUMN title_en text;
UPDATE coupon_campaigns SET title_en = pg_temp.english_part(title), title = pg_temp.chinese_part(title);
ALTER TABLE coupon_campaigns ALTER COLUMN title_en SET NOT NULL;

ALTER TABLE coupons ADD COLUMN title_en text;
UPDATE coupons SET title_en = pg_temp.english_part(title), title = pg_temp.chinese_part(title);
ALTER TABLE coupons ALTER COLUMN title_en SET NOT NULL;

ALTER TABLE favorite_targets ADD COLUMN title_en text, ADD COLUMN benefit_en text;
UPDATE favorite_targets SET
  title_en = pg_temp.english_part(title), title = pg_temp.chinese_part(title),
  benefit_en = pg_temp.english_part(benefit), benefit = pg_temp.chinese_part(benefit);
ALTER TABLE favorite_targets
  ALTER COLUMN title_en SET NOT NULL,
  ADD CONSTRAINT favorite_targets_benefit_in_both CHECK ((benefit IS NULL) = (benefit_en IS NULL));
