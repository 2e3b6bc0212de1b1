-- A marketplace coupon applied to an order when it was placed: which, what it
-- took off the order's price (total is after it), and until when it is valid,
-- which the payment request carries to the wallet that spends it.
ALTER TABLE food_orders
  ADD COLUMN coupon_id text,
  ADD COLUMN coupon_discount bigint NOT NULL DEFAULT 0,
  ADD COLUMN coupon_valid_until timestamptz,
  ADD CONSTRAINT food_orders_coupon CHECK (
    (coupon_id IS NULL AND coupon_discount = 0 AND coupon_valid_until IS NULL)
    OR (coupon_id IS NOT NULL AND coupon_discount > 0 AND coupon_valid_until IS NOT NULL)),
  DROP CONSTRAINT food_orders_total,
  ADD CONSTRAINT food_orders_total CHECK (total = subtotal + delivery_fee - coupon_discount);
