-- What a user gets at a merchant by their wallet tier, read by Store.memberOffer
-- and by every payment alike: the offer shown is the offer paid.
CREATE VIEW member_offers AS
  SELECT u.id AS user_id, m.merchant_id, m.merchant_tier, m.discount_percent, m.description
    FROM users u
    JOIN member_tier_mappings m ON m.wallet_tier = u.wallet_tier;

-- The member-tier offer a payment took off, beside the light-membership
-- discount: the payer paid amount - tier_discount - discount, at least one fen.
ALTER TABLE payments
  ADD COLUMN tier_discount bigint NOT NULL DEFAULT 0 CHECK (tier_discount >= 0),
  ADD CONSTRAINT payments_discounts_below_amount CHECK (tier_discount + discount < amount);
