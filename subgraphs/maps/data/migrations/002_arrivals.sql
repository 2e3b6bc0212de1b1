-- What a store hands to a user who has just arrived (rule 4, after the trip).
-- A store without a row here has no arrival offer.
CREATE TABLE store_arrival_offers (
  store_id text PRIMARY KEY REFERENCES stores (id),
  title text NOT NULL,
  title_en text NOT NULL,
  discount bigint NOT NULL CHECK (discount > 0),
  minimum_spend bigint NOT NULL CHECK (minimum_spend >= discount)
);

-- Coupons issued on arrival. The offer's terms are copied in, so changing an
-- offer never changes a coupon already handed out. The unique key is the rule
-- itself: one coupon per user, store and Asia/Shanghai calendar day.
CREATE TABLE arrival_coupons (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  store_id text NOT NULL REFERENCES stores (id),
  arrival_day date NOT NULL,
  title text NOT NULL,
  title_en text NOT NULL,
  discount bigint NOT NULL CHECK (discount > 0),
  minimum_spend bigint NOT NULL CHECK (minimum_spend >= discount),
  issued_at timestamptz NOT NULL,
  valid_until timestamptz NOT NULL CHECK (valid_until > issued_at),
  CONSTRAINT arrival_coupons_once_a_day UNIQUE (user_id, store_id, arrival_day)
);
