-- Following. Users follow users (follows) and life accounts (life_account_followers);
-- only members of the social network (a row in accounts) can be followed. A follow
-- remembers when it began: a life account's push reaches those following it when
-- it is sent, not those who follow later.
ALTER TABLE follows ADD COLUMN followed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE follows ADD CONSTRAINT follows_not_oneself CHECK (follower_id <> followee_id);
ALTER TABLE follows ADD CONSTRAINT follows_a_member
  FOREIGN KEY (followee_id) REFERENCES accounts (user_id) NOT VALID;
-- A user's followers, for their count.
CREATE INDEX follows_by_followee ON follows (followee_id, follower_id);
-- The life accounts a user follows, for their feed and their count.
CREATE INDEX life_account_followers_by_user ON life_account_followers (user_id, life_account_id);

-- A private message goes to one member: every private-message share has a
-- recipient and no other share has one. Shares sent before recipients were
-- recorded are kept as they are (NOT VALID checks new rows only).
ALTER TABLE mini_program_shares ADD COLUMN recipient_id text;
ALTER TABLE mini_program_shares ADD CONSTRAINT private_messages_have_one_recipient
  CHECK ((channel = 'PRIVATE_MESSAGE') = (recipient_id IS NOT NULL)) NOT VALID;
ALTER TABLE mini_program_shares ADD CONSTRAINT private_messages_go_to_a_member
  FOREIGN KEY (recipient_id) REFERENCES accounts (user_id) NOT VALID;
-- A user's inbox, newest first.
CREATE INDEX mini_program_shares_by_recipient ON mini_program_shares (recipient_id, shared_at DESC)
  WHERE recipient_id IS NOT NULL;
