-- Times are placed relative to the day the database is seeded, so the list keeps trending.
INSERT INTO topics (id, title, title_en, search_volume, last_active_at) VALUES
  ('topic-westlake-osmanthus', '西湖桂花季', 'Osmanthus season at West Lake', 1820000, now() - interval '2 hours'),
  ('topic-hubin-night-market', '湖滨夜市开张', 'Hubin night market opens', 960000, now() - interval '5 hours'),
  ('topic-longjing-new-tea', '龙井新茶上市', 'New Longjing tea arrives', 1240000, now() - interval '9 hours'),
  ('topic-heytea-westlake-cup', '喜茶西湖限定杯', 'HEYTEA West Lake cup', 730000, now() - interval '1 hours'),
  ('topic-kfc-crazy-thursday', '疯狂星期四', 'Crazy Thursday', 2450000, now() - interval '20 hours'),
  ('topic-hangzhou-marathon', '杭州马拉松补给攻略', 'Hangzhou Marathon refuelling guide', 540000, now() - interval '3 hours');

INSERT INTO topic_stores (topic_id, store_id, position) VALUES
  ('topic-westlake-osmanthus', 'store-louwailou-gushan', 1),
  ('topic-westlake-osmanthus', 'store-starbucks-in77', 2),
  ('topic-hubin-night-market', 'store-waipojia-hubin', 1),
  ('topic-hubin-night-market', 'store-xinbailu-hubin', 2),
  ('topic-hubin-night-market', 'store-heytea-in77', 3),
  ('topic-longjing-new-tea', 'store-louwailou-gushan', 1),
  ('topic-heytea-westlake-cup', 'store-heytea-in77', 1),
  ('topic-kfc-crazy-thursday', 'store-kfc-hubin', 1),
  ('topic-kfc-crazy-thursday', 'store-kfc-wulin', 2),
  ('topic-hangzhou-marathon', 'store-familymart-hubin', 1),
  ('topic-hangzhou-marathon', 'store-luckin-yanan', 2);

INSERT INTO topic_products (topic_id, product_id, position) VALUES
  ('topic-westlake-osmanthus', 'prod-starbucks-tumbler', 1),
  ('topic-heytea-westlake-cup', 'prod-heytea-cup', 1),
  ('topic-heytea-westlake-cup', 'prod-heytea-grape-voucher', 2),
  ('topic-kfc-crazy-thursday', 'prod-kfc-bucket-voucher', 1),
  ('topic-kfc-crazy-thursday', 'prod-kfc-zinger-voucher', 2),
  ('topic-hangzhou-marathon', 'prod-xiaomi-band', 1);

INSERT INTO posts (id, author_id, text, likes, created_at) VALUES
  ('post-1', 'u-lin', '孤山的桂花开了，楼外楼的东坡肉还是老味道。Osmanthus in bloom on Gushan.', 328, now() - interval '2 hours'),
  ('post-2', 'u-chen', '湖滨夜市人好多，外婆家排了四十分钟。Forty minutes in line at Grandma''s Home.', 112, now() - interval '4 hours'),
  ('post-3', 'u-wang', '喜茶西湖限定杯终于买到了！Got the HEYTEA West Lake cup!', 541, now() - interval '1 hours'),
  ('post-4', 'u-zhao', '星巴克in77的桂花拿铁，季节限定。Seasonal osmanthus latte at in77.', 87, now() - interval '30 minutes'),
  ('post-5', 'u-lin', '周四了，肯德基走起。Thursday means KFC.', 66, now() - interval '20 hours');

INSERT INTO post_store_mentions (post_id, store_id) VALUES
  ('post-1', 'store-louwailou-gushan'),
  ('post-2', 'store-waipojia-hubin'),
  ('post-3', 'store-heytea-in77'),
  ('post-4', 'store-starbucks-in77'),
  ('post-5', 'store-kfc-hubin');

-- Only the enterprise account and the large verified one may share mini-programs;
-- u-lin is verified but too small for the whitelist.
INSERT INTO accounts (user_id, kind, share_whitelisted) VALUES
  ('demo', 'PERSONAL', false),
  ('u-chen', 'PERSONAL', false),
  ('u-lin', 'VERIFIED', false),
  ('u-wang', 'VERIFIED', true),
  ('u-zhao', 'ENTERPRISE', true);

-- Only members (a row in accounts) can be followed.
INSERT INTO follows (follower_id, followee_id) VALUES
  ('demo', 'u-lin'),
  ('demo', 'u-wang'),
  ('demo', 'u-zhao'),
  ('u-lin', 'demo');

INSERT INTO mini_programs (id, title, title_en) VALUES
  ('mp-hangzhou-metro', '杭州地铁', 'Hangzhou Metro'),
  ('mp-westlake-boat', '西湖游船', 'West Lake Boats'),
  ('mp-home-cleaning', '到家保洁', 'Home Cleaning'),
  ('mp-kfc-self-order', '肯德基自助点餐', 'KFC Self-Order'),
  ('mp-heytea-go', '喜茶GO', 'HEYTEA GO');

