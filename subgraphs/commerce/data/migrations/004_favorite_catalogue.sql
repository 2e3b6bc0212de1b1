-- What can be added to the favorites bar, once for every user: its title, the
-- benefit a user enjoys while it is a favorite, and the gift for adding it.
CREATE TABLE favorite_targets (
  kind text NOT NULL CHECK (kind IN ('MINI_PROGRAM', 'SHOP')),
  id text NOT NULL,
  title text NOT NULL,
  benefit text,
  gift_campaign_id text REFERENCES coupon_campaigns (id),
  PRIMARY KEY (kind, id)
);

-- Favorites used to carry their own title and benefit; the catalogue holds them now.
INSERT INTO favorite_targets (kind, id, title, benefit)
  SELECT DISTINCT ON (kind, target_id) kind, target_id, title, benefit
    FROM favorites
   ORDER BY kind, target_id, added_at DESC;
ALTER TABLE favorites
  DROP COLUMN title,
  DROP COLUMN benefit,
  ADD FOREIGN KEY (kind, target_id) REFERENCES favorite_targets (kind, id);

-- A gift for favoriting is given once per user and target, ever: this row
-- outlives the favorite itself, so removing and adding again gives nothing more.
CREATE TABLE favorite_gifts (
  user_id text NOT NULL,
  kind text NOT NULL,
  target_id text NOT NULL,
  coupon_id text NOT NULL UNIQUE REFERENCES coupons (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, target_id),
  FOREIGN KEY (kind, target_id) REFERENCES favorite_targets (kind, id)
);
