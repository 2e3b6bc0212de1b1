INSERT INTO restaurants (store_id, base_fee, prep_minutes, delivery_radius_m) VALUES
  ('store-louwailou-gushan', 600, 25, 5000),
  ('store-zhiweiguan-renhe', 400, 15, 5000),
  ('store-waipojia-hubin', 500, 20, 5000),
  ('store-xinbailu-hubin', 500, 20, 4000),
  ('store-kuiyuanguan-jiefang', 300, 12, 4000),
  ('store-kfc-hubin', 900, 8, 5000),
  ('store-kfc-wulin', 900, 8, 5000),
  ('store-mcdonalds-wulin', 900, 8, 5000),
  ('store-mcdonalds-hefang', 900, 8, 5000),
  ('store-starbucks-in77', 800, 6, 3000),
  ('store-luckin-yanan', 500, 5, 3000),
  ('store-heytea-in77', 600, 10, 3000),
  ('store-nayuki-hefang', 600, 10, 3000);

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

INSERT INTO food_orders (id, user_id, store_id, status, total, placed_at) VALUES
  ('fo-demo-1', 'demo', 'store-zhiweiguan-renhe', 'DELIVERED', 6000, now() - interval '3 days'),
  ('fo-demo-2', 'demo', 'store-heytea-in77', 'DELIVERING', 2900, now() - interval '20 minutes'),
  ('fo-lin-1', 'u-lin', 'store-kfc-hubin', 'ACCEPTED', 8900, now() - interval '10 minutes');

INSERT INTO food_order_lines (order_id, line_no, menu_item_id, quantity, unit_price) VALUES
  ('fo-demo-1', 1, 'mi-zhiweiguan-xiaolong', 1, 2800),
  ('fo-demo-1', 2, 'mi-zhiweiguan-pianerchuan', 1, 3200),
  ('fo-demo-2', 1, 'mi-heytea-grape', 1, 2900),
  ('fo-lin-1', 1, 'mi-kfc-bucket', 1, 8900);