INSERT INTO mini_program_shares (id, account_id, mini_program_id, channel, shared_at) VALUES
  ('share-seed-0001', 'u-wang', 'mp-heytea-go', 'FOLLOWING_FEED', now() - interval '3 hours'),
  ('share-seed-0002', 'u-zhao', 'mp-westlake-boat', 'HOME_PAGE', now() - interval '26 hours');

-- u-wang sent demo, who follows them, a private message.
INSERT INTO mini_program_shares (id, account_id, mini_program_id, channel, recipient_id, shared_at) VALUES
  ('share-seed-0003', 'u-wang', 'mp-hangzhou-metro', 'PRIVATE_MESSAGE', 'demo', now() - interval '5 hours');

INSERT INTO life_accounts (id, merchant_id, owner_id, name, name_en) VALUES
  ('la-heytea-hubin', 'm-heytea', 'u-zhao', '喜茶湖滨生活号', 'HEYTEA Hubin'),
  ('la-kfc-hangzhou', 'm-kfc', 'u-chen', '肯德基杭州生活号', 'KFC Hangzhou'),
  ('la-louwailou', 'm-louwailou', 'u-lin', '楼外楼生活号', 'Louwailou');

INSERT INTO life_account_followers (life_account_id, user_id, followed_at) VALUES
  ('la-heytea-hubin', 'demo', now() - interval '20 days'),
  ('la-heytea-hubin', 'u-wang', now() - interval '9 days'),
  ('la-kfc-hangzhou', 'demo', now() - interval '50 days'),
  ('la-kfc-hangzhou', 'u-lin', now() - interval '3 days'),
  ('la-louwailou', 'u-lin', now() - interval '80 days');

INSERT INTO life_account_pushes (id, life_account_id, title, body, pushed_at) VALUES
  ('push-seed-0001', 'la-kfc-hangzhou', '疯狂星期四 Crazy Thursday',
   '全家桶限时69元 Family bucket at 69 yuan, today only', now() - interval '2 hours');

-- HEYTEA gets the 300 page views reported; KFC negotiated the 3,000 also reported.
INSERT INTO traffic_pledges (merchant_id, page_views_per_visitor) VALUES
  ('m-heytea', 300),
  ('m-kfc', 3000);

INSERT INTO merchant_visits (merchant_id, visitor_id, visit_day, first_seen_at) VALUES
  ('m-heytea', 'u-lin', (now() AT TIME ZONE 'Asia/Shanghai')::date - 1, now() - interval '1 day'),
  ('m-heytea', 'u-chen', (now() AT TIME ZONE 'Asia/Shanghai')::date - 1, now() - interval '1 day'),
  ('m-heytea', 'u-lin', (now() AT TIME ZONE 'Asia/Shanghai')::date, now());

-- The wallet's portals: Hangzhou's and Shanghai's city services and life.
INSERT INTO mini_programs (id, title, title_en) VALUES
  ('mp-shanghai-metro', '上海地铁', 'Shanghai Metro');

INSERT INTO portals (id, city, kind, title, title_en) VALUES
  ('portal-hangzhou-city-services', 'hangzhou', 'CITY_SERVICES', '杭州城市服务', 'Hangzhou City Services'),
  ('portal-hangzhou-life', 'hangzhou', 'LIFE', '杭州生活', 'Hangzhou Life'),
  ('portal-shanghai-city-services', 'shanghai', 'CITY_SERVICES', '上海城市服务', 'Shanghai City Services'),
  ('portal-shanghai-life', 'shanghai', 'LIFE', '上海生活', 'Shanghai Life');

INSERT INTO portal_mini_programs (portal_id, mini_program_id, position) VALUES
  ('portal-hangzhou-city-services', 'mp-hangzhou-metro', 1),
  ('portal-hangzhou-city-services', 'mp-westlake-boat', 2),
  ('portal-hangzhou-city-services', 'mp-home-cleaning', 3),
  ('portal-hangzhou-life', 'mp-kfc-self-order', 1),
  ('portal-hangzhou-life', 'mp-heytea-go', 2),
  ('portal-shanghai-city-services', 'mp-shanghai-metro', 1),
  ('portal-shanghai-life', 'mp-kfc-self-order', 1);

-- Every seeded topic is Hangzhou's, but Crazy Thursday, which the whole country follows.
UPDATE topics SET city = CASE id WHEN 'topic-kfc-crazy-thursday' THEN NULL ELSE 'hangzhou' END;
INSERT INTO topics (id, title, title_en, search_volume, last_active_at, city) VALUES
  ('topic-shanghai-metro-18', '上海地铁18号线二期开通', 'Shanghai Metro Line 18 phase two opens', 880000,
   now() - interval '4 hours', 'shanghai');

INSERT INTO topic_mini_programs (topic_id, mini_program_id, position) VALUES
  ('topic-hangzhou-marathon', 'mp-hangzhou-metro', 1),
  ('topic-westlake-osmanthus', 'mp-westlake-boat', 1),
  ('topic-kfc-crazy-thursday', 'mp-kfc-self-order', 1),
  ('topic-heytea-westlake-cup', 'mp-heytea-go', 1),
  ('topic-shanghai-metro-18', 'mp-shanghai-metro', 1);
