-- Bytes that are not UTF-8 going into a utf8mb4 column: strict mode refuses them with 1366 (binary
-- strings written as X'..' here; raw bytes inside a quoted literal are tested in MergeServer.Tests,
-- BinaryStringTests). Binary columns keep any bytes; valid UTF-8 goes in as text.
CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20), b VARBINARY(20), l TEXT) DEFAULT CHARSET=utf8mb4;
INSERT INTO t VALUES (1, 'a', X'61FFFE62', 'x');
INSERT INTO t (id, s) VALUES (2, X'FF');
INSERT INTO t (id, s) VALUES (3, CONCAT('x', X'FF'));
INSERT INTO t (id, l) VALUES (4, X'E282');
INSERT INTO t (id, s) VALUES (5, 'ok'), (6, X'C328');
INSERT INTO t (id, s) VALUES (7, X'E282AC');
UPDATE t SET s = X'FF' WHERE id = 1;
INSERT IGNORE INTO t (id, s) VALUES (8, X'71FFFE71');
SELECT id, HEX(s), HEX(b), HEX(l) FROM t ORDER BY id;
CREATE TABLE t2 (id INT PRIMARY KEY, b VARBINARY(20));
INSERT INTO t2 VALUES (1, X'61FF62'), (2, X'6869');
ALTER TABLE t2 MODIFY b VARCHAR(20);
SELECT id, HEX(b) FROM t2 ORDER BY id;
