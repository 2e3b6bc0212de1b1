-- A cancelled membership's programme can be joined again once the period it
-- was cancelled in would have ended: cancelling on day one and re-joining at
-- once would enjoy a period's discounts for a few fen pro rata, again and again.
ALTER TABLE light_memberships ADD COLUMN rejoin_after timestamptz;

-- An outstanding charge paid later turns CHARGED and keeps when.
ALTER TABLE membership_settlements ADD COLUMN paid_at timestamptz;
CREATE INDEX membership_settlements_outstanding
  ON membership_settlements (membership_id) WHERE status = 'OUTSTANDING';
CREATE INDEX membership_settlements_by_membership
  ON membership_settlements (membership_id, settled_at DESC);
