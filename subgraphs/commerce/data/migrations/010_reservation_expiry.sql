-- An unpaid order holds its stock for a while only: the last units went to
-- orders never paid. Until `reserved_until` the order's units are its own; an
-- order still unpaid then is released (EXPIRED) and its units go back where
-- they were taken from. The column is cleared once nothing can expire the
-- order any more: it was cancelled, expired, or the wallet said it is paid.
ALTER TABLE shop_orders DROP CONSTRAINT shop_orders_status_check;
ALTER TABLE shop_orders
  ADD CONSTRAINT shop_orders_status_check CHECK (status IN ('PLACED', 'CANCELLED', 'EXPIRED')),
  ADD COLUMN reserved_until timestamptz,
  ADD COLUMN expired_at timestamptz,
  ADD CONSTRAINT shop_orders_reserved_while_placed CHECK (reserved_until IS NULL OR status = 'PLACED');
UPDATE shop_orders SET reserved_until = placed_at + interval '15 minutes' WHERE status = 'PLACED';
CREATE INDEX shop_orders_reservations_due ON shop_orders (reserved_until)
  WHERE reserved_until IS NOT NULL;
