-- DELETE of one row by its primary key, and UPDATE / DELETE by key mixed in transactions: the UpdateServer
-- evaluates these itself (MergeServer UpsEvaluatedUpdate.TryDeleteAsync, delete_row), deleting the row and
-- every index row of it, and falls back to the ordinary read-then-write for everything it does not take.
-- Affected rows = rows deleted.
CREATE TABLE d (id INT PRIMARY KEY, k INT NOT NULL DEFAULT 0, u INT, c CHAR(10), v VARCHAR(8), x TEXT, KEY k_1 (k), UNIQUE KEY u_1 (u), KEY cv (c, v));
INSERT INTO d VALUES (1, 10, 1, 'a', 'aa', 'x1'), (2, 20, 2, 'b', 'bb', NULL), (3, 30, NULL, NULL, NULL, 'z'), (4, 40, 4, 'd', 'dd', 'x4'), (5, 50, 5, 'e', 'ee', 'x5'), (6, 60, 6, 'f', 'ff', 'x6');
DELETE FROM d WHERE id = 1;
DELETE FROM d WHERE id = 1;
DELETE FROM d WHERE id = 999;
DELETE FROM d WHERE 3 = id;
SELECT * FROM d ORDER BY id;
SELECT id FROM d WHERE k = 10 OR k = 30;
SELECT id FROM d WHERE u IS NULL;
SELECT id FROM d WHERE c = 'a' AND v = 'aa';
-- The freed keys and unique values are free again.
INSERT INTO d VALUES (1, 11, 1, 'a', 'aa', 'again');
INSERT INTO d VALUES (3, 31, 3, NULL, NULL, NULL);
SELECT * FROM d ORDER BY id;
-- Not taken by the UpdateServer (a filter beyond the key, ORDER BY, LIMIT, a range): the same answers.
DELETE FROM d WHERE id = 2 AND k = 99;
DELETE FROM d WHERE id = 2 AND k = 20;
DELETE FROM d WHERE id = 4 LIMIT 1;
DELETE FROM d WHERE id = 5 ORDER BY id;
DELETE FROM d WHERE id IN (6, 7);
DELETE FROM d WHERE id = '1';
DELETE FROM d WHERE id = 1.0;
DELETE FROM d WHERE id = 3.5;
DELETE FROM d WHERE id = NULL;
SELECT * FROM d ORDER BY id;
SELECT COUNT(*) FROM d WHERE k >= 0;
-- In a transaction: its own writes are what a later statement of it sees.
INSERT INTO d VALUES (10, 100, 10, 'j', 'jj', NULL), (11, 110, 11, 'k', 'kk', NULL), (12, 120, 12, 'l', 'll', NULL);
BEGIN;
UPDATE d SET k = k + 1 WHERE id = 10;
DELETE FROM d WHERE id = 10;
UPDATE d SET k = k + 1 WHERE id = 10;
DELETE FROM d WHERE id = 10;
INSERT INTO d VALUES (10, 101, 10, 'j2', NULL, NULL);
UPDATE d SET k = k + 1 WHERE id = 10;
DELETE FROM d WHERE id = 11;
SELECT * FROM d WHERE id >= 10 ORDER BY id;
ROLLBACK;
SELECT * FROM d WHERE id >= 10 ORDER BY id;
BEGIN;
DELETE FROM d WHERE id = 11;
INSERT INTO d VALUES (11, 111, 11, 'k2', 'kk2', 'new');
UPDATE d SET u = 99 WHERE id = 12;
DELETE FROM d WHERE id = 12;
INSERT INTO d VALUES (13, 130, 99, NULL, NULL, NULL);
COMMIT;
SELECT * FROM d ORDER BY id;
SELECT id FROM d WHERE u = 99;
SELECT id FROM d WHERE k BETWEEN 100 AND 200 ORDER BY id;
-- Autocommit deletes and updates after the transaction.
UPDATE d SET k = k + 5 WHERE id = 13;
DELETE FROM d WHERE id = 13;
UPDATE d SET k = k + 5 WHERE id = 13;
INSERT INTO d VALUES (13, 0, 99, 'm', 'mm', NULL);
SELECT * FROM d ORDER BY id;
-- A table without secondary indexes, and one whose primary key is two integer columns.
CREATE TABLE p (id BIGINT PRIMARY KEY, v VARCHAR(5));
INSERT INTO p VALUES (-1, 'm'), (0, 'z'), (9223372036854775807, 'max');
DELETE FROM p WHERE id = -1;
DELETE FROM p WHERE id = 9223372036854775807;
DELETE FROM p WHERE id = 9223372036854775808;
SELECT * FROM p ORDER BY id;
CREATE TABLE q (a INT, b INT, v INT, PRIMARY KEY (a, b), KEY vk (v));
INSERT INTO q VALUES (1, 1, 10), (1, 2, 20), (2, 1, 30);
DELETE FROM q WHERE a = 1 AND b = 2;
DELETE FROM q WHERE b = 1 AND a = 2;
DELETE FROM q WHERE a = 1 AND b = 2;
SELECT * FROM q ORDER BY a, b;
SELECT a, b FROM q WHERE v = 20;
