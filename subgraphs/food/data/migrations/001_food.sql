-- A store that takes delivery orders, and how its quotes are made.
CREATE TABLE restaurants (
  store_id text PRIMARY KEY,
  base_fee bigint NOT NULL CHECK (base_fee >= 0),
  prep_minutes integer NOT NULL CHECK (prep_minutes >= 0),
  delivery_radius_m integer NOT NULL CHECK (delivery_radius_m > 0)
);

CREATE TABLE menu_items (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES restaurants (store_id),
  name text NOT NULL,
  name_en text NOT NULL,
  price bigint NOT NULL CHECK (price > 0),
  available boolean NOT NULL DEFAULT true,
  position integer NOT NULL
);
CREATE INDEX menu_items_by_store ON menu_items (store_id, position);

CREATE TABLE food_orders (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  store_id text NOT NULL REFERENCES restaurants (store_id),
  status text NOT NULL CHECK (status IN ('PLACED', 'ACCEPTED', 'DELIVERING', 'DELIVERED', 'CANCELLED')),
  total bigint NOT NULL CHECK (total >= 0),
  placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX food_orders_by_user ON food_orders (user_id, placed_at DESC, id DESC);
CREATE INDEX food_orders_open_by_store ON food_orders (store_id) WHERE status IN ('PLACED', 'ACCEPTED');

CREATE TABLE food_order_lines (
  order_id text NOT NULL REFERENCES food_orders (id),
  line_no integer NOT NULL,
  menu_item_id text NOT NULL REFERENCES menu_items (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price > 0),
  PRIMARY KEY (order_id, line_no)
);
