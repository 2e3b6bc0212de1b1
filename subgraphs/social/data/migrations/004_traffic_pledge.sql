-- Merchants enrolled in the traffic pledge, with the exposure pledged for each
-- unique visitor they bring in themselves (300 page views unless agreed otherwise).
CREATE TABLE traffic_pledges (
  merchant_id text PRIMARY KEY,
  page_views_per_visitor integer NOT NULL DEFAULT 300 CHECK (page_views_per_visitor > 0),
  enrolled_at timestamptz NOT NULL DEFAULT now()
);

-- One row per visitor per merchant per Asia/Shanghai calendar day: the primary
-- key is what deduplicates, so concurrent records of one visit count once.
CREATE TABLE merchant_visits (
  merchant_id text NOT NULL REFERENCES traffic_pledges (merchant_id),
  visitor_id text NOT NULL,
  visit_day date NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (merchant_id, visit_day, visitor_id)
);
