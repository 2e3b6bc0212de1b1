INSERT INTO business_areas (id, name, name_en, centre_lat, centre_lng, radius_m) VALUES
  ('area-hubin', '湖滨商圈', 'Hubin', 30.2576, 120.1658, 700),
  ('area-wulin', '武林商圈', 'Wulin', 30.2718, 120.1633, 800),
  ('area-westlake', '西湖景区', 'West Lake Scenic Area', 30.2500, 120.1450, 2500),
  ('area-hefang', '河坊街', 'Hefang Street', 30.2455, 120.1690, 500);

INSERT INTO stores
  (id, name, name_en, category, lat, lng, address, address_en, business_area_id, merchant_id)
VALUES
  ('store-louwailou-gushan', '楼外楼(孤山店)', 'Louwailou (Gushan)', 'RESTAURANT', 30.2553, 120.1437,
    '西湖区孤山路30号', '30 Gushan Road, Xihu District', 'area-westlake', 'm-louwailou'),
  ('store-zhiweiguan-renhe', '知味观(仁和路店)', 'Zhiweiguan (Renhe Road)', 'RESTAURANT', 30.2531, 120.1652,
    '上城区仁和路83号', '83 Renhe Road, Shangcheng District', 'area-hubin', 'm-zhiweiguan'),
  ('store-waipojia-hubin', '外婆家(湖滨店)', 'Grandma''s Home (Hubin)', 'RESTAURANT', 30.2585, 120.1655,
    '上城区湖滨路3号', '3 Hubin Road, Shangcheng District', 'area-hubin', 'm-waipojia'),
  ('store-xinbailu-hubin', '新白鹿(湖滨店)', 'Xinbailu (Hubin)', 'RESTAURANT', 30.2583, 120.1668,
    '上城区东坡路10号', '10 Dongpo Road, Shangcheng District', 'area-hubin', 'm-xinbailu'),
  ('store-kuiyuanguan-jiefang', '奎元馆(解放路店)', 'Kuiyuanguan Noodles (Jiefang Road)', 'RESTAURANT', 30.2522, 120.1690,
    '上城区解放路154号', '154 Jiefang Road, Shangcheng District', 'area-hubin', 'm-kuiyuanguan'),
  ('store-kfc-hubin', '肯德基(湖滨银泰店)', 'KFC (Hubin Intime)', 'FAST_FOOD', 30.2568, 120.1662,
    '上城区延安路258号', '258 Yan''an Road, Shangcheng District', 'area-hubin', 'm-kfc'),
  ('store-kfc-wulin', '肯德基(武林广场店)', 'KFC (Wulin Square)', 'FAST_FOOD', 30.2725, 120.1629,
    '拱墅区武林广场1号', '1 Wulin Square, Gongshu District', 'area-wulin', 'm-kfc'),
  ('store-mcdonalds-wulin', '麦当劳(武林店)', 'McDonald''s (Wulin)', 'FAST_FOOD', 30.2712, 120.1641,
    '拱墅区体育场路218号', '218 Tiyuchang Road, Gongshu District', 'area-wulin', 'm-mcdonalds'),
  ('store-mcdonalds-hefang', '麦当劳(河坊街店)', 'McDonald''s (Hefang Street)', 'FAST_FOOD', 30.2458, 120.1682,
    '上城区河坊街128号', '128 Hefang Street, Shangcheng District', 'area-hefang', 'm-mcdonalds'),
  ('store-starbucks-in77', '星巴克(湖滨银泰in77店)', 'Starbucks (Hubin in77)', 'CAFE', 30.2577, 120.1649,
    '上城区东坡路7号', '7 Dongpo Road, Shangcheng District', 'area-hubin', 'm-starbucks'),
  ('store-starbucks-beishan', '星巴克(北山街店)', 'Starbucks (Beishan Street)', 'CAFE', 30.2601, 120.1521,
    '西湖区北山街8号', '8 Beishan Street, Xihu District', 'area-westlake', 'm-starbucks'),
  ('store-luckin-yanan', '瑞幸咖啡(延安路店)', 'Luckin Coffee (Yan''an Road)', 'CAFE', 30.2635, 120.1668,
    '上城区延安路385号', '385 Yan''an Road, Shangcheng District', 'area-hubin', 'm-luckin'),
  ('store-luckin-wulin', '瑞幸咖啡(武林银泰店)', 'Luckin Coffee (Wulin Intime)', 'CAFE', 30.2709, 120.1655,
    '拱墅区延安路530号', '530 Yan''an Road, Gongshu District', 'area-wulin', 'm-luckin'),
  ('store-heytea-in77', '喜茶(湖滨in77店)', 'HEYTEA (Hubin in77)', 'TEA', 30.2561, 120.1651,
    '上城区湖滨路23号', '23 Hubin Road, Shangcheng District', 'area-hubin', 'm-heytea'),
  ('store-nayuki-hefang', '奈雪的茶(河坊街店)', 'Nayuki (Hefang Street)', 'TEA', 30.2452, 120.1695,
    '上城区河坊街201号', '201 Hefang Street, Shangcheng District', 'area-hefang', 'm-nayuki'),
  ('store-freshippo-wulin', '盒马鲜生(武林店)', 'Freshippo (Wulin)', 'SUPERMARKET', 30.2741, 120.1611,
    '拱墅区环城北路108号', '108 Huancheng North Road, Gongshu District', 'area-wulin', 'm-freshippo'),
  ('store-familymart-hubin', '全家(湖滨店)', 'FamilyMart (Hubin)', 'CONVENIENCE', 30.2592, 120.1646,
    '上城区湖滨路50号', '50 Hubin Road, Shangcheng District', 'area-hubin', 'm-familymart'),
  ('store-familymart-nanshan', '全家(南山路店)', 'FamilyMart (Nanshan Road)', 'CONVENIENCE', 30.2462, 120.1614,
    '上城区南山路202号', '202 Nanshan Road, Shangcheng District', 'area-westlake', 'm-familymart'),
  ('store-uniqlo-hubin', '优衣库(湖滨店)', 'UNIQLO (Hubin)', 'FASHION', 30.2590, 120.1660,
    '上城区平海路28号', '28 Pinghai Road, Shangcheng District', 'area-hubin', 'm-uniqlo'),
  ('store-xiaomi-wulin', '小米之家(武林店)', 'Xiaomi Home (Wulin)', 'ELECTRONICS', 30.2700, 120.1650,
    '拱墅区延安路546号', '546 Yan''an Road, Gongshu District', 'area-wulin', 'm-xiaomi'),
  ('store-intime-wulin', '银泰百货(武林店)', 'Intime Department Store (Wulin)', 'DEPARTMENT_STORE', 30.2716, 120.1644,
    '拱墅区延安路530号', '530 Yan''an Road, Gongshu District', 'area-wulin', 'm-intime'),
  ('store-atour-hubin', '亚朵酒店(西湖湖滨店)', 'Atour Hotel (West Lake Hubin)', 'HOTEL', 30.2600, 120.1670,
    '上城区庆春路38号', '38 Qingchun Road, Shangcheng District', 'area-hubin', 'm-atour'),
  ('store-shangrila-beishan', '杭州香格里拉饭店', 'Shangri-La Hangzhou', 'HOTEL', 30.2630, 120.1500,
    '西湖区北山街78号', '78 Beishan Street, Xihu District', 'area-westlake', 'm-shangrila');

