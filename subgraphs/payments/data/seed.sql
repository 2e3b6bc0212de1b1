-- Periods are placed around the day the database is seeded, so the demo stays current.
INSERT INTO users (id, nickname, wallet_tier) VALUES
  ('demo', '西湖小明 Xiaoming', 'GOLD'),
  ('u-lin', '林晓 Lin Xiao', 'PLATINUM'),
  ('u-chen', '陈静 Chen Jing', 'REGULAR'),
  ('u-wang', '王磊 Wang Lei', 'DIAMOND'),
  ('u-zhao', '赵敏 Zhao Min', 'GOLD');

INSERT INTO merchants (id, name, name_en) VALUES
  ('m-louwailou', '楼外楼', 'Louwailou'),
  ('m-zhiweiguan', '知味观', 'Zhiweiguan'),
  ('m-waipojia', '外婆家', 'Grandma''s Home'),
  ('m-xinbailu', '新白鹿', 'Xinbailu'),
  ('m-kuiyuanguan', '奎元馆', 'Kuiyuanguan'),
  ('m-kfc', '肯德基', 'KFC'),
  ('m-mcdonalds', '麦当劳', 'McDonald''s'),
  ('m-starbucks', '星巴克', 'Starbucks'),
  ('m-luckin', '瑞幸咖啡', 'Luckin Coffee'),
  ('m-heytea', '喜茶', 'HEYTEA'),
  ('m-nayuki', '奈雪的茶', 'Nayuki'),
  ('m-freshippo', '盒马鲜生', 'Freshippo'),
  ('m-familymart', '全家', 'FamilyMart'),
  ('m-uniqlo', '优衣库', 'UNIQLO'),
  ('m-xiaomi', '小米之家', 'Xiaomi Home'),
  ('m-intime', '银泰百货', 'Intime'),
  ('m-atour', '亚朵酒店', 'Atour Hotels'),
  ('m-shangrila', '香格里拉', 'Shangri-La'),
  ('m-greentea', '绿茶餐厅', 'Green Tea Restaurant'),
  ('m-nongtangli', '弄堂里', 'Nongtangli'),
  ('m-haidilao', '海底捞', 'Haidilao Hot Pot'),
  ('m-xibei', '西贝莜面村', 'Xibei'),
  ('m-taier', '太二酸菜鱼', 'Tai Er'),
  ('m-xiaocaiyuan', '小菜园', 'Xiaocaiyuan'),
  ('m-hangzhoujiujia', '杭州酒家', 'Hangzhou Restaurant'),
  ('m-burgerking', '汉堡王', 'Burger King'),
  ('m-tastien', '塔斯汀', 'Tastien'),
  ('m-laoxiangji', '老乡鸡', 'Lao Xiang Ji'),
  ('m-wallace', '华莱士', 'Wallace'),
  ('m-cotti', '库迪咖啡', 'Cotti Coffee'),
  ('m-manner', 'Manner咖啡', 'Manner Coffee'),
  ('m-tims', 'Tims天好咖啡', 'Tims Coffee'),
  ('m-mixue', '蜜雪冰城', 'Mixue'),
  ('m-goodme', '古茗', 'Good Me'),
  ('m-chagee', '霸王茶姬', 'Chagee'),
  ('m-chapanda', '茶百道', 'ChaPanda'),
  ('m-wumart', '物美', 'Wumart'),
  ('m-lianhua', '联华超市', 'Lianhua Supermarket'),
  ('m-rtmart', '大润发', 'RT-Mart'),
  ('m-lawson', '罗森', 'LAWSON'),
  ('m-7eleven', '7-Eleven', '7-Eleven'),
  ('m-meiyijia', '美宜佳', 'Meiyijia'),
  ('m-zara', 'ZARA', 'ZARA'),
  ('m-peacebird', '太平鸟', 'Peacebird'),
  ('m-lining', '李宁', 'Li-Ning'),
  ('m-anta', '安踏', 'ANTA'),
  ('m-huawei', '华为', 'HUAWEI'),
  ('m-oppo', 'OPPO', 'OPPO'),
  ('m-vivo', 'vivo', 'vivo'),
  ('m-longfor', '龙湖天街', 'Longfor Paradise Walk'),
  ('m-incity', '印象城', 'InCity'),
  ('m-mixc', '万象城', 'MixC'),
  ('m-jihotel', '全季酒店', 'JI Hotel'),
  ('m-hanting', '汉庭酒店', 'Hanting Hotel'),
  ('m-homeinns', '如家酒店', 'Home Inn'),
  ('m-orangehotel', '桔子酒店', 'Orange Hotel');

INSERT INTO membership_programmes (merchant_id, fee, period_days, min_credit_score) VALUES
  ('m-kfc', 1500, 30, 550),
  ('m-mcdonalds', 1500, 30, 550),
  ('m-heytea', 1000, 30, 600),
  ('m-starbucks', 2800, 30, 650),
  ('m-freshippo', 1800, 30, 600),
  ('m-atour', 9900, 30, 700);

INSERT INTO light_memberships
  (id, user_id, merchant_id, status, fee, period_start, period_end, benefits_enjoyed)
VALUES
  ('lm-demo-kfc', 'demo', 'm-kfc', 'ACTIVE', 1500,
    date_trunc('day', now()) - interval '12 days', date_trunc('day', now()) + interval '18 days', 1240),
  ('lm-demo-heytea', 'demo', 'm-heytea', 'ACTIVE', 1000,
    date_trunc('day', now()) - interval '3 days', date_trunc('day', now()) + interval '27 days', 1800),
  ('lm-lin-atour', 'u-lin', 'm-atour', 'ACTIVE', 9900,
    date_trunc('day', now()) - interval '8 days', date_trunc('day', now()) + interval '22 days', 0);

