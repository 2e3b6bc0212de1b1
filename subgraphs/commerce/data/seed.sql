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

INSERT INTO favorites (user_id, kind, target_id, title, benefit, added_at) VALUES
  ('demo', 'MINI_PROGRAM', 'mp-hangzhou-metro', '杭州地铁 Hangzhou Metro', '乘车立减1元 1 yuan off a ride', now() - interval '40 days'),
  ('demo', 'SHOP', 'flagship-heytea', '喜茶官方旗舰店 HEYTEA Official', '收藏有礼: 5元券 Gift for favoriting: 5 yuan coupon', now() - interval '6 days');

INSERT INTO coupons (id, user_id, title, discount, minimum_spend, valid_until) VALUES
  ('cp-demo-heytea-5', 'demo', '喜茶5元券 HEYTEA 5 yuan off', 500, 2000, date_trunc('day', now()) + interval '10 days'),
  ('cp-demo-kfc-10', 'demo', '肯德基满50减10 KFC 10 off 50', 1000, 5000, date_trunc('day', now()) + interval '3 days');
