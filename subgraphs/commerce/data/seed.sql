INSERT INTO brands (id, name, name_en) VALUES
  ('brand-kfc', '肯德基', 'KFC'),
  ('brand-mcdonalds', '麦当劳', 'McDonald''s'),
  ('brand-starbucks', '星巴克', 'Starbucks'),
  ('brand-luckin', '瑞幸咖啡', 'Luckin Coffee'),
  ('brand-heytea', '喜茶', 'HEYTEA'),
  ('brand-nayuki', '奈雪的茶', 'Nayuki'),
  ('brand-uniqlo', '优衣库', 'UNIQLO'),
  ('brand-xiaomi', '小米', 'Xiaomi');

INSERT INTO flagship_shops (id, brand_id, name, name_en) VALUES
  ('flagship-kfc', 'brand-kfc', '肯德基官方旗舰店', 'KFC Official Flagship Store'),
  ('flagship-mcdonalds', 'brand-mcdonalds', '麦当劳官方旗舰店', 'McDonald''s Official Flagship Store'),
  ('flagship-starbucks', 'brand-starbucks', '星巴克官方旗舰店', 'Starbucks Official Flagship Store'),
  ('flagship-luckin', 'brand-luckin', '瑞幸咖啡官方旗舰店', 'Luckin Coffee Official Flagship Store'),
  ('flagship-heytea', 'brand-heytea', '喜茶官方旗舰店', 'HEYTEA Official Flagship Store'),
  ('flagship-nayuki', 'brand-nayuki', '奈雪的茶官方旗舰店', 'Nayuki Official Flagship Store'),
  ('flagship-uniqlo', 'brand-uniqlo', '优衣库官方旗舰店', 'UNIQLO Official Flagship Store'),
  ('flagship-xiaomi', 'brand-xiaomi', '小米官方旗舰店', 'Xiaomi Official Flagship Store');

INSERT INTO products (id, brand_id, name, name_en, price) VALUES
  ('prod-kfc-bucket-voucher', 'brand-kfc', '全家桶兑换券', 'Family Bucket Voucher', 8900),
  ('prod-kfc-coffee-card', 'brand-kfc', '咖啡月卡', 'Monthly Coffee Card', 2990),
  ('prod-kfc-zinger-voucher', 'brand-kfc', '香辣鸡腿堡兑换券', 'Zinger Burger Voucher', 1990),
  ('prod-mcd-bigmac-voucher', 'brand-mcdonalds', '巨无霸兑换券', 'Big Mac Voucher', 2200),
  ('prod-mcd-breakfast-card', 'brand-mcdonalds', '早餐月卡', 'Monthly Breakfast Card', 3990),
  ('prod-starbucks-tumbler', 'brand-starbucks', '西湖限定随行杯', 'West Lake Edition Tumbler', 16800),
  ('prod-starbucks-beans', 'brand-starbucks', '派克市场咖啡豆 250g', 'Pike Place Roast Beans 250g', 9800),
  ('prod-starbucks-latte-voucher', 'brand-starbucks', '拿铁电子券', 'Latte e-Voucher', 3100),
  ('prod-luckin-coconut-voucher', 'brand-luckin', '生椰拿铁券', 'Coconut Latte Voucher', 990),
  ('prod-luckin-beans', 'brand-luckin', '小黑杯冷萃液', 'Cold Brew Concentrate', 5900),
  ('prod-heytea-grape-voucher', 'brand-heytea', '多肉葡萄券', 'Very Grape Cheezo Voucher', 2500),
  ('prod-heytea-cup', 'brand-heytea', '灵感杯', 'Inspiration Cup', 6900),
  ('prod-nayuki-strawberry-voucher', 'brand-nayuki', '霸气草莓券', 'Supreme Strawberry Voucher', 2500),
  ('prod-uniqlo-heattech', 'brand-uniqlo', 'HEATTECH 圆领T恤', 'HEATTECH Crew Neck T-Shirt', 9900),
  ('prod-uniqlo-down', 'brand-uniqlo', '高级轻型羽绒服', 'Ultra Light Down Jacket', 49900),
  ('prod-uniqlo-ut', 'brand-uniqlo', '西湖印花T恤', 'West Lake UT', 7900),
  ('prod-xiaomi-phone', 'brand-xiaomi', '小米15', 'Xiaomi 15', 449900),
  ('prod-xiaomi-band', 'brand-xiaomi', '小米手环9', 'Xiaomi Smart Band 9', 24900),
  ('prod-xiaomi-powerbank', 'brand-xiaomi', '小米充电宝 10000mAh', 'Xiaomi Power Bank 10000mAh', 7900);

