CREATE TABLE brands (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL
);

CREATE TABLE flagship_shops (
  id text PRIMARY KEY,
  brand_id text NOT NULL UNIQUE REFERENCES brands (id),
  name text NOT NULL,
  name_en text NOT NULL
);

CREATE TABLE products (
  id text PRIMARY KEY,
  brand_id text NOT NULL REFERENCES brands (id),
  name text NOT NULL,
  name_en text NOT NULL,
  price bigint NOT NULL CHECK (price > 0)
);

-- A physical store (a maps Store id) configured by its brand as a front desk of the flagship shop.
CREATE TABLE light_shops (
  id text PRIMARY KEY,
  store_id text NOT NULL UNIQUE,
  brand_id text NOT NULL REFERENCES brands (id)
);

CREATE TABLE light_shop_stock (
  light_shop_id text NOT NULL REFERENCES light_shops (id),
  product_id text NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity >= 0),
  featured_rank integer NOT NULL,
  PRIMARY KEY (light_shop_id, product_id)
);

CREATE TABLE favorites (
  user_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('MINI_PROGRAM', 'SHOP')),
  target_id text NOT NULL,
  title text NOT NULL,
  benefit text,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, target_id)
);

CREATE TABLE coupons (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  title text NOT NULL,
  discount bigint NOT NULL CHECK (discount > 0),
  minimum_spend bigint NOT NULL CHECK (minimum_spend >= 0),
  valid_until timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX coupons_by_user ON coupons (user_id, valid_until);
