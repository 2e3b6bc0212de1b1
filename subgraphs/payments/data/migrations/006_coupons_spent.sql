-- A coupon the order's owner priced into a payment request is spent by the
-- payment: what it took off the owner's price, and which coupon, so that it
-- is spent once. A refunded payment frees it (the index covers only payments
-- that stand); whether it is still valid then is the coupon's own date.
ALTER TABLE payments
  ADD COLUMN coupon_id text,
  ADD COLUMN coupon_discount bigint NOT NULL DEFAULT 0,
  ADD CONSTRAINT payments_coupon_discount CHECK ((coupon_id IS NULL) = (coupon_discount = 0) AND coupon_discount >= 0);
CREATE UNIQUE INDEX payments_spend_a_coupon_once ON payments (coupon_id)
  WHERE coupon_id IS NOT NULL AND status = 'SUCCEEDED';
