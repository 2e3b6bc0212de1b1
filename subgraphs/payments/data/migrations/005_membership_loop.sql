-- A cancelled membership's programme can be joined again once the period it
-- was cancelled in would have ended: cancelling on day one and re-joining at
-- once would enjoy a period's discounts for a few fen pro rata, again and again.
ALTER TABLE light_memberships ADD COLUMN rejoin_after timestamptz;

-- An outstanding charge paid later turns CHARGED and keeps when. (A user's
-- settlements are found through the unique (membership_id, period_start) index.)
ALTER TABLE membership_settlements ADD COLUMN paid_at timestamptz;