INSERT INTO light_shops (id, store_id, brand_id) VALUES
  ('ls-kfc-hubin', 'store-kfc-hubin', 'brand-kfc'),
  ('ls-kfc-wulin', 'store-kfc-wulin', 'brand-kfc'),
  ('ls-mcd-wulin', 'store-mcdonalds-wulin', 'brand-mcdonalds'),
  ('ls-starbucks-in77', 'store-starbucks-in77', 'brand-starbucks'),
  ('ls-luckin-yanan', 'store-luckin-yanan', 'brand-luckin'),
  ('ls-heytea-in77', 'store-heytea-in77', 'brand-heytea'),
  ('ls-nayuki-hefang', 'store-nayuki-hefang', 'brand-nayuki'),
  ('ls-uniqlo-hubin', 'store-uniqlo-hubin', 'brand-uniqlo'),
  ('ls-xiaomi-wulin', 'store-xiaomi-wulin', 'brand-xiaomi');

INSERT INTO light_shop_stock (light_shop_id, product_id, quantity, featured_rank) VALUES
  ('ls-kfc-hubin', 'prod-kfc-bucket-voucher', 50, 1),
  ('ls-kfc-hubin', 'prod-kfc-coffee-card', 30, 2),
  ('ls-kfc-hubin', 'prod-kfc-zinger-voucher', 80, 3),
  ('ls-kfc-wulin', 'prod-kfc-bucket-voucher', 20, 1),
  ('ls-kfc-wulin', 'prod-kfc-zinger-voucher', 40, 2),
  ('ls-mcd-wulin', 'prod-mcd-bigmac-voucher', 60, 1),
  ('ls-mcd-wulin', 'prod-mcd-breakfast-card', 25, 2),
  ('ls-starbucks-in77', 'prod-starbucks-tumbler', 3, 1),
  ('ls-starbucks-in77', 'prod-starbucks-latte-voucher', 100, 2),
  ('ls-starbucks-in77', 'prod-starbucks-beans', 12, 3),
  ('ls-luckin-yanan', 'prod-luckin-coconut-voucher', 200, 1),
  ('ls-luckin-yanan', 'prod-luckin-beans', 15, 2),
  ('ls-heytea-in77', 'prod-heytea-grape-voucher', 120, 1),
  ('ls-heytea-in77', 'prod-heytea-cup', 8, 2),
  ('ls-nayuki-hefang', 'prod-nayuki-strawberry-voucher', 90, 1),
  ('ls-uniqlo-hubin', 'prod-uniqlo-ut', 40, 1),
  ('ls-uniqlo-hubin', 'prod-uniqlo-heattech', 60, 2),
  ('ls-uniqlo-hubin', 'prod-uniqlo-down', 5, 3),
  ('ls-xiaomi-wulin', 'prod-xiaomi-band', 18, 1),
  ('ls-xiaomi-wulin', 'prod-xiaomi-powerbank', 35, 2),
  ('ls-xiaomi-wulin', 'prod-xiaomi-phone', 2, 3);

