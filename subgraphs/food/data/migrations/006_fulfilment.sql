-- How a kitchen serves its orders: delivered by a rider, picked up at the
-- counter (ordered ahead), or eaten at a table it was ordered from. Kitchens
-- recorded before the modes existed deliver only, as they did; every kitchen
-- serves at least one way (a store that takes no orders has no kitchen).
ALTER TABLE restaurants
  ADD COLUMN offers_delivery boolean NOT NULL DEFAULT true,
  ADD COLUMN offers_pickup boolean NOT NULL DEFAULT false,
  ADD COLUMN offers_dine_in boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT restaurants_serves CHECK (offers_delivery OR offers_pickup OR offers_dine_in);

-- How each order is served, the table a dine-in order goes to, and when the
-- kitchen will have it ready (the pickup time asked for, or preparation plus
-- queue). Only a delivery has an address and a fee, so the total stays items
-- plus delivery fee less coupon in every mode (food_orders_total holds as it
-- is). A delivery goes out and arrives (DELIVERING, DELIVERED); an order served
-- in store is made ready and handed over (READY, COMPLETED). Orders recorded
-- before the modes were deliveries, with no ready time kept.
ALTER TABLE food_orders
  ADD COLUMN fulfilment text NOT NULL DEFAULT 'DELIVERY'
    CHECK (fulfilment IN ('DELIVERY', 'PICKUP', 'DINE_IN')),
  ADD COLUMN table_number text CHECK (table_number ~ '^[A-Za-z0-9]{1,16}$'),
  ADD COLUMN ready_at timestamptz,
  DROP CONSTRAINT food_orders_status_check,
  ADD CONSTRAINT food_orders_status_check CHECK (
    status IN ('PLACED', 'ACCEPTED', 'DELIVERING', 'DELIVERED', 'READY', 'COMPLETED', 'CANCELLED')),
  ADD CONSTRAINT food_orders_fulfilment CHECK (
    ((fulfilment = 'DINE_IN') = (table_number IS NOT NULL))
    AND (fulfilment = 'DELIVERY' OR (delivery_fee = 0 AND deliver_lat IS NULL AND deliver_lng IS NULL))
    AND (CASE fulfilment
           WHEN 'DELIVERY' THEN status NOT IN ('READY', 'COMPLETED')
           ELSE status NOT IN ('DELIVERING', 'DELIVERED') END));

ALTER TABLE food_order_history
  DROP CONSTRAINT food_order_history_status_check,
  ADD CONSTRAINT food_order_history_status_check CHECK (
    status IN ('PLACED', 'ACCEPTED', 'DELIVERING', 'DELIVERED', 'READY', 'COMPLETED', 'CANCELLED'));
