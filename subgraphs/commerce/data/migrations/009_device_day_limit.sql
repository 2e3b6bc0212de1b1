-- Scalpers wait out a minute: the same phone took two more coupons two minutes
-- later. A device may also make only so many claims of a campaign in any 24
-- hours, whichever accounts use it.
ALTER TABLE coupon_campaigns
  ADD COLUMN claims_per_device_per_day integer NOT NULL DEFAULT 3 CHECK (claims_per_device_per_day > 0);
