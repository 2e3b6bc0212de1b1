-- Kitchens and menus for the generated city's stores: every generated store
-- that sells food (restaurants, fast food, cafés, tea shops, supermarkets and
-- convenience stores) delivers; fashion, electronics, department stores and
-- hotels do not. The stores come from subgraphs/kit/seed/generated-stores.sql,
-- run just before this file, as maps' generated.sql reads them: a kitchen's
-- pickup point is where maps has its store, and it is paid out to the
-- store's merchant. Reads no table of maps and no clock: the same store gets
-- the same menu, hours and fees on every run.
--
-- A chain sells its own dishes at its own prices everywhere; supermarkets and
-- convenience stores sell their category's goods. Each store sells its
-- brand's first three items and each of the others with a 70% draw, in the
-- catalogue's order; about one item in twenty beyond the first has run out.
-- Item ids are the store's number and the item: mi-hz-0042-zinger.

-- Deterministic draws in [0, 1) from a store and a salt: the first and the
-- second 32 bits of their md5, so one hash gives two draws.
CREATE FUNCTION kitchen_unit(store_id text, salt text, part integer) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT (('x' || substr(md5(store_id || ':' || salt), 1 + 8 * part, 8))::bit(32)::bigint
                / 4294967296.0)::double precision $$;

CREATE TEMPORARY TABLE generated_kitchens ON COMMIT DROP AS
WITH
-- How each category's kitchens deliver: fee in fen, preparation minutes, radius
-- in metres; and how else they serve. Every kitchen delivers; fast food, cafés,
-- tea shops and supermarkets hand orders placed ahead over the counter;
-- restaurants seat guests who order at the table, and so do KFC and McDonald's,
-- which serve all three ways.
settings (category, base_fee, prep_minutes, delivery_radius_m, offers_pickup, offers_dine_in) AS (VALUES
  ('RESTAURANT', 500, 20, 5000, false, true), ('FAST_FOOD', 900, 8, 5000, true, false),
  ('CAFE', 600, 6, 3000, true, false), ('TEA', 500, 10, 3000, true, false),
  ('SUPERMARKET', 600, 25, 3000, true, false), ('CONVENIENCE', 400, 5, 2000, false, false)
)
SELECT s.i, s.id AS store_id, s.category, s.merchant_id, s.lat, s.lng,
       k.base_fee, k.prep_minutes, k.delivery_radius_m, k.offers_pickup,
       k.offers_dine_in OR s.merchant_id IN ('m-kfc', 'm-mcdonalds') AS offers_dine_in
  FROM generated_stores s
  JOIN settings k ON k.category = s.category;

INSERT INTO restaurants
  (store_id, base_fee, prep_minutes, delivery_radius_m, pickup_lat, pickup_lng, merchant_id,
   offers_delivery, offers_pickup, offers_dine_in)
SELECT store_id, base_fee, prep_minutes, delivery_radius_m, lat, lng, merchant_id,
       true, offers_pickup, offers_dine_in
  FROM generated_kitchens
 ORDER BY i;

-- Delivery hours, Asia/Shanghai time, by chain or else by category; a store
-- takes one of its kind's variants. KFC and McDonald's are open round the
-- clock or 07:00 to 23:00, Haidilao until 02:00; restaurants serve lunch and
-- dinner, all day, or dinner into the night; office-tower cafés close at 17:00
-- and most convenience stores never close.
WITH
hours (kind, variant, opens_at, closes_at) AS (VALUES
  ('RESTAURANT', 0, '10:30', '14:00'), ('RESTAURANT', 0, '16:30', '21:00'),
  ('RESTAURANT', 1, '10:30', '21:30'),
  ('RESTAURANT', 2, '17:00', '02:00'),
  ('m-zhiweiguan', 0, '07:00', '21:00'),
  ('m-haidilao', 0, '10:00', '02:00'),
  ('FAST_FOOD', 0, '09:00', '22:00'),
  ('FAST_FOOD', 1, '10:00', '21:30'),
  ('m-kfc', 0, '00:00', '24:00'),
  ('m-kfc', 1, '07:00', '23:00'),
  ('m-mcdonalds', 0, '00:00', '24:00'),
  ('m-mcdonalds', 1, '07:00', '23:00'),
  ('m-laoxiangji', 0, '06:30', '21:00'),
  ('CAFE', 0, '07:30', '20:00'),
  ('CAFE', 1, '08:00', '21:00'),
  ('CAFE', 2, '07:00', '17:00'),
  ('TEA', 0, '10:00', '22:00'),
  ('TEA', 1, '10:00', '23:00'),
  ('TEA', 2, '09:30', '22:30'),
  ('SUPERMARKET', 0, '07:00', '22:00'),
  ('SUPERMARKET', 1, '08:00', '22:00'),
  ('CONVENIENCE', 0, '00:00', '24:00'),
  ('CONVENIENCE', 1, '00:00', '24:00'),
  ('CONVENIENCE', 2, '07:00', '23:00')
),
variants (kind, n) AS (SELECT kind, count(DISTINCT variant) FROM hours GROUP BY kind),
chosen AS (
  SELECT k.i, k.store_id, v.kind, floor(kitchen_unit(k.store_id, 'hours', 0) * v.n) AS variant
    FROM generated_kitchens k
    JOIN variants v ON v.kind = CASE
      WHEN EXISTS (SELECT 1 FROM variants c WHERE c.kind = k.merchant_id) THEN k.merchant_id
      ELSE k.category END
)
INSERT INTO restaurant_hours (store_id, opens_at, closes_at)
SELECT c.store_id, h.opens_at::time, h.closes_at::time
  FROM chosen c
  JOIN hours h ON h.kind = c.kind AND h.variant = c.variant
 ORDER BY c.i, h.opens_at;

