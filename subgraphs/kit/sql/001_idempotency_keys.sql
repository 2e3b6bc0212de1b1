-- Every subgraph that moves money or places orders records its idempotency keys
-- here, in the same transaction as the change they guard.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  actor text NOT NULL,
  operation text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, operation, key)
);
