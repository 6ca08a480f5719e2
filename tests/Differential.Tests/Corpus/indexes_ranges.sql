-- OR of ranges and points on an indexed column and on the primary key (one sorted, merged range set),
-- IN lists, ORDER BY ... DESC over index reads, NULLs in indexes, and UPDATE / DELETE whose WHERE reads
-- through an index or an OR of key ranges (autocommit and in a transaction); then the same reads again.
-- Owner: idxspeed.
CREATE TABLE r (id INT PRIMARY KEY, k INT, g VARCHAR(5), u INT, s VARCHAR(10), v INT, KEY k_1 (k), KEY g_k (g, k), UNIQUE KEY uu (u), KEY s (s));
INSERT INTO r VALUES (1, 37, 'B', 1003, 'Bee', 7), (2, 24, 'c', 1006, 'cat', 14), (3, 11, 'D', 1009, 'Dog ', 21), (4, 48, 'a', 1012, 'eel', 28), (5, 35, 'B', 1015, 'Fox', 35), (6, 22, 'c', 1018, 'gnu ', 42), (7, 9, 'D', 1021, 'Hen', 49), (8, 46, 'a', 1024, 'ibis', 56), (9, 33, 'B', 1027, 'Jay ', 63), (10, 20, 'c', 1030, 'ant', 70), (11, 7, NULL, 1033, 'Bee', 77), (12, 44, 'a', 1036, 'cat ', 84), (13, NULL, 'B', 1039, 'Dog', 91), (14, 18, 'c', 1042, 'eel', 98), (15, 5, 'D', 1045, 'Fox ', 5), (16, 42, 'a', 1048, 'gnu', 12), (17, 29, 'B', NULL, 'Hen', 19), (18, 16, 'c', 1054, 'ibis ', 26), (19, 3, 'D', 1057, 'Jay', 33), (20, 40, 'a', 1060, 'ant', 40), (21, 27, 'B', 1063, 'Bee ', 47), (22, 14, NULL, 1066, 'cat', 54), (23, 1, 'D', 1069, 'Dog', 61), (24, 38, 'a', 1072, 'eel ', 68), (25, 25, 'B', 1075, 'Fox', 75), (26, NULL, 'c', 1078, 'gnu', 82), (27, 49, 'D', 1081, 'Hen ', 89), (28, 36, 'a', 1084, 'ibis', 96), (29, 23, 'B', 1087, 'Jay', 3), (30, 10, 'c', 1090, 'ant ', 10), (31, 47, 'D', 1093, 'Bee', 17), (32, 34, 'a', 1096, 'cat', 24), (33, 21, NULL, 1099, 'Dog ', 31), (34, 8, 'c', NULL, 'eel', 38), (35, 45, 'D', 1105, 'Fox', 45), (36, 32, 'a', 1108, 'gnu ', 52), (37, 19, 'B', 1111, 'Hen', 59), (38, 6, 'c', 1114, 'ibis', 66), (39, NULL, 'D', 1117, 'Jay ', 73), (40, 30, 'a', 1120, 'ant', 80);
INSERT INTO r VALUES (41, 17, 'B', 1123, 'Bee', 87), (42, 4, 'c', 1126, 'cat ', 94), (43, 41, 'D', 1129, 'Dog', 1), (44, 28, NULL, 1132, 'eel', 8), (45, 15, 'B', 1135, 'Fox ', 15), (46, 2, 'c', 1138, 'gnu', 22), (47, 39, 'D', 1141, 'Hen', 29), (48, 26, 'a', 1144, 'ibis ', 36), (49, 13, 'B', 1147, 'Jay', 43), (50, 0, 'c', 1150, 'ant', 50), (51, 37, 'D', NULL, 'Bee ', 57), (52, NULL, 'a', 1156, 'cat', 64), (53, 11, 'B', 1159, 'Dog', 71), (54, 48, 'c', 1162, 'eel ', 78), (55, 35, NULL, 1165, 'Fox', 85), (56, 22, 'a', 1168, 'gnu', 92), (57, 9, 'B', 1171, 'Hen ', 99), (58, 46, 'c', 1174, 'ibis', 6), (59, 33, 'D', 1177, 'Jay', 13), (60, 20, 'a', 1180, 'ant ', 20), (61, 7, 'B', 1183, 'Bee', 27), (62, 44, 'c', 1186, 'cat', 34), (63, 31, 'D', 1189, 'Dog ', 41), (64, 18, 'a', 1192, 'eel', 48), (65, NULL, 'B', 1195, 'Fox', 55), (66, 42, NULL, 1198, 'gnu ', 62), (67, 29, 'D', 1201, 'Hen', 69), (68, 16, 'a', NULL, 'ibis', 76), (69, 3, 'B', 1207, 'Jay ', 83), (70, 40, 'c', 1210, 'ant', 90), (71, 27, 'D', 1213, 'Bee', 97), (72, 14, 'a', 1216, 'cat ', 4), (73, 1, 'B', 1219, 'Dog', 11), (74, 38, 'c', 1222, 'eel', 18), (75, 25, 'D', 1225, 'Fox ', 25), (76, 12, 'a', 1228, 'gnu', 32), (77, 49, NULL, 1231, 'Hen', 39), (78, NULL, 'c', 1234, 'ibis ', 46), (79, 23, 'D', 1237, 'Jay', 53), (80, 10, 'a', 1240, 'ant', 60);
-- OR of BETWEEN ranges on one indexed column (sysbench select_random_ranges)
SELECT COUNT(k) FROM r WHERE k BETWEEN 3 AND 8 OR k BETWEEN 20 AND 25;
SELECT COUNT(k) FROM r WHERE k BETWEEN 3 AND 8 OR k BETWEEN 6 AND 12 OR k BETWEEN 40 AND 45 OR k BETWEEN 44 AND 49;
SELECT id, k FROM r WHERE k BETWEEN 10 AND 12 OR k BETWEEN 30 AND 31 ORDER BY id;
SELECT id, k FROM r WHERE k BETWEEN 12 AND 10 OR k BETWEEN 1 AND 2 ORDER BY id;
SELECT id, k FROM r WHERE k < 3 OR k > 47 ORDER BY k, id;
SELECT id, k FROM r WHERE k <= 3 OR k >= 3 ORDER BY id;
SELECT id, k FROM r WHERE (k > 5 AND k < 9) OR (k >= 40 AND k <= 41) ORDER BY id;
SELECT id, k FROM r WHERE k BETWEEN 3 AND 8 OR k = 30 OR k IN (44, 45) ORDER BY id;
SELECT id, k FROM r WHERE (k BETWEEN 3 AND 8 OR k BETWEEN 20 AND 25) AND v > 40 ORDER BY id;
SELECT id, k FROM r WHERE k < 10 AND (k BETWEEN 3 AND 8 OR k BETWEEN 20 AND 25) ORDER BY id;
SELECT id, k FROM r WHERE k BETWEEN 3 AND 8 OR v = 7 ORDER BY id;
SELECT id, k FROM r WHERE k BETWEEN '3' AND '8' OR k BETWEEN 20.5 AND 22 ORDER BY id;
SELECT id, k FROM r WHERE k = 8 OR k = 8.0 OR k = 17 ORDER BY id;
SELECT SUM(k), MIN(k), MAX(k), COUNT(*) FROM r WHERE k BETWEEN 0 AND 4 OR k BETWEEN 46 AND 49;
SELECT k, COUNT(*) FROM r WHERE k BETWEEN 1 AND 5 OR k BETWEEN 45 AND 49 GROUP BY k ORDER BY k;
-- OR of points and IN lists (sysbench select_random_points)
SELECT id, k, s FROM r WHERE k IN (3, 7, 11, 19, 24, 33, 47) ORDER BY id;
SELECT id, k FROM r WHERE k IN (3, 7) OR k IN (7, 11) OR k = 24 ORDER BY id;
SELECT id, k FROM r WHERE k = 3 OR k = 4 OR k = 5 ORDER BY id;
SELECT id, k FROM r WHERE k IN (NULL, 3) OR k = 4 ORDER BY id;
SELECT id, k FROM r WHERE k IN (100, 200) OR k = -1;
-- an IN list repeating values, and values next to each other (each index entry read once)
SELECT id, k FROM r WHERE k IN (9, 3, 9, 4, 3, 9) ORDER BY id;
SELECT id, k, s, v FROM r WHERE k IN (37, 37, 38, 36) ORDER BY id;
SELECT COUNT(*), SUM(v) FROM r WHERE k IN (11, 11, 11, 12);
SELECT id, g FROM r WHERE g IN ('a', 'A', 'a ', 'c') ORDER BY id;
SELECT id, g, k FROM r WHERE g IN ('B', 'b') AND k IN (37, 37, 9) ORDER BY id;
SELECT id, k FROM r WHERE k = 9 OR k IS NULL ORDER BY id;
SELECT id, k FROM r WHERE k IS NULL OR k BETWEEN 45 AND 49 ORDER BY id;
SELECT id, k FROM r WHERE k <=> NULL OR k <=> 2 ORDER BY id;
SELECT id, k FROM r WHERE k IS NOT NULL AND (k < 2 OR k > 48) ORDER BY id;
SELECT COUNT(*) FROM r WHERE k = NULL OR k IN (NULL);
-- primary key ORs
SELECT id, v FROM r WHERE id = 3 OR id = 70 OR id BETWEEN 10 AND 12 ORDER BY id;
SELECT id FROM r WHERE id IN (5, 6) OR id > 77 ORDER BY id;
SELECT id FROM r WHERE id < 3 OR id BETWEEN 2 AND 4 OR id = 90 ORDER BY id;
SELECT id FROM r WHERE (id = 4 OR id = 8) AND k IS NOT NULL ORDER BY id;
SELECT id FROM r WHERE id = 4 OR k = 4 ORDER BY id;
-- composite and UNIQUE indexes
SELECT id, g, k FROM r WHERE (g = 'a' AND k < 10) OR (g = 'c' AND k > 40) ORDER BY id;
SELECT id, g, k FROM r WHERE g = 'b' AND (k BETWEEN 1 AND 10 OR k BETWEEN 30 AND 35) ORDER BY id;
SELECT id, g, k FROM r WHERE g IN ('a', 'D') AND (k = 2 OR k = 44) ORDER BY id;
SELECT id, g FROM r WHERE g = 'B' OR g IS NULL ORDER BY id;
SELECT id, u FROM r WHERE u = 1003 OR u = 1030 OR u IN (1060, 9999) ORDER BY id;
SELECT id, u FROM r WHERE u BETWEEN 1010 AND 1020 OR u IS NULL ORDER BY id;
SELECT id, s FROM r WHERE s = 'ant' OR s = 'BEE' OR s BETWEEN 'fox' AND 'gnu' ORDER BY id;
SELECT id, s FROM r WHERE s IN ('cat ', 'DOG') OR s < 'b' ORDER BY id;
-- ORDER BY ... DESC with index reads
SELECT id, k FROM r WHERE k BETWEEN 10 AND 20 ORDER BY k DESC, id DESC;
SELECT id, k FROM r WHERE k BETWEEN 10 AND 20 OR k BETWEEN 40 AND 44 ORDER BY k DESC, id LIMIT 5;
SELECT id, k FROM r ORDER BY k DESC, id DESC LIMIT 4;
SELECT id, k FROM r WHERE k IS NOT NULL ORDER BY k DESC, id LIMIT 3 OFFSET 2;
SELECT id, k FROM r WHERE k = 12 ORDER BY id DESC;
SELECT id FROM r WHERE id BETWEEN 20 AND 30 OR id > 75 ORDER BY id DESC;
SELECT id, g, k FROM r WHERE g = 'c' ORDER BY k DESC, id DESC LIMIT 3;
SELECT id, k FROM r WHERE k IN (3, 7, 11) ORDER BY k DESC, id DESC;
SELECT id, k FROM r ORDER BY k, id DESC LIMIT 6;
-- UPDATE through an index and through ORs of key ranges
UPDATE r SET v = v + 1000 WHERE k = 12;
SELECT id, k, v FROM r WHERE k = 12 ORDER BY id;
UPDATE r SET k = k + 100 WHERE k BETWEEN 3 AND 5 OR k BETWEEN 40 AND 41;
SELECT id, k FROM r WHERE k >= 100 ORDER BY id;
SELECT COUNT(*) FROM r WHERE k BETWEEN 3 AND 5 OR k BETWEEN 40 AND 41;
UPDATE r SET k = 7 WHERE k IS NULL AND id < 30;
SELECT id, k FROM r WHERE k IS NULL OR k = 7 ORDER BY id;
UPDATE r SET v = -1 WHERE id = 2 OR id BETWEEN 60 AND 62 OR id IN (79, 99);
SELECT id, v FROM r WHERE v = -1 ORDER BY id;
UPDATE r SET u = u + 1 WHERE u IN (1003, 1006);
SELECT id, u FROM r WHERE u BETWEEN 1003 AND 1008 ORDER BY id;
UPDATE r SET u = 1009 WHERE u = 1004;
SELECT id, u FROM r WHERE u IN (1004, 1009) ORDER BY id;
UPDATE r SET k = 200 WHERE k = 999;
UPDATE r SET g = 'z' WHERE (g = 'a' AND k < 10) OR (g = 'c' AND k > 40);
SELECT id, g, k FROM r WHERE g = 'z' ORDER BY id;
UPDATE r SET v = v + 1 WHERE k IN (20, 21) ORDER BY id DESC LIMIT 2;
SELECT id, k, v FROM r WHERE k IN (20, 21) ORDER BY id;
-- DELETE through an index and through ORs of key ranges
DELETE FROM r WHERE k = 9;
SELECT COUNT(*) FROM r WHERE k = 9;
DELETE FROM r WHERE k BETWEEN 103 AND 105 OR k = 140;
SELECT id, k FROM r WHERE k >= 100 ORDER BY id;
DELETE FROM r WHERE id = 1 OR id BETWEEN 50 AND 52;
SELECT id FROM r WHERE id < 5 OR id BETWEEN 49 AND 53 ORDER BY id;
DELETE FROM r WHERE k IS NULL;
SELECT COUNT(*) FROM r WHERE k IS NULL;
DELETE FROM r WHERE s = 'HEN' OR s = 'ibis' ORDER BY id LIMIT 3;
SELECT id, s FROM r WHERE s IN ('hen', 'ibis') ORDER BY id;
-- in a transaction: the rows are read under their locks through the index
BEGIN;
UPDATE r SET k = 300 WHERE k BETWEEN 14 AND 16 OR k = 22;
SELECT id, k FROM r WHERE k = 300 ORDER BY id;
DELETE FROM r WHERE k = 300 AND v > 50;
SELECT id, k, v FROM r WHERE k = 300 ORDER BY id;
ROLLBACK;
SELECT COUNT(*) FROM r WHERE k = 300;
SELECT id, k FROM r WHERE k BETWEEN 14 AND 16 OR k = 22 ORDER BY id;
BEGIN;
UPDATE r SET k = 301 WHERE k IN (30, 31);
DELETE FROM r WHERE id = 2 OR k = 301;
COMMIT;
SELECT COUNT(*) FROM r WHERE k IN (30, 31, 301) OR id = 2;
-- every read again after the writes: through the index and without it
SELECT id, k FROM r WHERE k BETWEEN 0 AND 10 OR k BETWEEN 40 AND 49 ORDER BY id;
SELECT id, k FROM r WHERE k + 0 BETWEEN 0 AND 10 OR k + 0 BETWEEN 40 AND 49 ORDER BY id;
SELECT COUNT(k), COUNT(*) FROM r WHERE k >= 0;
SELECT COUNT(*) FROM r;
SELECT id, g, k FROM r WHERE g IS NULL OR g = 'z' ORDER BY id;
SELECT id, u FROM r WHERE u IS NOT NULL AND (u < 1010 OR u > 1230) ORDER BY id;
