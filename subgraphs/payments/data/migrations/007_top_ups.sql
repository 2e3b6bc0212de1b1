-- Where a wallet's money comes from: bank cards its user bound in the wallet.
CREATE TABLE funding_sources (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('BANK_CARD')),
  bank text NOT NULL,
  last4 text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX funding_sources_by_user ON funding_sources (user_id);

-- Each top-up, from which source; its ledger transaction's reference is topup:<id>.
-- A user's top-ups of the day are summed against the daily limit.
CREATE TABLE top_ups (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  funding_source_id text NOT NULL REFERENCES funding_sources (id),
  amount bigint NOT NULL CHECK (amount > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX top_ups_by_user ON top_ups (user_id, created_at);
