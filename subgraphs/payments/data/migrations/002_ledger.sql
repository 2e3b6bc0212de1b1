-- The double-entry ledger. Every movement of money is one journal transaction
-- whose entries sum to zero; balances are kept on the accounts in the same
-- database transaction and checked against the entries by the tests.
CREATE TABLE accounts (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('USER_WALLET', 'MERCHANT', 'FUNDING')),
  owner_id text,
  balance bigint NOT NULL DEFAULT 0,
  -- Wallets never go below zero; merchants may owe refunds; funding is the outside world.
  overdraft_allowed boolean NOT NULL DEFAULT false,
  CHECK (overdraft_allowed OR balance >= 0)
);

CREATE TABLE journal_transactions (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('TOP_UP', 'PAYMENT', 'REFUND', 'MEMBERSHIP_SETTLEMENT')),
  reference text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_entries (
  id bigserial PRIMARY KEY,
  transaction_id text NOT NULL REFERENCES journal_transactions (id),
  account_id text NOT NULL REFERENCES accounts (id),
  amount bigint NOT NULL CHECK (amount <> 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, id DESC);
CREATE INDEX ledger_entries_by_transaction ON ledger_entries (transaction_id);

CREATE TABLE payments (
  id text PRIMARY KEY,
  -- One payment per order, whatever the idempotency keys: an order is never paid twice.
  order_ref text NOT NULL UNIQUE,
  payer_id text NOT NULL REFERENCES users (id),
  merchant_id text NOT NULL REFERENCES merchants (id),
  amount bigint NOT NULL CHECK (amount > 0),
  discount bigint NOT NULL CHECK (discount >= 0 AND discount < amount),
  light_membership_id text REFERENCES light_memberships (id),
  description text NOT NULL,
  status text NOT NULL CHECK (status IN ('SUCCEEDED', 'REFUNDED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  refunded_at timestamptz
);
CREATE INDEX payments_by_payer ON payments (payer_id, created_at DESC);

ALTER TABLE membership_programmes
  ADD COLUMN discount_percent integer NOT NULL DEFAULT 10 CHECK (discount_percent BETWEEN 1 AND 90);

ALTER TABLE merchants ADD COLUMN owner_user_id text;

-- The wallet's credit service: one score per user, 350 to 950.
CREATE TABLE credit_scores (
  user_id text PRIMARY KEY REFERENCES users (id),
  score integer NOT NULL CHECK (score BETWEEN 350 AND 950),
  assessed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membership_settlements (
  id text PRIMARY KEY,
  membership_id text NOT NULL REFERENCES light_memberships (id),
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  benefits_enjoyed bigint NOT NULL CHECK (benefits_enjoyed >= 0),
  charged bigint NOT NULL CHECK (charged >= 0),
  status text NOT NULL CHECK (status IN ('CHARGED', 'OUTSTANDING')),
  settled_at timestamptz NOT NULL DEFAULT now(),
  -- Exactly once per member per period, however often or concurrently settlement runs.
  UNIQUE (membership_id, period_start)
);
