CREATE TABLE users (
  id text PRIMARY KEY,
  nickname text NOT NULL,
  wallet_tier text NOT NULL CHECK (wallet_tier IN ('REGULAR', 'GOLD', 'PLATINUM', 'DIAMOND')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE merchants (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL
);

-- A merchant's light membership programme: what one period costs and who may join.
CREATE TABLE membership_programmes (
  merchant_id text PRIMARY KEY REFERENCES merchants (id),
  fee bigint NOT NULL CHECK (fee > 0),
  period_days integer NOT NULL CHECK (period_days > 0),
  min_credit_score integer NOT NULL
);

CREATE TABLE light_memberships (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  merchant_id text NOT NULL REFERENCES membership_programmes (merchant_id),
  status text NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED')),
  fee bigint NOT NULL CHECK (fee > 0),
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  benefits_enjoyed bigint NOT NULL DEFAULT 0 CHECK (benefits_enjoyed >= 0),
  CHECK (period_end > period_start)
);
CREATE UNIQUE INDEX light_memberships_one_active
  ON light_memberships (user_id, merchant_id) WHERE status = 'ACTIVE';
CREATE INDEX light_memberships_by_user ON light_memberships (user_id);

-- How a merchant maps the wallet's tiers onto its own member tiers.
CREATE TABLE member_tier_mappings (
  merchant_id text NOT NULL REFERENCES merchants (id),
  wallet_tier text NOT NULL,
  merchant_tier text NOT NULL,
  discount_percent integer NOT NULL CHECK (discount_percent BETWEEN 0 AND 100),
  description text NOT NULL,
  PRIMARY KEY (merchant_id, wallet_tier)
);