-- The coupon each store hands out on arrival (storeArrive): 满30减5 reads
-- "5 yuan off a spend of 30".
INSERT INTO store_arrival_offers (store_id, title, title_en, discount, minimum_spend) VALUES
  ('store-kfc-hubin', '到店礼·满30减5', 'Arrival gift: ¥5 off ¥30', 500, 3000),
  ('store-mcdonalds-hefang', '到店礼·满30减5', 'Arrival gift: ¥5 off ¥30', 500, 3000),
  ('store-starbucks-in77', '到店礼·满40减8', 'Arrival gift: ¥8 off ¥40', 800, 4000),
  ('store-heytea-in77', '到店礼·满25减4', 'Arrival gift: ¥4 off ¥25', 400, 2500),
  ('store-nayuki-hefang', '到店礼·满25减4', 'Arrival gift: ¥4 off ¥25', 400, 2500),
  ('store-louwailou-gushan', '到店礼·满300减30', 'Arrival gift: ¥30 off ¥300', 3000, 30000),
  ('store-zhiweiguan-renhe', '到店礼·满60减10', 'Arrival gift: ¥10 off ¥60', 1000, 6000),
  ('store-uniqlo-hubin', '到店礼·满299减30', 'Arrival gift: ¥30 off ¥299', 3000, 29900),
  ('store-freshippo-wulin', '到店礼·满99减10', 'Arrival gift: ¥10 off ¥99', 1000, 9900),
  ('store-intime-wulin', '到店礼·满500减50', 'Arrival gift: ¥50 off ¥500', 5000, 50000);

-- The marketplace's brands, by the wallet merchant each one is (commerce's
-- brands.merchant_id): every store of a chain, generated ones included.
UPDATE stores SET brand_id = CASE merchant_id
  WHEN 'm-kfc' THEN 'brand-kfc'
  WHEN 'm-mcdonalds' THEN 'brand-mcdonalds'
  WHEN 'm-starbucks' THEN 'brand-starbucks'
  WHEN 'm-luckin' THEN 'brand-luckin'
  WHEN 'm-heytea' THEN 'brand-heytea'
  WHEN 'm-nayuki' THEN 'brand-nayuki'
  WHEN 'm-uniqlo' THEN 'brand-uniqlo'
  WHEN 'm-xiaomi' THEN 'brand-xiaomi'
END;
