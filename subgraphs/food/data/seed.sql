-- Each restaurant's pickup point is where maps has the store.
INSERT INTO restaurants (store_id, base_fee, prep_minutes, delivery_radius_m, pickup_lat, pickup_lng) VALUES
  ('store-louwailou-gushan', 600, 25, 5000, 30.2553, 120.1437),
  ('store-zhiweiguan-renhe', 400, 15, 5000, 30.2531, 120.1652),
  ('store-waipojia-hubin', 500, 20, 5000, 30.2585, 120.1655),
  ('store-xinbailu-hubin', 500, 20, 4000, 30.2583, 120.1668),
  ('store-kuiyuanguan-jiefang', 300, 12, 4000, 30.2522, 120.1690),
  ('store-kfc-hubin', 900, 8, 5000, 30.2568, 120.1662),
  ('store-kfc-wulin', 900, 8, 5000, 30.2725, 120.1629),
  ('store-mcdonalds-wulin', 900, 8, 5000, 30.2712, 120.1641),
  ('store-mcdonalds-hefang', 900, 8, 5000, 30.2458, 120.1682),
  ('store-starbucks-in77', 800, 6, 3000, 30.2577, 120.1649),
  ('store-luckin-yanan', 500, 5, 3000, 30.2635, 120.1668),
  ('store-heytea-in77', 600, 10, 3000, 30.2561, 120.1651),
  ('store-nayuki-hefang', 600, 10, 3000, 30.2452, 120.1695);

INSERT INTO menu_items (id, store_id, name, name_en, price, available, position) VALUES
  ('mi-louwailou-fish', 'store-louwailou-gushan', '西湖醋鱼', 'West Lake Fish in Vinegar Sauce', 12800, true, 1),
  ('mi-louwailou-pork', 'store-louwailou-gushan', '东坡肉', 'Dongpo Pork', 6800, true, 2),
  ('mi-louwailou-shrimp', 'store-louwailou-gushan', '龙井虾仁', 'Longjing Tea Shrimp', 15800, true, 3),
  ('mi-zhiweiguan-xiaolong', 'store-zhiweiguan-renhe', '小笼包', 'Xiaolongbao', 2800, true, 1),
  ('mi-zhiweiguan-pianerchuan', 'store-zhiweiguan-renhe', '片儿川', 'Pian''erchuan Noodles', 3200, true, 2),
  ('mi-zhiweiguan-chicken', 'store-zhiweiguan-renhe', '叫化童鸡', 'Beggar''s Chicken', 8800, false, 3),
  ('mi-waipojia-teachicken', 'store-waipojia-hubin', '外婆红烧肉', 'Grandma''s Braised Pork', 3600, true, 1),
  ('mi-waipojia-tofu', 'store-waipojia-hubin', '麻婆豆腐', 'Mapo Tofu', 1200, true, 2),
  ('mi-xinbailu-ribs', 'store-xinbailu-hubin', '糖醋排骨', 'Sweet and Sour Ribs', 3800, true, 1),
  ('mi-kuiyuanguan-eel', 'store-kuiyuanguan-jiefang', '虾爆鳝面', 'Shrimp and Eel Noodles', 4800, true, 1),
  ('mi-kfc-bucket', 'store-kfc-hubin', '全家桶', 'Family Bucket', 8900, true, 1),
  ('mi-kfc-zinger', 'store-kfc-hubin', '香辣鸡腿堡', 'Zinger Burger', 2350, true, 2),
  ('mi-kfc-wulin-bucket', 'store-kfc-wulin', '全家桶', 'Family Bucket', 8900, true, 1),
  ('mi-kfc-wulin-zinger', 'store-kfc-wulin', '香辣鸡腿堡', 'Zinger Burger', 2350, true, 2),
  ('mi-mcd-wulin-bigmac', 'store-mcdonalds-wulin', '巨无霸', 'Big Mac', 2500, true, 1),
  ('mi-mcd-wulin-fries', 'store-mcdonalds-wulin', '薯条(大)', 'Large Fries', 1300, true, 2),
  ('mi-mcd-hefang-bigmac', 'store-mcdonalds-hefang', '巨无霸', 'Big Mac', 2500, true, 1),
  ('mi-starbucks-latte', 'store-starbucks-in77', '拿铁(大杯)', 'Caffè Latte (Grande)', 3600, true, 1),
  ('mi-starbucks-osmanthus', 'store-starbucks-in77', '桂花拿铁(大杯)', 'Osmanthus Latte (Grande)', 3900, true, 2),
  ('mi-luckin-coconut', 'store-luckin-yanan', '生椰拿铁', 'Coconut Latte', 1900, true, 1),
  ('mi-heytea-grape', 'store-heytea-in77', '多肉葡萄', 'Very Grape Cheezo', 2900, true, 1),
  ('mi-heytea-mango', 'store-heytea-in77', '芝芝芒芒', 'Cheese Mango', 2700, true, 2),
  ('mi-nayuki-strawberry', 'store-nayuki-hefang', '霸气草莓', 'Supreme Strawberry Tea', 2900, true, 1);

