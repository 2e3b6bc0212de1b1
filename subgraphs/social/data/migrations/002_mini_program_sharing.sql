-- Who an account is in the social network. Only enterprise accounts and large
-- verified accounts may be put on the mini-program sharing whitelist.
CREATE TABLE accounts (
  user_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('PERSONAL', 'ENTERPRISE', 'VERIFIED')),
  share_whitelisted boolean NOT NULL DEFAULT false,
  CHECK (NOT share_whitelisted OR kind IN ('ENTERPRISE', 'VERIFIED'))
);

-- The wallet's mini-programs as the social network shows them on a card.
CREATE TABLE mini_programs (
  id text PRIMARY KEY,
  title text NOT NULL,
  title_en text NOT NULL
);

CREATE TABLE mini_program_shares (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (user_id),
  mini_program_id text NOT NULL REFERENCES mini_programs (id),
  channel text NOT NULL CHECK (channel IN ('PRIVATE_MESSAGE', 'HOME_PAGE', 'FOLLOWING_FEED')),
  shared_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mini_program_shares_by_account ON mini_program_shares (account_id, shared_at DESC);
