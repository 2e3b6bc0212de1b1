-- Hot search is shared with the wallet: trending topics appear in its
-- city-services and life portals, tied to the services they are about. A
-- topic belongs to a city, or (city NULL) to every city; it is about
-- mini-programs as well as stores and products.
ALTER TABLE topics ADD COLUMN city text;

CREATE TABLE topic_mini_programs (
  topic_id text NOT NULL REFERENCES topics (id),
  mini_program_id text NOT NULL REFERENCES mini_programs (id),
  position integer NOT NULL,
  PRIMARY KEY (topic_id, mini_program_id)
);

-- A portal of the wallet, one of each kind per city, with the services
-- (mini-programs) it lists. A city-services portal shows the trending topics
-- about its services; a life portal those about stores and products.
CREATE TABLE portals (
  id text PRIMARY KEY,
  city text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('CITY_SERVICES', 'LIFE')),
  title text NOT NULL,
  title_en text NOT NULL,
  UNIQUE (city, kind)
);

CREATE TABLE portal_mini_programs (
  portal_id text NOT NULL REFERENCES portals (id),
  mini_program_id text NOT NULL REFERENCES mini_programs (id),
  position integer NOT NULL,
  PRIMARY KEY (portal_id, mini_program_id)
);
