-- The generated city: 2,000 stores across Hangzhou beyond the lakeside, in
-- eleven districts beyond the lake (80%) and the streets between them (20%,
-- 4 to 15 km from the lake, so none lands on the water or the lakeside). Maps
-- holds them as places; food gives those that sell food a kitchen and a menu.
-- Each subgraph owns its database, so neither reads the other's: both seeds
-- run this file first, in their own transaction, and read what it made from
-- two temporary tables that go when the seed commits:
--
--   generated_business_areas  (id, name, name_en, centre_lat, centre_lng, radius_m)
--   generated_stores          (i, id, name, name_en, category, lat, lng, address,
--                              address_en, business_area_id, merchant_id)
--
-- It reads no table and no clock, so every run, on PGlite and PostgreSQL
-- alike, makes the same stores: store-hz-0001 is the same shop in every
-- replica, and food's menu for it is for the shop maps shows.

-- Deterministic pseudo-random numbers in [0, 1): the same (n, salt) gives the
-- same value on every run, on PGlite and PostgreSQL alike (random() and
-- setseed() changed algorithm between PostgreSQL versions; md5 never will).
CREATE FUNCTION pg_temp.seed_unit(n integer, salt text) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT (('x' || substr(md5(salt || ':' || n), 1, 8))::bit(32)::bigint / 4294967296.0)::double precision $$;

CREATE TEMPORARY TABLE generated_business_areas (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  centre_lat double precision NOT NULL,
  centre_lng double precision NOT NULL,
  radius_m integer NOT NULL
) ON COMMIT DROP;
INSERT INTO generated_business_areas (id, name, name_en, centre_lat, centre_lng, radius_m) VALUES
  ('area-huanglong', '黄龙商圈', 'Huanglong', 30.2705, 120.1440, 800),
  ('area-sijiqing', '四季青商圈', 'Sijiqing', 30.2590, 120.1950, 600),
  ('area-qianjiang', '钱江新城', 'Qianjiang New City', 30.2460, 120.2110, 1500),
  ('area-binjiang', '滨江星光大道', 'Binjiang Xingguang Avenue', 30.2075, 120.2105, 1200),
  ('area-chengxi', '城西银泰商圈', 'Chengxi Intime', 30.2915, 120.1135, 900),
  ('area-xixi', '西溪商圈', 'Xixi', 30.2790, 120.0850, 1500),
  ('area-gongchenqiao', '拱宸桥', 'Gongchen Bridge', 30.3185, 120.1445, 800),
  ('area-xintiandi', '杭州新天地', 'Hangzhou Xintiandi', 30.3040, 120.1870, 700),
  ('area-future-city', '未来科技城', 'Future Sci-Tech City', 30.2880, 120.0050, 1500),
  ('area-xiasha', '下沙商圈', 'Xiasha', 30.3100, 120.3400, 1500),
  ('area-xiaoshan', '萧山市心商圈', 'Xiaoshan Shixin', 30.1680, 120.2680, 1500);