INSERT INTO member_tier_mappings
  (merchant_id, wallet_tier, merchant_tier, discount_percent, description)
VALUES
  ('m-atour', 'GOLD', '金卡会员 Gold Card', 10, '房费九折，延迟退房至13点 10% off rooms, late check-out at 13:00'),
  ('m-atour', 'PLATINUM', '铂金卡会员 Platinum Card', 15, '房费八五折，免费早餐 15% off rooms, free breakfast'),
  ('m-atour', 'DIAMOND', '钻石卡会员 Diamond Card', 20, '房费八折，房型升级 20% off rooms, room upgrade'),
  ('m-shangrila', 'PLATINUM', '贵宾金会员 Jade', 10, '餐饮九折 10% off dining'),
  ('m-shangrila', 'DIAMOND', '贵宾翡翠会员 Diamond', 15, '餐饮八五折 15% off dining'),
  ('m-kfc', 'GOLD', 'KFC会员 Gold', 5, '套餐九五折 5% off meals'),
  ('m-kfc', 'PLATINUM', 'KFC会员 Platinum', 8, '套餐九二折 8% off meals'),
  ('m-kfc', 'DIAMOND', 'KFC会员 Diamond', 10, '套餐九折 10% off meals'),
  ('m-starbucks', 'GOLD', '星享卡 Gold Star', 5, '每周一杯中杯升大杯 Free size upgrade once a week'),
  ('m-starbucks', 'PLATINUM', '星享卡 Gold Star', 8, '饮品九二折 8% off drinks'),
  ('m-heytea', 'GOLD', '喜茶会员 Gold', 5, '饮品九五折 5% off drinks'),
  ('m-freshippo', 'GOLD', '盒马X会员 X Member', 5, '生鲜九五折 5% off fresh food'),
  ('m-intime', 'DIAMOND', '银泰黑卡 Black Card', 12, '全场八八折 12% off storewide'),
  ('m-uniqlo', 'PLATINUM', '优衣库会员 Member', 5, '指定商品九五折 5% off selected items');

-- The ledger: the outside world funds each wallet with one balanced top-up.
INSERT INTO users (id, nickname, wallet_tier) VALUES
  ('owner-atour', '亚朵会员中心 Atour Members', 'REGULAR'),
  ('owner-heytea', '喜茶会员中心 HEYTEA Members', 'REGULAR'),
  ('owner-kfc', '肯德基会员中心 KFC Members', 'REGULAR');

UPDATE merchants SET owner_user_id = 'owner-atour' WHERE id = 'm-atour';
UPDATE merchants SET owner_user_id = 'owner-heytea' WHERE id = 'm-heytea';
UPDATE merchants SET owner_user_id = 'owner-kfc' WHERE id = 'm-kfc';

UPDATE membership_programmes SET discount_percent = CASE merchant_id
  WHEN 'm-kfc' THEN 10 WHEN 'm-mcdonalds' THEN 10 WHEN 'm-heytea' THEN 15
  WHEN 'm-starbucks' THEN 10 WHEN 'm-freshippo' THEN 8 WHEN 'm-atour' THEN 12 END;

INSERT INTO credit_scores (user_id, score) VALUES
  ('demo', 720), ('u-lin', 780), ('u-chen', 540), ('u-wang', 810), ('u-zhao', 650);

INSERT INTO accounts (id, kind, owner_id, balance, overdraft_allowed) VALUES
  ('funding:bank', 'FUNDING', NULL, 0, true);
INSERT INTO accounts (id, kind, owner_id, balance, overdraft_allowed)
  SELECT 'wallet:' || id, 'USER_WALLET', id, 0, false FROM users;
INSERT INTO accounts (id, kind, owner_id, balance, overdraft_allowed)
  SELECT 'merchant:' || id, 'MERCHANT', id, 0, true FROM merchants;

CREATE TEMPORARY TABLE seed_top_ups (user_id text, amount bigint) ON COMMIT DROP;
INSERT INTO seed_top_ups VALUES
  ('demo', 50000), ('u-lin', 200000), ('u-chen', 3000), ('u-wang', 500000), ('u-zhao', 20000);
INSERT INTO journal_transactions (id, kind, reference)
  SELECT 'jt-seed-' || user_id, 'TOP_UP', 'seed top-up' FROM seed_top_ups;
INSERT INTO ledger_entries (transaction_id, account_id, amount)
  SELECT 'jt-seed-' || user_id, 'wallet:' || user_id, amount FROM seed_top_ups
  UNION ALL
  SELECT 'jt-seed-' || user_id, 'funding:bank', -amount FROM seed_top_ups;
UPDATE accounts a SET balance = e.total
  FROM (SELECT account_id, sum(amount) AS total FROM ledger_entries GROUP BY account_id) e
  WHERE a.id = e.account_id;

-- The bank cards users bound to top their wallets up from.
INSERT INTO funding_sources (id, user_id, kind, bank, last4, added_at) VALUES
  ('fs-demo-icbc', 'demo', 'BANK_CARD', '中国工商银行 ICBC', '6222', now() - interval '200 days'),
  ('fs-lin-cmb', 'u-lin', 'BANK_CARD', '招商银行 China Merchants Bank', '0418', now() - interval '90 days'),
  ('fs-chen-abc', 'u-chen', 'BANK_CARD', '中国农业银行 Agricultural Bank of China', '3321', now() - interval '30 days');
