CREATE TABLE topics (
  id text PRIMARY KEY,
  title text NOT NULL,
  title_en text NOT NULL,
  -- Search volume at the moment the topic was last active; heat decays from it.
  search_volume bigint NOT NULL CHECK (search_volume >= 0),
  last_active_at timestamptz NOT NULL
);

CREATE TABLE topic_stores (
  topic_id text NOT NULL REFERENCES topics (id),
  store_id text NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (topic_id, store_id)
);

CREATE TABLE topic_products (
  topic_id text NOT NULL REFERENCES topics (id),
  product_id text NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (topic_id, product_id)
);

CREATE TABLE posts (
  id text PRIMARY KEY,
  author_id text NOT NULL,
  text text NOT NULL,
  likes integer NOT NULL DEFAULT 0 CHECK (likes >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_by_author ON posts (author_id, created_at DESC);

CREATE TABLE post_store_mentions (
  post_id text NOT NULL REFERENCES posts (id),
  store_id text NOT NULL,
  PRIMARY KEY (store_id, post_id)
);

CREATE TABLE follows (
  follower_id text NOT NULL,
  followee_id text NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
);
