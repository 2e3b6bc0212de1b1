-- The wallet merchant each restaurant is paid out to; a restaurant without one
-- cannot take payment yet (its orders carry no payment request).
ALTER TABLE restaurants ADD COLUMN merchant_id text;