-- Delivery hours, Asia/Shanghai time. The KFC by the lake and the McDonald's at
-- Wulin never close; McDonald's on Hefang Street serves the night market until 02:00.
INSERT INTO restaurant_hours (store_id, opens_at, closes_at) VALUES
  ('store-louwailou-gushan', '10:30', '14:00'),
  ('store-louwailou-gushan', '16:30', '20:30'),
  ('store-zhiweiguan-renhe', '07:00', '21:00'),
  ('store-waipojia-hubin', '10:30', '21:30'),
  ('store-xinbailu-hubin', '10:30', '14:00'),
  ('store-xinbailu-hubin', '16:30', '21:00'),
  ('store-kuiyuanguan-jiefang', '07:00', '20:30'),
  ('store-kfc-hubin', '00:00', '24:00'),
  ('store-kfc-wulin', '07:00', '23:00'),
  ('store-mcdonalds-wulin', '00:00', '24:00'),
  ('store-mcdonalds-hefang', '07:00', '02:00'),
  ('store-starbucks-in77', '07:30', '22:00'),
  ('store-luckin-yanan', '07:30', '20:00'),
  ('store-heytea-in77', '10:00', '22:30'),
  ('store-nayuki-hefang', '10:00', '23:00');

INSERT INTO store_staff (user_id, store_id) VALUES
  ('staff-kfc-hubin', 'store-kfc-hubin'),
  ('staff-kfc-wulin', 'store-kfc-wulin'),
  ('staff-kfc-manager', 'store-kfc-hubin'),
  ('staff-kfc-manager', 'store-kfc-wulin'),
  ('staff-heytea-in77', 'store-heytea-in77'),
  ('staff-zhiweiguan-renhe', 'store-zhiweiguan-renhe');

-- Totals are the items plus the quoted delivery fee (base fee within 2 km).
INSERT INTO food_orders
  (id, user_id, store_id, status, subtotal, delivery_fee, total, deliver_lat, deliver_lng, placed_at)
VALUES
  ('fo-demo-1', 'demo', 'store-zhiweiguan-renhe', 'DELIVERED', 6000, 400, 6400, 30.2575, 120.1655,
    now() - interval '3 days'),
  ('fo-demo-2', 'demo', 'store-heytea-in77', 'DELIVERING', 2900, 600, 3500, 30.2575, 120.1655,
    now() - interval '20 minutes'),
  ('fo-lin-1', 'u-lin', 'store-kfc-hubin', 'ACCEPTED', 8900, 900, 9800, 30.2642, 120.1690,
    now() - interval '10 minutes');

INSERT INTO food_order_lines (order_id, line_no, menu_item_id, quantity, unit_price) VALUES
  ('fo-demo-1', 1, 'mi-zhiweiguan-xiaolong', 1, 2800),
  ('fo-demo-1', 2, 'mi-zhiweiguan-pianerchuan', 1, 3200),
  ('fo-demo-2', 1, 'mi-heytea-grape', 1, 2900),
  ('fo-lin-1', 1, 'mi-kfc-bucket', 1, 8900);