CREATE TEMPORARY TABLE generated_stores ON COMMIT DROP AS
WITH
generated_areas (idx, area_id) AS (VALUES
  (0, 'area-huanglong'), (1, 'area-sijiqing'), (2, 'area-qianjiang'), (3, 'area-binjiang'),
  (4, 'area-chengxi'), (5, 'area-xixi'), (6, 'area-gongchenqiao'), (7, 'area-xintiandi'),
  (8, 'area-future-city'), (9, 'area-xiasha'), (10, 'area-xiaoshan')
),
area_roads (area_id, n, district, district_en, road, road_en) AS (VALUES
  ('area-huanglong', 0, '西湖区', 'Xihu District', '黄龙路', 'Huanglong Road'),
  ('area-huanglong', 1, '西湖区', 'Xihu District', '曙光路', 'Shuguang Road'),
  ('area-huanglong', 2, '西湖区', 'Xihu District', '杭大路', 'Hangda Road'),
  ('area-huanglong', 3, '西湖区', 'Xihu District', '文三路', 'Wensan Road'),
  ('area-sijiqing', 0, '上城区', 'Shangcheng District', '秋涛路', 'Qiutao Road'),
  ('area-sijiqing', 1, '上城区', 'Shangcheng District', '凯旋路', 'Kaixuan Road'),
  ('area-sijiqing', 2, '上城区', 'Shangcheng District', '景昙路', 'Jingtan Road'),
  ('area-sijiqing', 3, '上城区', 'Shangcheng District', '杭海路', 'Hanghai Road'),
  ('area-qianjiang', 0, '上城区', 'Shangcheng District', '富春路', 'Fuchun Road'),
  ('area-qianjiang', 1, '上城区', 'Shangcheng District', '新业路', 'Xinye Road'),
  ('area-qianjiang', 2, '上城区', 'Shangcheng District', '民心路', 'Minxin Road'),
  ('area-qianjiang', 3, '上城区', 'Shangcheng District', '钱江路', 'Qianjiang Road'),
  ('area-binjiang', 0, '滨江区', 'Binjiang District', '江南大道', 'Jiangnan Avenue'),
  ('area-binjiang', 1, '滨江区', 'Binjiang District', '滨盛路', 'Binsheng Road'),
  ('area-binjiang', 2, '滨江区', 'Binjiang District', '江汉路', 'Jianghan Road'),
  ('area-binjiang', 3, '滨江区', 'Binjiang District', '长河路', 'Changhe Road'),
  ('area-chengxi', 0, '拱墅区', 'Gongshu District', '丰潭路', 'Fengtan Road'),
  ('area-chengxi', 1, '拱墅区', 'Gongshu District', '文一路', 'Wenyi Road'),
  ('area-chengxi', 2, '拱墅区', 'Gongshu District', '登云路', 'Dengyun Road'),
  ('area-chengxi', 3, '拱墅区', 'Gongshu District', '萍水街', 'Pingshui Street'),
  ('area-xixi', 0, '西湖区', 'Xihu District', '文二西路', 'Wen''er West Road'),
  ('area-xixi', 1, '西湖区', 'Xihu District', '天目山路', 'Tianmushan Road'),
  ('area-xixi', 2, '西湖区', 'Xihu District', '紫金港路', 'Zijingang Road'),
  ('area-xixi', 3, '西湖区', 'Xihu District', '西溪路', 'Xixi Road'),
  ('area-gongchenqiao', 0, '拱墅区', 'Gongshu District', '小河路', 'Xiaohe Road'),
  ('area-gongchenqiao', 1, '拱墅区', 'Gongshu District', '丽水路', 'Lishui Road'),
  ('area-gongchenqiao', 2, '拱墅区', 'Gongshu District', '桥弄街', 'Qiaonong Street'),
  ('area-gongchenqiao', 3, '拱墅区', 'Gongshu District', '台州路', 'Taizhou Road'),
  ('area-xintiandi', 0, '拱墅区', 'Gongshu District', '东新路', 'Dongxin Road'),
  ('area-xintiandi', 1, '拱墅区', 'Gongshu District', '石祥路', 'Shixiang Road'),
  ('area-xintiandi', 2, '拱墅区', 'Gongshu District', '华中路', 'Huazhong Road'),
  ('area-xintiandi', 3, '拱墅区', 'Gongshu District', '新天地街', 'Xintiandi Street'),
  ('area-future-city', 0, '余杭区', 'Yuhang District', '文一西路', 'Wenyi West Road'),
  ('area-future-city', 1, '余杭区', 'Yuhang District', '良睦路', 'Liangmu Road'),
  ('area-future-city', 2, '余杭区', 'Yuhang District', '海曙路', 'Haishu Road'),
  ('area-future-city', 3, '余杭区', 'Yuhang District', '爱橙街', 'Aicheng Street'),
  ('area-xiasha', 0, '钱塘区', 'Qiantang District', '学林街', 'Xuelin Street'),
  ('area-xiasha', 1, '钱塘区', 'Qiantang District', '文泽路', 'Wenze Road'),
  ('area-xiasha', 2, '钱塘区', 'Qiantang District', '学源街', 'Xueyuan Street'),
  ('area-xiasha', 3, '钱塘区', 'Qiantang District', '金沙大道', 'Jinsha Avenue'),
  ('area-xiaoshan', 0, '萧山区', 'Xiaoshan District', '市心中路', 'Shixin Middle Road'),
  ('area-xiaoshan', 1, '萧山区', 'Xiaoshan District', '人民路', 'Renmin Road'),
  ('area-xiaoshan', 2, '萧山区', 'Xiaoshan District', '金城路', 'Jincheng Road'),
  ('area-xiaoshan', 3, '萧山区', 'Xiaoshan District', '工人路', 'Gongren Road')
),
-- Streets between the districts, by compass sector from the lake (0 = east, counter-clockwise).
sector_roads (sector, n, district, district_en, road, road_en) AS (VALUES
  (0, 0, '上城区', 'Shangcheng District', '艮山西路', 'Genshan West Road'),
  (0, 1, '上城区', 'Shangcheng District', '秋涛北路', 'Qiutao North Road'),
  (1, 0, '上城区', 'Shangcheng District', '机场路', 'Jichang Road'),
  (1, 1, '上城区', 'Shangcheng District', '笕丁路', 'Jianding Road'),
  (2, 0, '拱墅区', 'Gongshu District', '莫干山路', 'Moganshan Road'),
  (2, 1, '拱墅区', 'Gongshu District', '湖州街', 'Huzhou Street'),
  (3, 0, '西湖区', 'Xihu District', '振华路', 'Zhenhua Road'),
  (3, 1, '西湖区', 'Xihu District', '古墩路', 'Gudun Road'),
  (4, 0, '西湖区', 'Xihu District', '留和路', 'Liuhe Road'),
  (4, 1, '西湖区', 'Xihu District', '留下街', 'Liuxia Street'),
  (5, 0, '西湖区', 'Xihu District', '之江路', 'Zhijiang Road'),
  (5, 1, '西湖区', 'Xihu District', '转塘街', 'Zhuantang Street'),
  (6, 0, '滨江区', 'Binjiang District', '浦沿路', 'Puyan Road'),
  (6, 1, '滨江区', 'Binjiang District', '东信大道', 'Dongxin Avenue'),
  (7, 0, '萧山区', 'Xiaoshan District', '风情大道', 'Fengqing Avenue'),
  (7, 1, '萧山区', 'Xiaoshan District', '金鸡路', 'Jinji Road')
),
-- Share of each category among the generated stores: [lo, hi) of a uniform draw.
categories (category, lo, hi) AS (VALUES
  ('RESTAURANT', 0.00, 0.24), ('FAST_FOOD', 0.24, 0.34), ('CAFE', 0.34, 0.46),
  ('TEA', 0.46, 0.60), ('SUPERMARKET', 0.60, 0.65), ('CONVENIENCE', 0.65, 0.80),
  ('FASHION', 0.80, 0.88), ('ELECTRONICS', 0.88, 0.92), ('DEPARTMENT_STORE', 0.92, 0.95),
  ('HOTEL', 0.95, 1.00)
),
brands (category, n, name, name_en, merchant_id) AS (VALUES
  ('RESTAURANT', 0, '外婆家', 'Grandma''s Home', 'm-waipojia'),
  ('RESTAURANT', 1, '新白鹿', 'Xinbailu', 'm-xinbailu'),
  ('RESTAURANT', 2, '知味观', 'Zhiweiguan', 'm-zhiweiguan'),
  ('RESTAURANT', 3, '绿茶餐厅', 'Green Tea Restaurant', 'm-greentea'),
  ('RESTAURANT', 4, '弄堂里', 'Nongtangli', 'm-nongtangli'),
  ('RESTAURANT', 5, '海底捞火锅', 'Haidilao Hot Pot', 'm-haidilao'),
  ('RESTAURANT', 6, '西贝莜面村', 'Xibei', 'm-xibei'),
  ('RESTAURANT', 7, '太二酸菜鱼', 'Tai Er Sauerkraut Fish', 'm-taier'),
  ('RESTAURANT', 8, '小菜园', 'Xiaocaiyuan', 'm-xiaocaiyuan'),
  ('RESTAURANT', 9, '杭州酒家', 'Hangzhou Restaurant', 'm-hangzhoujiujia'),
  ('FAST_FOOD', 0, '肯德基', 'KFC', 'm-kfc'),
  ('FAST_FOOD', 1, '麦当劳', 'McDonald''s', 'm-mcdonalds'),
  ('FAST_FOOD', 2, '汉堡王', 'Burger King', 'm-burgerking'),
  ('FAST_FOOD', 3, '塔斯汀', 'Tastien', 'm-tastien'),
  ('FAST_FOOD', 4, '老乡鸡', 'Lao Xiang Ji', 'm-laoxiangji'),
  ('FAST_FOOD', 5, '华莱士', 'Wallace', 'm-wallace'),
  ('CAFE', 0, '星巴克', 'Starbucks', 'm-starbucks'),
  ('CAFE', 1, '瑞幸咖啡', 'Luckin Coffee', 'm-luckin'),
  ('CAFE', 2, '库迪咖啡', 'Cotti Coffee', 'm-cotti'),
  ('CAFE', 3, 'Manner咖啡', 'Manner Coffee', 'm-manner'),
  ('CAFE', 4, 'Tims天好咖啡', 'Tims China', 'm-tims'),
  ('TEA', 0, '喜茶', 'HEYTEA', 'm-heytea'),
  ('TEA', 1, '奈雪的茶', 'Nayuki', 'm-nayuki'),
  ('TEA', 2, '蜜雪冰城', 'Mixue', 'm-mixue'),
  ('TEA', 3, '古茗', 'Good Me', 'm-goodme'),
  ('TEA', 4, '霸王茶姬', 'CHAGEE', 'm-chagee'),
  ('TEA', 5, '茶百道', 'ChaPanda', 'm-chapanda'),
  ('SUPERMARKET', 0, '盒马鲜生', 'Freshippo', 'm-freshippo'),
  ('SUPERMARKET', 1, '物美超市', 'Wumart', 'm-wumart'),
  ('SUPERMARKET', 2, '世纪联华', 'Century Mart', 'm-lianhua'),
  ('SUPERMARKET', 3, '大润发', 'RT-Mart', 'm-rtmart'),
  ('CONVENIENCE', 0, '全家', 'FamilyMart', 'm-familymart'),
  ('CONVENIENCE', 1, '罗森', 'Lawson', 'm-lawson'),
  ('CONVENIENCE', 2, '7-Eleven', '7-Eleven', 'm-7eleven'),
  ('CONVENIENCE', 3, '美宜佳', 'Meiyijia', 'm-meiyijia'),
  ('FASHION', 0, '优衣库', 'UNIQLO', 'm-uniqlo'),
  ('FASHION', 1, 'ZARA', 'ZARA', 'm-zara'),
  ('FASHION', 2, '太平鸟', 'Peacebird', 'm-peacebird'),
  ('FASHION', 3, '李宁', 'Li-Ning', 'm-lining'),
  ('FASHION', 4, '安踏', 'ANTA', 'm-anta'),
  ('ELECTRONICS', 0, '小米之家', 'Xiaomi Home', 'm-xiaomi'),
  ('ELECTRONICS', 1, '华为授权体验店', 'Huawei Experience Store', 'm-huawei'),
  ('ELECTRONICS', 2, 'OPPO', 'OPPO', 'm-oppo'),
  ('ELECTRONICS', 3, 'vivo', 'vivo', 'm-vivo'),
  ('DEPARTMENT_STORE', 0, '银泰百货', 'Intime Department Store', 'm-intime'),
  ('DEPARTMENT_STORE', 1, '龙湖天街', 'Longfor Paradise Walk', 'm-longfor'),
  ('DEPARTMENT_STORE', 2, '印象城', 'InCity', 'm-incity'),
  ('DEPARTMENT_STORE', 3, '万象汇', 'MixC World', 'm-mixc'),
  ('HOTEL', 0, '亚朵酒店', 'Atour Hotel', 'm-atour'),
  ('HOTEL', 1, '全季酒店', 'JI Hotel', 'm-jihotel'),
  ('HOTEL', 2, '汉庭酒店', 'Hanting Hotel', 'm-hanting'),
  ('HOTEL', 3, '如家酒店', 'Home Inn', 'm-homeinns'),
  ('HOTEL', 4, '桔子酒店', 'Orange Hotel', 'm-orangehotel')
),
draws AS (
  SELECT i,
         pg_temp.seed_unit(i, 'clustered') < 0.8 AS clustered,
         pg_temp.seed_unit(i, 'area') AS u_area,
         pg_temp.seed_unit(i, 'distance') AS u_distance,
         2 * pi() * pg_temp.seed_unit(i, 'bearing') AS bearing,
         pg_temp.seed_unit(i, 'category') AS u_category,
         pg_temp.seed_unit(i, 'brand') AS u_brand,
         pg_temp.seed_unit(i, 'road') AS u_road,
         1 + floor(pg_temp.seed_unit(i, 'number') * 480)::integer AS house_number
    FROM generate_series(1, 2000) AS i
),
placed AS (
  -- In a district: within 95% of its radius (rounding never pushes a store
  -- out), denser towards the middle as shops are.
  SELECT d.*, a.id AS business_area_id, a.centre_lat AS from_lat, a.centre_lng AS from_lng,
         0.95 * a.radius_m * d.u_distance AS metres, NULL::integer AS sector
    FROM draws d
    JOIN generated_areas g ON g.idx = floor(d.u_area * 11)
    JOIN generated_business_areas a ON a.id = g.area_id
   WHERE d.clustered
  UNION ALL
  SELECT d.*, NULL, 30.2480, 120.1480, 4000 + 11000 * d.u_distance,
         floor(d.bearing / (pi() / 4))::integer
    FROM draws d
   WHERE NOT d.clustered
),
located AS (
  SELECT p.*,
         p.from_lat + p.metres * sin(p.bearing) / 111320.0 AS lat,
         p.from_lng + p.metres * cos(p.bearing) / (111320.0 * cos(radians(p.from_lat))) AS lng
    FROM placed p
),
addressed AS (
  SELECT l.*, r.district, r.district_en, r.road, r.road_en
    FROM located l
    JOIN area_roads r ON r.area_id = l.business_area_id AND r.n = floor(l.u_road * 4)
  UNION ALL
  SELECT l.*, r.district, r.district_en, r.road, r.road_en
    FROM located l
    JOIN sector_roads r ON r.sector = l.sector AND r.n = floor(l.u_road * 2)
),
branded AS (
  SELECT a.*, c.category, b.name AS brand, b.name_en AS brand_en, b.merchant_id
    FROM addressed a
    JOIN categories c ON a.u_category >= c.lo AND a.u_category < c.hi
    JOIN brands b ON b.category = c.category
     AND b.n = floor(a.u_brand * (SELECT count(*) FROM brands x WHERE x.category = c.category))
),
-- A brand's second shop on the same road is its 二店 ("No. 2"), as chains name them.
numbered AS (
  SELECT b.*, row_number() OVER (PARTITION BY b.brand, b.road ORDER BY b.i) AS branch
    FROM branded b
)
SELECT i,
       'store-hz-' || lpad(i::text, 4, '0') AS id,
       brand || '(' || road
         || CASE WHEN branch = 1 THEN ''
                 WHEN branch <= 10 THEN (ARRAY['二', '三', '四', '五', '六', '七', '八', '九', '十'])[branch - 1]
                 ELSE branch::text END
         || '店)' AS name,
       brand_en || ' (' || road_en || CASE WHEN branch = 1 THEN '' ELSE ' No. ' || branch END || ')' AS name_en,
       category,
       round(lat::numeric, 6)::double precision AS lat,
       round(lng::numeric, 6)::double precision AS lng,
       district || road || house_number || '号' AS address,
       house_number || ' ' || road_en || ', ' || district_en AS address_en,
       business_area_id,
       merchant_id
  FROM numbered;

DROP FUNCTION pg_temp.seed_unit(integer, text);
