-- The wallet merchant a brand's shop orders are paid to; a brand without one
-- cannot take payment yet (its orders carry no payment request).
ALTER TABLE brands ADD COLUMN merchant_id text;