-- What each chain sells, or each category where no chain's list is kept; a
-- chain's prices are the same in every store (the lakeside KFC's included).
WITH
catalogue (kind, n, item, name, name_en, price) AS (VALUES
  ('m-waipojia', 1, 'braised-pork', '外婆红烧肉', 'Grandma''s Braised Pork', 3600),
  ('m-waipojia', 2, 'tea-chicken', '茶香鸡', 'Tea-Fragrant Chicken', 3800),
  ('m-waipojia', 3, 'mapo-tofu', '麻婆豆腐', 'Mapo Tofu', 1200),
  ('m-waipojia', 4, 'garlic-shrimp', '蒜蓉粉丝虾', 'Garlic Vermicelli Shrimp', 4200),
  ('m-waipojia', 5, 'potato', '青椒土豆丝', 'Shredded Potato with Green Pepper', 900),
  ('m-waipojia', 6, 'rice', '米饭', 'Steamed Rice', 200),
  ('m-xinbailu', 1, 'ribs', '糖醋排骨', 'Sweet and Sour Ribs', 3800),
  ('m-xinbailu', 2, 'wings', '金牌蛋黄鸡翅', 'Salted Egg Yolk Chicken Wings', 3200),
  ('m-xinbailu', 3, 'duck', '香酥鸭', 'Crispy Duck', 4600),
  ('m-xinbailu', 4, 'dongpo', '东坡肉', 'Dongpo Pork', 3800),
  ('m-xinbailu', 5, 'greens', '清炒时蔬', 'Stir-Fried Seasonal Greens', 1600),
  ('m-xinbailu', 6, 'rice', '米饭', 'Steamed Rice', 200),
  ('m-zhiweiguan', 1, 'xiaolong', '小笼包', 'Xiaolongbao', 2800),
  ('m-zhiweiguan', 2, 'pianerchuan', '片儿川', 'Pian''erchuan Noodles', 3200),
  ('m-zhiweiguan', 3, 'wontons', '虾肉馄饨', 'Shrimp Wontons', 2200),
  ('m-zhiweiguan', 4, 'cats-ears', '猫耳朵', 'Cat''s Ear Pasta', 2600),
  ('m-zhiweiguan', 5, 'scallion-roll', '葱包桧', 'Fried Scallion Roll', 800),
  ('m-zhiweiguan', 6, 'dingsheng', '定胜糕', 'Dingsheng Rice Cake', 1200),
  ('m-greentea', 1, 'roast-chicken', '绿茶烤鸡', 'Green Tea Roast Chicken', 5800),
  ('m-greentea', 2, 'bread', '面包诱惑', 'Bread Temptation', 2800),
  ('m-greentea', 3, 'flaming-shrimp', '火焰虾', 'Flaming Shrimp', 4800),
  ('m-greentea', 4, 'stone-pot-tofu', '石锅豆腐', 'Stone Pot Tofu', 2600),
  ('m-greentea', 5, 'lotus-root', '桂花糯米藕', 'Osmanthus Sticky Rice Lotus Root', 1800),
  ('m-nongtangli', 1, 'pork-rice', '红烧肉饭', 'Braised Pork on Rice', 2600),
  ('m-nongtangli', 2, 'scallion-noodles', '葱油拌面', 'Scallion Oil Noodles', 1800),
  ('m-nongtangli', 3, 'potstickers', '三鲜锅贴', 'Three-Delicacy Potstickers', 1600),
  ('m-nongtangli', 4, 'pork-strips', '椒盐排条', 'Salt and Pepper Pork Strips', 2800),
  ('m-nongtangli', 5, 'rice-wine-balls', '酒酿圆子', 'Sweet Rice Wine Dumplings', 1000),
  ('m-haidilao', 1, 'spicy-base', '麻辣锅底', 'Spicy Hot Pot Base', 4800),
  ('m-haidilao', 2, 'tomato-base', '番茄锅底', 'Tomato Hot Pot Base', 3800),
  ('m-haidilao', 3, 'beef', '精品肥牛', 'Premium Beef Slices', 6800),
  ('m-haidilao', 4, 'shrimp-paste', '虾滑', 'Shrimp Paste', 4800),
  ('m-haidilao', 5, 'tripe', '捞派毛肚', 'Beef Tripe', 5800),
  ('m-haidilao', 6, 'noodles', '捞面', 'Hand-Pulled Noodles', 1000),
  ('m-xibei', 1, 'oat-noodles', '莜面鱼鱼', 'Oat Noodle Fish', 3900),
  ('m-xibei', 2, 'millet-buns', '黄米凉糕', 'Yellow Millet Cake', 2900),
  ('m-xibei', 3, 'beef-bones', '牛大骨', 'Braised Beef Bones', 8900),
  ('m-xibei', 4, 'hand-noodles', '张爷爷空心挂面', 'Grandpa Zhang''s Hand-Made Noodles', 2900),
  ('m-xibei', 5, 'lamb-ribs', '烤羊排', 'Roast Lamb Ribs', 9900),
  ('m-taier', 1, 'sauerkraut-fish', '老坛子酸菜鱼', 'Sauerkraut Fish', 8900),
  ('m-taier', 2, 'pepper-chicken', '椒麻鸡', 'Sichuan Pepper Chicken', 3900),
  ('m-taier', 3, 'wood-ear', '凉拌木耳', 'Wood Ear Salad', 1600),
  ('m-taier', 4, 'rice', '米饭', 'Steamed Rice', 300),
  ('m-taier', 5, 'plum-drink', '酸梅汤', 'Sour Plum Drink', 800),
  ('m-xiaocaiyuan', 1, 'yellow-beef', '小炒黄牛肉', 'Stir-Fried Yellow Beef', 4800),
  ('m-xiaocaiyuan', 2, 'mandarin-fish', '臭鳜鱼', 'Fermented Mandarin Fish', 6800),
  ('m-xiaocaiyuan', 3, 'egg-custard', '蒸水蛋', 'Steamed Egg Custard', 1200),
  ('m-xiaocaiyuan', 4, 'cabbage', '手撕包菜', 'Hand-Torn Cabbage', 1600),
  ('m-xiaocaiyuan', 5, 'rice', '米饭', 'Steamed Rice', 200),
  ('m-hangzhoujiujia', 1, 'vinegar-fish', '西湖醋鱼', 'West Lake Fish in Vinegar Sauce', 8800),
  ('m-hangzhoujiujia', 2, 'dongpo', '东坡肉', 'Dongpo Pork', 4800),
  ('m-hangzhoujiujia', 3, 'longjing-shrimp', '龙井虾仁', 'Longjing Tea Shrimp', 11800),
  ('m-hangzhoujiujia', 4, 'fish-soup', '宋嫂鱼羹', 'Sister Song''s Fish Soup', 3800),
  ('m-hangzhoujiujia', 5, 'bamboo-shoots', '油焖春笋', 'Braised Spring Bamboo Shoots', 3200),
  ('m-kfc', 1, 'bucket', '全家桶', 'Family Bucket', 8900),
  ('m-kfc', 2, 'zinger', '香辣鸡腿堡', 'Zinger Burger', 2350),
  ('m-kfc', 3, 'new-orleans', '新奥尔良烤鸡腿堡', 'New Orleans Roast Chicken Burger', 2450),
  ('m-kfc', 4, 'original', '吮指原味鸡', 'Original Recipe Chicken', 1300),
  ('m-kfc', 5, 'fries', '薯条(中)', 'Medium Fries', 1100),
  ('m-kfc', 6, 'egg-tart', '葡式蛋挞', 'Portuguese Egg Tart', 900),
  ('m-kfc', 7, 'pepsi', '百事可乐(中)', 'Pepsi (Medium)', 1000),
  ('m-mcdonalds', 1, 'big-mac', '巨无霸', 'Big Mac', 2500),
  ('m-mcdonalds', 2, 'fries', '薯条(大)', 'Large Fries', 1300),
  ('m-mcdonalds', 3, 'mcspicy', '麦辣鸡腿堡', 'McSpicy Chicken Burger', 2300),
  ('m-mcdonalds', 4, 'nuggets', '麦乐鸡(5块)', 'Chicken McNuggets (5 pcs)', 1300),
  ('m-mcdonalds', 5, 'grilled-chicken', '板烧鸡腿堡', 'Grilled Chicken Burger', 2400),
  ('m-mcdonalds', 6, 'mcflurry', '麦旋风', 'McFlurry', 1400),
  ('m-mcdonalds', 7, 'coke', '可口可乐(中)', 'Coca-Cola (Medium)', 1000),
  ('m-burgerking', 1, 'whopper', '皇堡', 'Whopper', 3100),
  ('m-burgerking', 2, 'angry-whopper', '天椒皇堡', 'Angry Whopper', 3300),
  ('m-burgerking', 3, 'chicken-fries', '霸王鸡条', 'Chicken Fries', 1600),
  ('m-burgerking', 4, 'fries', '薯霸王(中)', 'Medium Fries', 1200),
  ('m-burgerking', 5, 'onion-rings', '洋葱圈', 'Onion Rings', 1300),
  ('m-tastien', 1, 'spicy-chicken', '香辣鸡腿中国汉堡', 'Spicy Chicken Chinese Burger', 1690),
  ('m-tastien', 2, 'peking-duck', '北京烤鸭中国汉堡', 'Peking Duck Chinese Burger', 1890),
  ('m-tastien', 3, 'green-pepper', '藤椒鸡腿中国汉堡', 'Green Sichuan Pepper Chicken Chinese Burger', 1690),
  ('m-tastien', 4, 'fries', '薯条', 'Fries', 800),
  ('m-tastien', 5, 'cola', '可乐', 'Cola', 600),
  ('m-laoxiangji', 1, 'hen-soup', '肥西老母鸡汤', 'Feixi Old Hen Soup', 2800),
  ('m-laoxiangji', 2, 'farm-pork', '农家小炒肉', 'Farmhouse Stir-Fried Pork', 2600),
  ('m-laoxiangji', 3, 'meicai-pork', '梅菜扣肉', 'Braised Pork with Preserved Greens', 2400),
  ('m-laoxiangji', 4, 'twice-cooked', '香干回锅肉', 'Twice-Cooked Pork with Smoked Tofu', 2200),
  ('m-laoxiangji', 5, 'rice', '米饭', 'Steamed Rice', 200),
  ('m-wallace', 1, 'spicy-burger', '香辣鸡腿堡', 'Spicy Chicken Burger', 1200),
  ('m-wallace', 2, 'whole-chicken', '脆皮全鸡', 'Crispy Whole Chicken', 2990),
  ('m-wallace', 3, 'popcorn-chicken', '鸡米花', 'Popcorn Chicken', 900),
  ('m-wallace', 4, 'fries', '薯条', 'Fries', 700),
  ('m-wallace', 5, 'cola', '可乐', 'Cola', 500),
  ('m-starbucks', 1, 'latte', '拿铁(大杯)', 'Caffè Latte (Grande)', 3600),
  ('m-starbucks', 2, 'americano', '美式咖啡(大杯)', 'Caffè Americano (Grande)', 3100),
  ('m-starbucks', 3, 'osmanthus', '桂花拿铁(大杯)', 'Osmanthus Latte (Grande)', 3900),
  ('m-starbucks', 4, 'macchiato', '焦糖玛奇朵(大杯)', 'Caramel Macchiato (Grande)', 3900),
  ('m-starbucks', 5, 'matcha', '抹茶星冰乐(大杯)', 'Matcha Frappuccino (Grande)', 4100),
  ('m-starbucks', 6, 'muffin', '蓝莓麦芬', 'Blueberry Muffin', 2200),
  ('m-luckin', 1, 'coconut', '生椰拿铁', 'Coconut Latte', 1900),
  ('m-luckin', 2, 'velvet', '丝绒拿铁', 'Velvet Latte', 1900),
  ('m-luckin', 3, 'orange-americano', '橙C美式', 'Orange C Americano', 1800),
  ('m-luckin', 4, 'maotai', '酱香拿铁', 'Maotai-Flavoured Latte', 1900),
  ('m-luckin', 5, 'americano', '美式咖啡', 'Americano', 1300),
  ('m-cotti', 1, 'coconut', '生椰拿铁', 'Coconut Latte', 1290),
  ('m-cotti', 2, 'americano', '美式咖啡', 'Americano', 990),
  ('m-cotti', 3, 'blueberry', '蓝莓生酪拿铁', 'Blueberry Cheese Latte', 1490),
  ('m-cotti', 4, 'lemon-americano', '柠檬美式', 'Lemon Americano', 1190),
  ('m-manner', 1, 'latte', '拿铁', 'Latte', 2000),
  ('m-manner', 2, 'americano', '美式', 'Americano', 1500),
  ('m-manner', 3, 'flat-white', '澳白', 'Flat White', 2000),
  ('m-manner', 4, 'osmanthus-oat', '桂花燕麦拿铁', 'Osmanthus Oat Latte', 2500),
  ('m-manner', 5, 'ice-bock', '冰博克拿铁', 'Ice-Bock Latte', 2500),
  ('m-tims', 1, 'latte', '拿铁', 'Latte', 2700),
  ('m-tims', 2, 'americano', '美式咖啡', 'Americano', 2200),
  ('m-tims', 3, 'maple-latte', '枫糖拿铁', 'Maple Latte', 3000),
  ('m-tims', 4, 'bagel', '贝果', 'Bagel', 1800),
  ('m-tims', 5, 'wrap', '暖心卷', 'Breakfast Wrap', 2200),
  ('m-heytea', 1, 'grape', '多肉葡萄', 'Very Grape Cheezo', 2900),
  ('m-heytea', 2, 'mango', '芝芝芒芒', 'Cheese Mango', 2700),
  ('m-heytea', 3, 'brown-sugar', '烤黑糖波波牛乳', 'Roasted Brown Sugar Boba Milk', 1900),
  ('m-heytea', 4, 'peach', '多肉桃李', 'Very Peach Plum', 2500),
  ('m-heytea', 5, 'jasmine', '纯绿妍茶后', 'Pure Jasmine Green Tea', 1500),
  ('m-nayuki', 1, 'strawberry', '霸气草莓', 'Supreme Strawberry Tea', 2900),
  ('m-nayuki', 2, 'cheese-grape', '霸气芝士葡萄', 'Supreme Cheese Grape', 2900),
  ('m-nayuki', 3, 'orange', '霸气橙子', 'Supreme Orange Tea', 2500),
  ('m-nayuki', 4, 'milk-tea', '宝藏鲜奶茶', 'Treasure Fresh Milk Tea', 2200),
  ('m-nayuki', 5, 'magic-wand', '草莓魔法棒', 'Strawberry Magic Wand Bread', 1800),
  ('m-mixue', 1, 'lemonade', '冰鲜柠檬水', 'Iced Fresh Lemonade', 400),
  ('m-mixue', 2, 'pearl-milk-tea', '珍珠奶茶', 'Pearl Milk Tea', 600),
  ('m-mixue', 3, 'ice-cream', '新鲜冰淇淋', 'Soft-Serve Ice Cream', 200),
  ('m-mixue', 4, 'passion-fruit', '满杯百香果', 'Passion Fruit Cup', 700),
  ('m-mixue', 5, 'orange', '棒打鲜橙', 'Fresh Orange Smash', 600),
  ('m-goodme', 1, 'mango-sago', '杨枝甘露', 'Mango Pomelo Sago', 1600),
  ('m-goodme', 2, 'cheese-grape', '超A芝士葡萄', 'Cheese Grape', 1800),
  ('m-goodme', 3, 'brulee', '布蕾脆脆奶芙', 'Crème Brûlée Milk Tea', 1500),
  ('m-goodme', 4, 'longjing', '龙井香青团', 'Longjing Qingtuan Milk Tea', 1600),
  ('m-goodme', 5, 'lemonade', '柠檬水', 'Lemonade', 800),
  ('m-chagee', 1, 'boya', '伯牙绝弦', 'Boya Jasmine Milk Tea', 1800),
  ('m-chagee', 2, 'osmanthus', '桂馥兰香', 'Osmanthus Milk Tea', 1800),
  ('m-chagee', 3, 'green-mountain', '青青糯山', 'Green Glutinous Mountain Milk Tea', 1800),
  ('m-chagee', 4, 'camellia', '寻香山茶', 'Camellia Milk Tea', 1900),
  ('m-chagee', 5, 'mulan', '万里木兰', 'Mulan Black Milk Tea', 1600),
  ('m-chapanda', 1, 'mango-sago', '杨枝甘露', 'Mango Pomelo Sago', 1800),
  ('m-chapanda', 2, 'soy-milk', '豆乳玉麒麟', 'Soy Milk Jade Qilin', 1600),
  ('m-chapanda', 3, 'taro', '招牌芋圆奶茶', 'Signature Taro Ball Milk Tea', 1500),
  ('m-chapanda', 4, 'watermelon', '西瓜啵啵', 'Watermelon Boba', 1500),
  ('m-chapanda', 5, 'jasmine', '茉莉奶绿', 'Jasmine Milk Green Tea', 1300),
  ('SUPERMARKET', 1, 'milk', '鲜牛奶(1L)', 'Fresh Milk (1 L)', 1590),
  ('SUPERMARKET', 2, 'eggs', '散养鸡蛋(10枚)', 'Free-Range Eggs (10)', 1590),
  ('SUPERMARKET', 3, 'bok-choy', '本地青菜(500g)', 'Local Bok Choy (500 g)', 390),
  ('SUPERMARKET', 4, 'rice', '东北大米(5kg)', 'Northeast Rice (5 kg)', 3990),
  ('SUPERMARKET', 5, 'apples', '红富士苹果(1kg)', 'Fuji Apples (1 kg)', 1290),
  ('SUPERMARKET', 6, 'pork-belly', '五花肉(500g)', 'Pork Belly (500 g)', 2290),
  ('SUPERMARKET', 7, 'salmon', '三文鱼刺身(200g)', 'Salmon Sashimi (200 g)', 5990),
  ('SUPERMARKET', 8, 'water', '饮用天然水(550ml×12)', 'Natural Water (550 ml × 12)', 2400),
  ('CONVENIENCE', 1, 'bento', '照烧鸡排便当', 'Teriyaki Chicken Bento', 1800),
  ('CONVENIENCE', 2, 'oden', '关东煮套餐', 'Oden Set', 1500),
  ('CONVENIENCE', 3, 'onigiri', '金枪鱼饭团', 'Tuna Onigiri', 600),
  ('CONVENIENCE', 4, 'sandwich', '火腿芝士三明治', 'Ham and Cheese Sandwich', 1000),
  ('CONVENIENCE', 5, 'tea-egg', '茶叶蛋', 'Tea Egg', 250),
  ('CONVENIENCE', 6, 'iced-americano', '冰美式', 'Iced Americano', 900),
  ('CONVENIENCE', 7, 'chips', '薯片', 'Potato Chips', 850),
  ('CONVENIENCE', 8, 'water', '矿泉水', 'Mineral Water', 200)
),
kinds (kind) AS (SELECT DISTINCT kind FROM catalogue),
offered AS (
  SELECT k.i, k.store_id, c.n, c.item, c.name, c.name_en, c.price,
         kitchen_unit(k.store_id, c.item, 0) AS u_sells,
         kitchen_unit(k.store_id, c.item, 1) AS u_sold_out
    FROM generated_kitchens k
    JOIN catalogue c ON c.kind = CASE
      WHEN EXISTS (SELECT 1 FROM kinds x WHERE x.kind = k.merchant_id) THEN k.merchant_id
      ELSE k.category END
),
sold AS (
  SELECT o.*, row_number() OVER (PARTITION BY o.store_id ORDER BY o.n) AS position
    FROM offered o
   WHERE o.n <= 3 OR o.u_sells < 0.7
)
INSERT INTO menu_items (id, store_id, name, name_en, price, available, position)
SELECT 'mi-' || substr(store_id, 7) || '-' || item, store_id, name, name_en, price,
       position = 1 OR u_sold_out >= 0.05, position
  FROM sold
 ORDER BY i, position;

DROP FUNCTION kitchen_unit(text, text, integer);

-- Fresh statistics, so the planner knows the menus are worth their index.
ANALYZE restaurants;
ANALYZE restaurant_hours;
ANALYZE menu_items;
