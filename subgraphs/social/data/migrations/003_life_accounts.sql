-- A merchant's life account: followers receive its pushes, which are rationed per week.
CREATE TABLE life_accounts (
  id text PRIMARY KEY,
  merchant_id text NOT NULL,
  -- The user who runs the account and alone may push from it.
  owner_id text NOT NULL,
  name text NOT NULL,
  name_en text NOT NULL
);
CREATE INDEX life_accounts_by_merchant ON life_accounts (merchant_id);

CREATE TABLE life_account_followers (
  life_account_id text NOT NULL REFERENCES life_accounts (id),
  user_id text NOT NULL,
  followed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (life_account_id, user_id)
);

CREATE TABLE life_account_pushes (
  id text PRIMARY KEY,
  life_account_id text NOT NULL REFERENCES life_accounts (id),
  title text NOT NULL,
  body text NOT NULL,
  pushed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX life_account_pushes_by_account ON life_account_pushes (life_account_id, pushed_at DESC);
