-- Where riders pick a restaurant's orders up. Food checks a delivery address
-- against it when an order is placed: maps owns the store as a place, but a
-- mutation cannot @requires it and the client's word on it is not enough.
-- Null while a restaurant is being set up; it takes no orders until it is set.
ALTER TABLE restaurants
  ADD COLUMN pickup_lat double precision CHECK (pickup_lat BETWEEN -90 AND 90),
  ADD COLUMN pickup_lng double precision CHECK (pickup_lng BETWEEN -180 AND 180),
  ADD CONSTRAINT restaurants_pickup_point CHECK ((pickup_lat IS NULL) = (pickup_lng IS NULL));

-- When a restaurant takes delivery orders, in Asia/Shanghai local time, the
-- same every day; several windows make lunch and dinner services. A window
-- runs from opens_at (inclusive) to closes_at (exclusive); a closes_at earlier
-- than opens_at runs past midnight, and 24:00 is the end of the day. A
-- restaurant without windows takes no orders.
CREATE TABLE restaurant_hours (
  store_id text NOT NULL REFERENCES restaurants (store_id),
  opens_at time NOT NULL CHECK (opens_at < '24:00'),
  closes_at time NOT NULL CHECK (closes_at > '00:00'),
  PRIMARY KEY (store_id, opens_at),
  CHECK (opens_at <> closes_at)
);

-- Who works for which store: they accept, dispatch and deliver its orders.
CREATE TABLE store_staff (
  user_id text NOT NULL,
  store_id text NOT NULL REFERENCES restaurants (store_id),
  PRIMARY KEY (user_id, store_id)
);
CREATE INDEX store_staff_by_store ON store_staff (store_id);

-- Orders are priced on the server: items (subtotal) plus the delivery fee of
-- the documented quote model. Payment is attached later by payments; the total
-- is what it will charge.
ALTER TABLE food_orders
  ADD COLUMN subtotal bigint CHECK (subtotal >= 0),
  ADD COLUMN delivery_fee bigint NOT NULL DEFAULT 0 CHECK (delivery_fee >= 0),
  ADD COLUMN deliver_lat double precision CHECK (deliver_lat BETWEEN -90 AND 90),
  ADD COLUMN deliver_lng double precision CHECK (deliver_lng BETWEEN -180 AND 180);
-- Orders recorded before fees were kept charged their items alone.
UPDATE food_orders SET subtotal = total;
ALTER TABLE food_orders
  ALTER COLUMN subtotal SET NOT NULL,
  ALTER COLUMN delivery_fee DROP DEFAULT,
  ADD CONSTRAINT food_orders_total CHECK (total = subtotal + delivery_fee);

-- Every status an order has been in, with when and on whose action. No status
-- comes twice in the state machine, so (order_id, status) is a key, and the
-- database itself refuses a transition recorded twice.
CREATE TABLE food_order_history (
  order_id text NOT NULL REFERENCES food_orders (id),
  status text NOT NULL CHECK (status IN ('PLACED', 'ACCEPTED', 'DELIVERING', 'DELIVERED', 'CANCELLED')),
  at timestamptz NOT NULL,
  actor_role text NOT NULL CHECK (actor_role IN ('CUSTOMER', 'STORE_STAFF')),
  actor_id text NOT NULL,
  PRIMARY KEY (order_id, status)
);
INSERT INTO food_order_history (order_id, status, at, actor_role, actor_id)
SELECT id, 'PLACED', placed_at, 'CUSTOMER', user_id FROM food_orders;