-- Every flagship shop's warehouse. The West Lake tumbler is sold out online:
-- only the in77 store's last three remain.
INSERT INTO warehouse_stock (flagship_shop_id, product_id, quantity) VALUES
  ('flagship-kfc', 'prod-kfc-bucket-voucher', 5000),
  ('flagship-kfc', 'prod-kfc-coffee-card', 2000),
  ('flagship-kfc', 'prod-kfc-zinger-voucher', 5000),
  ('flagship-mcdonalds', 'prod-mcd-bigmac-voucher', 5000),
  ('flagship-mcdonalds', 'prod-mcd-breakfast-card', 1500),
  ('flagship-starbucks', 'prod-starbucks-tumbler', 0),
  ('flagship-starbucks', 'prod-starbucks-beans', 400),
  ('flagship-starbucks', 'prod-starbucks-latte-voucher', 8000),
  ('flagship-luckin', 'prod-luckin-coconut-voucher', 20000),
  ('flagship-luckin', 'prod-luckin-beans', 600),
  ('flagship-heytea', 'prod-heytea-grape-voucher', 6000),
  ('flagship-heytea', 'prod-heytea-cup', 120),
  ('flagship-nayuki', 'prod-nayuki-strawberry-voucher', 3000),
  ('flagship-uniqlo', 'prod-uniqlo-heattech', 900),
  ('flagship-uniqlo', 'prod-uniqlo-down', 300),
  ('flagship-uniqlo', 'prod-uniqlo-ut', 650),
  ('flagship-xiaomi', 'prod-xiaomi-phone', 80),
  ('flagship-xiaomi', 'prod-xiaomi-band', 450),
  ('flagship-xiaomi', 'prod-xiaomi-powerbank', 1200);

-- Two days ago demo ordered a West Lake UT off the Hubin shelf and, in their
-- size, a down jacket from the flagship warehouse, and never paid: fifteen
-- minutes later the order was released and both went back on sale.
INSERT INTO shop_orders (id, user_id, store_id, light_shop_id, total, placed_at, status, expired_at) VALUES
  ('so-demo-0001', 'demo', 'store-uniqlo-hubin', 'ls-uniqlo-hubin', 57800, now() - interval '2 days',
   'EXPIRED', now() - interval '2 days' + interval '15 minutes');

INSERT INTO shop_order_lines (order_id, line_no, product_id, quantity, unit_price, source) VALUES
  ('so-demo-0001', 0, 'prod-uniqlo-ut', 1, 7900, 'LIGHT_SHOP'),
  ('so-demo-0001', 1, 'prod-uniqlo-down', 1, 49900, 'FLAGSHIP_WAREHOUSE');

-- The home-services campaign is the one scalpers once emptied: one coupon per
-- user, at most two claims a minute from any one phone.
INSERT INTO coupon_campaigns
  (id, title, title_en, discount, minimum_spend, channel, budget, remaining, per_user_limit,
   claims_per_user_per_minute, claims_per_device_per_minute, coupon_valid_days, starts_at, ends_at) VALUES
  ('camp-home-cleaning-30', '到家保洁立减30元', 'Home cleaning 30 yuan off', 3000, 9900, 'CLAIM', 200, 200, 1,
   1, 2, 14, date_trunc('day', now()) - interval '1 day', date_trunc('day', now()) + interval '30 days'),
  ('camp-kfc-thursday-10', '肯德基满50减10', 'KFC 10 off 50', 1000, 5000, 'CLAIM', 500, 499, 1,
   1, 2, 3, date_trunc('day', now()) - interval '4 days', date_trunc('day', now()) + interval '60 days'),
  ('camp-luckin-weekly-5', '瑞幸每周5元券', 'Luckin 5 yuan off, weekly', 500, 1500, 'CLAIM', 1000, 1000, 3,
   1, 3, 7, date_trunc('day', now()) - interval '2 days', date_trunc('day', now()) + interval '90 days'),
  ('camp-heytea-favorite-5', '喜茶5元券', 'HEYTEA 5 yuan off', 500, 2000, 'FAVORITE_GIFT', 10000, 9999, 1,
   1, 2, 10, date_trunc('day', now()) - interval '30 days', date_trunc('day', now()) + interval '90 days'),
  ('camp-metro-favorite-ride', '杭州地铁1元乘车券', 'Hangzhou Metro 1 yuan ride', 100, 0, 'FAVORITE_GIFT', 50000, 50000, 1,
   1, 2, 30, date_trunc('day', now()) - interval '60 days', date_trunc('day', now()) + interval '300 days'),
  ('camp-boat-favorite-10', '西湖游船10元券', 'West Lake boat 10 yuan off', 1000, 5500, 'FAVORITE_GIFT', 2000, 2000, 1,
   1, 2, 30, date_trunc('day', now()) - interval '10 days', date_trunc('day', now()) + interval '120 days');