INSERT INTO food_order_history (order_id, status, at, actor_role, actor_id) VALUES
  ('fo-demo-1', 'PLACED', now() - interval '3 days', 'CUSTOMER', 'demo'),
  ('fo-demo-1', 'ACCEPTED', now() - interval '3 days' + interval '2 minutes', 'STORE_STAFF', 'staff-zhiweiguan-renhe'),
  ('fo-demo-1', 'DELIVERING', now() - interval '3 days' + interval '16 minutes', 'STORE_STAFF', 'staff-zhiweiguan-renhe'),
  ('fo-demo-1', 'DELIVERED', now() - interval '3 days' + interval '31 minutes', 'STORE_STAFF', 'staff-zhiweiguan-renhe'),
  ('fo-demo-2', 'PLACED', now() - interval '20 minutes', 'CUSTOMER', 'demo'),
  ('fo-demo-2', 'ACCEPTED', now() - interval '19 minutes', 'STORE_STAFF', 'staff-heytea-in77'),
  ('fo-demo-2', 'DELIVERING', now() - interval '8 minutes', 'STORE_STAFF', 'staff-heytea-in77'),
  ('fo-lin-1', 'PLACED', now() - interval '10 minutes', 'CUSTOMER', 'u-lin'),
  ('fo-lin-1', 'ACCEPTED', now() - interval '9 minutes', 'STORE_STAFF', 'staff-kfc-hubin');

-- Payouts go to the wallet merchant that runs each store (the same ids the maps app uses).
UPDATE restaurants SET merchant_id = CASE store_id
  WHEN 'store-louwailou-gushan' THEN 'm-louwailou'
  WHEN 'store-zhiweiguan-renhe' THEN 'm-zhiweiguan'
  WHEN 'store-waipojia-hubin' THEN 'm-waipojia'
  WHEN 'store-xinbailu-hubin' THEN 'm-xinbailu'
  WHEN 'store-kuiyuanguan-jiefang' THEN 'm-kuiyuanguan'
  WHEN 'store-kfc-hubin' THEN 'm-kfc'
  WHEN 'store-kfc-wulin' THEN 'm-kfc'
  WHEN 'store-mcdonalds-wulin' THEN 'm-mcdonalds'
  WHEN 'store-mcdonalds-hefang' THEN 'm-mcdonalds'
  WHEN 'store-starbucks-in77' THEN 'm-starbucks'
  WHEN 'store-luckin-yanan' THEN 'm-luckin'
  WHEN 'store-heytea-in77' THEN 'm-heytea'
  WHEN 'store-nayuki-hefang' THEN 'm-nayuki'
  ELSE merchant_id
END;

-- How each kitchen serves (every one delivers): restaurants seat guests who
-- order at the table, cafés and tea shops hand orders placed ahead over the
-- counter, and the burger chains do all three; the night-market McDonald's on
-- Hefang Street has no seats, and Zhiweiguan sells its xiaolongbao to take away too.
UPDATE restaurants r SET offers_pickup = m.pickup, offers_dine_in = m.dine_in
  FROM (VALUES
    ('store-louwailou-gushan', false, true),
    ('store-zhiweiguan-renhe', true, true),
    ('store-waipojia-hubin', false, true),
    ('store-xinbailu-hubin', false, true),
    ('store-kuiyuanguan-jiefang', false, true),
    ('store-kfc-hubin', true, true),
    ('store-kfc-wulin', true, true),
    ('store-mcdonalds-wulin', true, true),
    ('store-mcdonalds-hefang', true, false),
    ('store-starbucks-in77', true, false),
    ('store-luckin-yanan', true, false),
    ('store-heytea-in77', true, false),
    ('store-nayuki-hefang', true, false)
  ) AS m (store_id, pickup, dine_in)
 WHERE r.store_id = m.store_id;
