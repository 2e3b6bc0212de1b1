-- A marketplace coupon applied to an order when it was placed: which, what it
-- took off the order's price (total is after it), and until when it is valid,
-- which the payment request carries to the wallet that spends it.
ALTER TABLE shop_orders
  ADD COLUMN coupon_id text,
  ADD COLUMN coupon_discount bigint NOT NULL DEFAULT 0,
  ADD COLUMN coupon_valid_until timestamptz,
  ADD CONSTRAINT shop_orders_coupon CHECK (
    (coupon_id IS NULL AND coupon_discount = 0 AND coupon_valid_until IS NULL)
    OR (coupon_id IS NOT NULL AND coupon_discount > 0 AND coupon_valid_until IS NOT NULL));

-- A campaign's coupons apply to the food and shop orders of one merchant of
-- the wallet's (a burger chain's coupon buys no tea); null: to none of them
-- (a mini-program's coupons are spent in the mini-program).
ALTER TABLE coupon_campaigns ADD COLUMN merchant_id text;
