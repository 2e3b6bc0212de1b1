-- The flagship shop's warehouse: the larger stock every light shop of its brand
-- falls back to when the store's own shelf cannot fill an order line.
CREATE TABLE warehouse_stock (
  flagship_shop_id text NOT NULL REFERENCES flagship_shops (id),
  product_id text NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (flagship_shop_id, product_id)
);

-- Orders are placed unpaid: the total is fixed here, by the server, so that a
-- payment can be attached to it later without trusting any client amount.
CREATE TABLE shop_orders (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  store_id text NOT NULL,
  light_shop_id text NOT NULL REFERENCES light_shops (id),
  total bigint NOT NULL CHECK (total > 0),
  placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shop_orders_by_user ON shop_orders (user_id, placed_at DESC, id DESC);

CREATE TABLE shop_order_lines (
  order_id text NOT NULL REFERENCES shop_orders (id),
  line_no integer NOT NULL CHECK (line_no >= 0),
  product_id text NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  -- The catalogue price when the order was placed; later price changes do not touch it.
  unit_price bigint NOT NULL CHECK (unit_price > 0),
  source text NOT NULL CHECK (source IN ('LIGHT_SHOP', 'FLAGSHIP_WAREHOUSE')),
  PRIMARY KEY (order_id, line_no)
);
