-- UPDATE of one row by its primary key in autocommit: the UpdateServer evaluates these itself
-- (MergeServer UpsEvaluatedUpdate) when the table's rows are all in the UpdateServer, and falls back to
-- the ordinary read-then-write for everything it does not take. Affected rows = changed rows.
CREATE TABLE u (id INT PRIMARY KEY, k INT NOT NULL DEFAULT 0, n INT, t TINYINT, b BIGINT, c CHAR(10), v VARCHAR(5), x TEXT, KEY k_1 (k));
INSERT INTO u VALUES (1, 10, NULL, 1, 100, 'a', 'aa', 'xx'), (2, 20, 5, 127, 9223372036854775806, 'b', 'bb', NULL), (3, 30, 7, -128, -9223372036854775807, NULL, NULL, 'z');
UPDATE u SET k = k + 1 WHERE id = 1;
SELECT * FROM u ORDER BY id;
UPDATE u SET k = k + 1 WHERE id = 999;
UPDATE u SET k = k - 0 WHERE id = 1;
UPDATE u SET k = 11 WHERE id = 1;
UPDATE u SET k = 12 WHERE id = 1;
UPDATE u SET c = 'hello' WHERE id = 2;
UPDATE u SET c = 'hello' WHERE id = 2;
UPDATE u SET c = 'HELLO' WHERE id = 2;
UPDATE u SET c = 'hello   ' WHERE id = 2;
UPDATE u SET v = 'abcde' WHERE id = 2;
UPDATE u SET v = 'abcdef' WHERE id = 2;
UPDATE u SET v = 'abcdef' WHERE id = 999;
UPDATE u SET v = 'abcd ' WHERE id = 2;
SELECT id, c, CONCAT('[', v, ']'), LENGTH(v) FROM u ORDER BY id;
UPDATE u SET n = n + 1 WHERE id = 1;
UPDATE u SET n = n + 1 WHERE id = 2;
UPDATE u SET n = NULL WHERE id = 2;
UPDATE u SET n = NULL WHERE id = 2;
UPDATE u SET k = NULL WHERE id = 2;
UPDATE u SET k = n + 1 WHERE id = 2;
UPDATE u SET x = NULL, v = NULL WHERE id = 1;
UPDATE u SET x = 'long text', v = 'x' WHERE id = 1;
SELECT * FROM u ORDER BY id;
-- Out of range: error, and nothing of the statement applied.
UPDATE u SET t = t + 1 WHERE id = 2;
UPDATE u SET k = k + 1, t = t + 1 WHERE id = 2;
UPDATE u SET t = t - 1 WHERE id = 3;
UPDATE u SET b = b + 1 WHERE id = 2;
UPDATE u SET b = b + 1 WHERE id = 2;
UPDATE u SET b = b - 10 WHERE id = 3;
UPDATE u SET t = 300 WHERE id = 1;
UPDATE u SET t = 300 WHERE id = 999;
SELECT * FROM u ORDER BY id;
-- Left to right: each assignment sees the earlier ones.
UPDATE u SET k = k + 5, n = k + 1, k = k - 1 WHERE id = 3;
UPDATE u SET n = 100, k = n - 1 WHERE id = 1;
SELECT * FROM u ORDER BY id;
-- The index is right afterwards.
SELECT id, k FROM u WHERE k = 34;
SELECT id, k FROM u WHERE k = 30;
SELECT id, k FROM u WHERE k BETWEEN 0 AND 1000 ORDER BY k;
-- Key given as a string, a decimal, reversed, with an extra condition: the ordinary path, same results.
UPDATE u SET k = k + 1 WHERE id = '1';
UPDATE u SET k = k + 1 WHERE 1 = id;
UPDATE u SET k = k + 1 WHERE id = 1.0;
UPDATE u SET k = k + 1 WHERE id = 1 AND k = 0;
UPDATE u SET k = k + 1 WHERE id = 1 AND n = 100;
SELECT id, k, n FROM u ORDER BY id;
-- UNIQUE: a taken value is 1062 naming the key, nothing applied; NULLs do not collide.
CREATE TABLE w (id INT PRIMARY KEY, a INT, s VARCHAR(8), UNIQUE KEY ua (a), UNIQUE KEY us (s));
INSERT INTO w VALUES (1, 1, 'one'), (2, 2, 'two'), (3, NULL, NULL), (4, NULL, NULL);
UPDATE w SET a = 2 WHERE id = 1;
UPDATE w SET a = a + 1 WHERE id = 1;
UPDATE w SET s = 'TWO' WHERE id = 1;
UPDATE w SET s = 'three' WHERE id = 1;
UPDATE w SET a = 5, s = 'two' WHERE id = 1;
SELECT * FROM w ORDER BY id;
UPDATE w SET a = NULL WHERE id = 2;
UPDATE w SET a = 2 WHERE id = 1;
UPDATE w SET a = a + 1 WHERE id = 1;
UPDATE w SET s = NULL WHERE id = 3;
UPDATE w SET s = 'x' WHERE id = 3;
UPDATE w SET s = 'x' WHERE id = 4;
SELECT * FROM w ORDER BY id;
SELECT id FROM w WHERE a = 3;
SELECT id FROM w WHERE s = 'x';
-- A two-column primary key.
CREATE TABLE p (a INT, b BIGINT, q INT, PRIMARY KEY (a, b), KEY qk (q, a));
INSERT INTO p VALUES (1, 1, 1), (1, 2, 2), (2, 1, 3);
UPDATE p SET q = q * 2 WHERE a = 1 AND b = 2;
UPDATE p SET q = q + 10 WHERE b = 2 AND a = 1;
UPDATE p SET q = q + 10 WHERE a = 1;
UPDATE p SET q = 7 WHERE a = 2 AND b = 1;
SELECT * FROM p ORDER BY a, b;
SELECT a, b FROM p WHERE q = 7;
-- DEFAULT, IGNORE, LIMIT and key changes go the ordinary way.
UPDATE u SET k = DEFAULT WHERE id = 1;
UPDATE IGNORE u SET t = 1000 WHERE id = 1;
UPDATE u SET k = k + 1 WHERE id = 1 LIMIT 1;
UPDATE u SET id = 10 WHERE id = 1;
SELECT * FROM u ORDER BY id;
-- In a transaction: the ordinary way too, and a rollback takes it back.
BEGIN;
UPDATE u SET k = k + 1 WHERE id = 2;
SELECT id, k FROM u WHERE id = 2;
ROLLBACK;
SELECT id, k FROM u WHERE id = 2;
SELECT id, k FROM u WHERE k = 22;
-- In a transaction the UpdateServer evaluates it as a statement of the transaction: its own earlier
-- writes are seen, a UNIQUE collision is 1062, and COMMIT keeps it all.
BEGIN;
UPDATE u SET k = k + 1 WHERE id = 2;
UPDATE u SET k = k + 1 WHERE id = 2;
UPDATE u SET k = k + 0 WHERE id = 2;
UPDATE u SET n = k + 100 WHERE id = 2;
UPDATE u SET t = t + 1 WHERE id = 2;
SELECT id, k, n, t FROM u WHERE id = 2;
UPDATE w SET a = 2 WHERE id = 1;
UPDATE w SET a = 9 WHERE id = 1;
UPDATE w SET a = a + 1 WHERE id = 2;
COMMIT;
SELECT id, k, n, t FROM u ORDER BY id;
SELECT * FROM w ORDER BY id;
SELECT id FROM u WHERE k = 23;
SELECT id FROM w WHERE a = 9;
-- A transaction's first write carries its BEGIN to the UpdateServer: when that write fails (1062, or a
-- value out of range) nothing is left of it, the next write begins the transaction again, and ROLLBACK or
-- COMMIT decides that one.
BEGIN;
INSERT INTO u VALUES (1, 0, NULL, 0, 0, NULL, NULL, NULL);
UPDATE u SET k = k + 5 WHERE id = 3;
SELECT id, k FROM u WHERE id = 3;
ROLLBACK;
SELECT id, k FROM u WHERE id = 3;
BEGIN;
UPDATE u SET t = t - 1 WHERE id = 3;
INSERT INTO u VALUES (4, 40, NULL, 0, 0, 'd', 'dd', NULL);
COMMIT;
SELECT id, k, t FROM u ORDER BY id;
