-- Orders their owner has called off (a cancelled food order, a cancelled shop
-- order), as the owner's signed refund request told the wallet: never payable
-- again. A payment that got in before the close is refunded by it.
CREATE TABLE closed_orders (
  order_ref text PRIMARY KEY,
  closed_at timestamptz NOT NULL DEFAULT now()
);
