-- A customer may call off a placed order: its reserved units go back to where
-- they were taken from, and the wallet refunds a payment made for it.
ALTER TABLE shop_orders
  ADD COLUMN status text NOT NULL DEFAULT 'PLACED' CHECK (status IN ('PLACED', 'CANCELLED')),
  ADD COLUMN cancelled_at timestamptz;
