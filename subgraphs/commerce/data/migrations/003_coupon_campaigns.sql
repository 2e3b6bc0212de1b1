-- A batch of coupons with a fixed budget and the risk rules that guard it.
CREATE TABLE coupon_campaigns (
  id text PRIMARY KEY,
  title text NOT NULL,
  discount bigint NOT NULL CHECK (discount > 0),
  minimum_spend bigint NOT NULL CHECK (minimum_spend >= 0),
  -- CLAIM: users claim through couponClaim; FAVORITE_GIFT: only given for adding a favorite.
  channel text NOT NULL DEFAULT 'CLAIM' CHECK (channel IN ('CLAIM', 'FAVORITE_GIFT')),
  budget integer NOT NULL CHECK (budget >= 0),
  -- Decremented conditionally by every coupon issued; the CHECK is the last line of defence.
  remaining integer NOT NULL CHECK (remaining >= 0 AND remaining <= budget),
  per_user_limit integer NOT NULL DEFAULT 1 CHECK (per_user_limit > 0),
  claims_per_user_per_minute integer NOT NULL DEFAULT 1 CHECK (claims_per_user_per_minute > 0),
  claims_per_device_per_minute integer NOT NULL DEFAULT 2 CHECK (claims_per_device_per_minute > 0),
  coupon_valid_days integer NOT NULL DEFAULT 30 CHECK (coupon_valid_days > 0),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);

-- Coupons issued before campaigns existed keep a null campaign.
ALTER TABLE coupons
  ADD COLUMN campaign_id text REFERENCES coupon_campaigns (id),
  ADD COLUMN device_id text,
  ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX coupons_by_campaign_user ON coupons (campaign_id, user_id, claimed_at);
CREATE INDEX coupons_by_campaign_device ON coupons (campaign_id, device_id, claimed_at);

-- Users and devices the risk team has caught scalping: they claim nothing.
CREATE TABLE claim_blacklist (
  subject_kind text NOT NULL CHECK (subject_kind IN ('USER', 'DEVICE')),
  subject_id text NOT NULL,
  reason text NOT NULL,
  blocked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_kind, subject_id)
);