-- The chains' coupons buy only their own food and goods; the mini-programs'
-- are spent in those mini-programs, which take no food or shop orders.
UPDATE coupon_campaigns SET merchant_id = CASE id
  WHEN 'camp-kfc-thursday-10' THEN 'm-kfc'
  WHEN 'camp-luckin-weekly-5' THEN 'm-luckin'
  WHEN 'camp-heytea-favorite-5' THEN 'm-heytea'
  END;

INSERT INTO claim_blacklist (subject_kind, subject_id, reason) VALUES
  ('DEVICE', 'dev-farm-0001', '一台设备登录40个账号领券 One phone claiming for 40 accounts'),
  ('USER', 'u-scalper-0001', '转卖保洁券 Resold home-cleaning coupons');

INSERT INTO favorite_targets (kind, id, title, title_en, benefit, benefit_en, gift_campaign_id) VALUES
  ('MINI_PROGRAM', 'mp-hangzhou-metro', '杭州地铁', 'Hangzhou Metro', '乘车立减1元', '1 yuan off a ride', 'camp-metro-favorite-ride'),
  ('MINI_PROGRAM', 'mp-westlake-boat', '西湖游船', 'West Lake Boats', '免排队登船', 'Board without queueing', 'camp-boat-favorite-10'),
  ('MINI_PROGRAM', 'mp-home-cleaning', '到家保洁', 'Home Cleaning', '会员价9折', '10% off for members', NULL),
  ('MINI_PROGRAM', 'mp-kfc-self-order', '肯德基自助点餐', 'KFC Self-Order', NULL, NULL, NULL),
  ('SHOP', 'flagship-heytea', '喜茶官方旗舰店', 'HEYTEA Official', '会员日第二杯半价', 'Second cup half price on member days', 'camp-heytea-favorite-5'),
  ('SHOP', 'flagship-starbucks', '星巴克官方旗舰店', 'Starbucks Official', '新品早知道', 'New releases first', NULL),
  ('SHOP', 'flagship-uniqlo', '优衣库官方旗舰店', 'UNIQLO Official', '门店自提免运费', 'Free pickup in store', NULL);

INSERT INTO favorites (user_id, kind, target_id, added_at) VALUES
  ('demo', 'MINI_PROGRAM', 'mp-hangzhou-metro', now() - interval '40 days'),
  ('demo', 'SHOP', 'flagship-heytea', now() - interval '6 days');

INSERT INTO coupons (id, user_id, campaign_id, title, title_en, discount, minimum_spend, claimed_at, valid_until) VALUES
  ('cp-demo-heytea-5', 'demo', 'camp-heytea-favorite-5', '喜茶5元券', 'HEYTEA 5 yuan off', 500, 2000,
   now() - interval '6 days', date_trunc('day', now()) + interval '10 days'),
  ('cp-demo-kfc-10', 'demo', 'camp-kfc-thursday-10', '肯德基满50减10', 'KFC 10 off 50', 1000, 5000,
   now() - interval '2 days', date_trunc('day', now()) + interval '3 days');

-- demo added the metro before it offered a gift, and got the HEYTEA coupon for
-- adding its flagship shop: that gift is spent for good.
INSERT INTO favorite_gifts (user_id, kind, target_id, coupon_id, granted_at) VALUES
  ('demo', 'SHOP', 'flagship-heytea', 'cp-demo-heytea-5', now() - interval '6 days');

-- Shop orders are paid to the brand's wallet merchant.
UPDATE brands SET merchant_id = CASE id
  WHEN 'brand-kfc' THEN 'm-kfc'
  WHEN 'brand-mcdonalds' THEN 'm-mcdonalds'
  WHEN 'brand-starbucks' THEN 'm-starbucks'
  WHEN 'brand-luckin' THEN 'm-luckin'
  WHEN 'brand-heytea' THEN 'm-heytea'
  WHEN 'brand-nayuki' THEN 'm-nayuki'
  WHEN 'brand-uniqlo' THEN 'm-uniqlo'
  WHEN 'brand-xiaomi' THEN 'm-xiaomi'
END;
