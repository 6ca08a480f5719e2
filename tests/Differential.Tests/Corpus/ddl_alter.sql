-- DDL: ALTER TABLE column and table actions, RENAME TABLE, TRUNCATE, CREATE TABLE LIKE / AS SELECT,
-- tables without a primary key, CURRENT_TIMESTAMP defaults, CHECK constraints, FOREIGN KEYs, table
-- options; SHOW CREATE TABLE and DESCRIBE after each change.

-- A table with data, then ADD COLUMN: old rows read the new column's default.
CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, qty INT DEFAULT 0);
INSERT INTO t VALUES (1, 'apple', 3), (2, 'pear', 5), (3, 'plum', NULL);
ALTER TABLE t ADD COLUMN price DECIMAL(6,2) DEFAULT 9.50;
SELECT id, name, qty, price FROM t ORDER BY id;
SHOW CREATE TABLE t;
DESCRIBE t;
ALTER TABLE t ADD note VARCHAR(10) NOT NULL;
SELECT id, note, note = '' FROM t ORDER BY id;
ALTER TABLE t ADD COLUMN n2 INT NOT NULL;
SELECT id, n2 FROM t ORDER BY id;
ALTER TABLE t ADD COLUMN first_col CHAR(2) DEFAULT 'zz' FIRST;
ALTER TABLE t ADD COLUMN after_id INT DEFAULT 42 AFTER id;
SELECT * FROM t ORDER BY id;
SHOW CREATE TABLE t;
DESCRIBE t;
INSERT INTO t (id, name) VALUES (4, 'fig');
SELECT * FROM t ORDER BY id;
INSERT INTO t (id, name, after_id, price, note, n2) VALUES (5, 'kiwi', NULL, NULL, 'n', 7);
SELECT * FROM t WHERE id >= 4 ORDER BY id;
SELECT id FROM t WHERE after_id = 42 ORDER BY id;
SELECT id FROM t WHERE price > 9 ORDER BY id;
SELECT COUNT(*), SUM(after_id), SUM(price) FROM t;
UPDATE t SET price = price + 1 WHERE id = 1;
SELECT id, price FROM t ORDER BY id;
-- Errors of ADD COLUMN.
ALTER TABLE t ADD COLUMN name INT;
ALTER TABLE t ADD COLUMN c9 INT AFTER nosuch;
ALTER TABLE nosuch ADD COLUMN c INT;
ALTER TABLE t ADD COLUMN id2 INT PRIMARY KEY;
ALTER TABLE t ADD PRIMARY KEY (qty);
ALTER TABLE t ADD COLUMN auto2 INT AUTO_INCREMENT;

-- DROP COLUMN: the column is gone, the others keep their values.
ALTER TABLE t DROP COLUMN first_col;
ALTER TABLE t DROP n2;
SELECT * FROM t ORDER BY id;
SHOW CREATE TABLE t;
ALTER TABLE t DROP COLUMN nosuch;
ALTER TABLE t DROP COLUMN IF EXISTS nosuch;
SELECT * FROM t ORDER BY id;
-- A dropped column's name can be added again: it starts empty, with its new default.
ALTER TABLE t ADD COLUMN note2 INT DEFAULT 1;
ALTER TABLE t DROP COLUMN note2;
ALTER TABLE t ADD COLUMN note2 VARCHAR(5) DEFAULT 'new';
SELECT id, note2 FROM t ORDER BY id;
DESCRIBE t;

-- MODIFY / CHANGE: types convert; data that does not fit is refused.
CREATE TABLE m (id INT PRIMARY KEY, v VARCHAR(10), n INT, s VARCHAR(10));
INSERT INTO m VALUES (1, 'abcdef', 300, '12'), (2, NULL, -5, 'x');
ALTER TABLE m MODIFY v VARCHAR(3);
ALTER TABLE m MODIFY n TINYINT;
ALTER TABLE m MODIFY n TINYINT UNSIGNED;
ALTER TABLE m MODIFY s INT;
ALTER TABLE m MODIFY v VARCHAR(10) NOT NULL;
ALTER TABLE m MODIFY n DECIMAL(3,1);
SHOW CREATE TABLE m;
ALTER TABLE m MODIFY v VARCHAR(20);
ALTER TABLE m MODIFY n BIGINT;
SELECT * FROM m ORDER BY id;
DESCRIBE m;
ALTER TABLE m MODIFY n VARCHAR(8);
SELECT id, n, CONCAT(n, '!') FROM m ORDER BY id;
SELECT id FROM m WHERE n = '300';
DESCRIBE m;
ALTER TABLE m MODIFY n INT;
SELECT id, n + 1 FROM m ORDER BY id;
ALTER TABLE m CHANGE s s_text VARCHAR(12) DEFAULT 'dflt';
SELECT * FROM m ORDER BY id;
INSERT INTO m (id) VALUES (3);
SELECT * FROM m ORDER BY id;
SHOW CREATE TABLE m;
ALTER TABLE m CHANGE nosuch x INT;
ALTER TABLE m MODIFY nosuch INT;
ALTER TABLE m CHANGE v n INT;
ALTER TABLE m MODIFY v VARCHAR(20) FIRST;
ALTER TABLE m CHANGE n num INT AFTER s_text;
SHOW CREATE TABLE m;
SELECT * FROM m ORDER BY id;
UPDATE m SET v = 'ok' WHERE v IS NULL;
ALTER TABLE m MODIFY v VARCHAR(20) NOT NULL;
DESCRIBE m;
INSERT INTO m (id, v) VALUES (4, NULL);
ALTER TABLE m MODIFY num DECIMAL(6,2);
SELECT * FROM m ORDER BY id;

-- RENAME COLUMN, ALTER COLUMN SET / DROP DEFAULT.
ALTER TABLE m RENAME COLUMN num TO amount;
ALTER TABLE m RENAME COLUMN nosuch TO x;
ALTER TABLE m RENAME COLUMN v TO s_text;
SELECT id, amount FROM m ORDER BY id;
ALTER TABLE m ALTER COLUMN amount SET DEFAULT 1.5;
ALTER TABLE m ALTER s_text DROP DEFAULT;
ALTER TABLE m ALTER COLUMN nosuch SET DEFAULT 1;
SHOW CREATE TABLE m;
INSERT INTO m (id, v) VALUES (5, 'five');
SELECT * FROM m ORDER BY id;
ALTER TABLE m ALTER COLUMN v DROP DEFAULT;
INSERT INTO m (id) VALUES (6);
DESCRIBE m;

-- Several actions in one ALTER; all or nothing.
ALTER TABLE m ADD COLUMN a1 INT DEFAULT 1, ADD COLUMN a2 INT DEFAULT 2 AFTER id, DROP COLUMN s_text, MODIFY amount DECIMAL(8,2);
SELECT * FROM m ORDER BY id;
SHOW CREATE TABLE m;
ALTER TABLE m ADD COLUMN a3 INT, DROP COLUMN nosuch;
ALTER TABLE m ADD COLUMN a4 INT, ADD COLUMN a4 INT;
DESCRIBE m;

-- Table options and RENAME TO.
ALTER TABLE m COMMENT = 'measures';
SHOW CREATE TABLE m;
ALTER TABLE m ENGINE = InnoDB, COMMENT 'changed';
SHOW CREATE TABLE m;
SELECT table_name, table_comment FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'm';
ALTER TABLE m RENAME TO m2;
SELECT COUNT(*) FROM m;
SELECT COUNT(*) FROM m2;
ALTER TABLE m2 RENAME AS t;
ALTER TABLE m2 RENAME TO m3, ADD COLUMN r INT DEFAULT 3;
SELECT id, r FROM m3 ORDER BY id;
ALTER TABLE m3 ENGINE = NoSuchEngine;

-- RENAME TABLE: several pairs, a swap, across databases.
CREATE TABLE ra (a INT PRIMARY KEY);
CREATE TABLE rb (b INT PRIMARY KEY);
INSERT INTO ra VALUES (1);
INSERT INTO rb VALUES (2);
RENAME TABLE ra TO tmp, rb TO ra, tmp TO rb;
SELECT * FROM ra;
SELECT * FROM rb;
RENAME TABLE ra TO rc, nosuch TO rd;
SHOW TABLES LIKE 'r%';
RENAME TABLE ra TO rb;
RENAME TABLE nosuch TO x;
CREATE DATABASE ddl_alter_other;
RENAME TABLE ra TO ddl_alter_other.ra_moved;
SELECT * FROM ddl_alter_other.ra_moved;
SHOW TABLES LIKE 'r%';
RENAME TABLE ddl_alter_other.ra_moved TO ra;
DROP DATABASE ddl_alter_other;
SELECT * FROM ra;

-- TRUNCATE TABLE empties the table and restarts AUTO_INCREMENT.
CREATE TABLE ai (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5));
INSERT INTO ai (v) VALUES ('a'), ('b'), ('c');
SELECT * FROM ai ORDER BY id;
TRUNCATE TABLE ai;
SELECT COUNT(*) FROM ai;
INSERT INTO ai (v) VALUES ('d');
SELECT * FROM ai ORDER BY id;
TRUNCATE ai;
TRUNCATE TABLE nosuch;
CREATE TABLE ai2 (id INT AUTO_INCREMENT PRIMARY KEY, v INT) AUTO_INCREMENT = 100;
SHOW CREATE TABLE ai2;
INSERT INTO ai2 (v) VALUES (1), (2);
SELECT * FROM ai2 ORDER BY id;

-- CREATE TABLE ... LIKE and ... AS SELECT.
CREATE TABLE src (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL DEFAULT 'q', n DECIMAL(5,2), d DATETIME);
INSERT INTO src VALUES (1, 'a', 1.5, '2024-01-01 10:00:00'), (2, 'b', NULL, NULL);
CREATE TABLE c3 LIKE src;
SHOW CREATE TABLE c3;
SELECT COUNT(*) FROM c3;
CREATE TABLE c3 LIKE src;
CREATE TABLE c5 LIKE nosuch;
CREATE TABLE c1 AS SELECT * FROM src;
SHOW CREATE TABLE c1;
SELECT * FROM c1 ORDER BY id;
CREATE TABLE c2 (id INT PRIMARY KEY, extra INT DEFAULT 7) SELECT id, v FROM src;
SHOW CREATE TABLE c2;
SELECT * FROM c2 ORDER BY id;
CREATE TABLE c1 SELECT 1;
CREATE TABLE c6 (id INT PRIMARY KEY) SELECT 1 AS id UNION ALL SELECT 1;
SHOW TABLES LIKE 'c%';
CREATE TABLE c7 SELECT id, v FROM src WHERE id > 5;
SELECT COUNT(*) FROM c7;
CREATE TABLE c8 AS SELECT v, n FROM src WHERE id = 1;
SELECT * FROM c8;
DESCRIBE c8;

-- Tables without a PRIMARY KEY: a hidden rowkey, duplicates allowed, nothing shown.
CREATE TABLE nopk (a INT, b VARCHAR(5));
INSERT INTO nopk VALUES (1, 'x'), (1, 'x'), (2, 'y');
SELECT * FROM nopk ORDER BY a, b;
SELECT COUNT(*) FROM nopk;
DESCRIBE nopk;
SHOW CREATE TABLE nopk;
SELECT column_name, ordinal_position FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'nopk' ORDER BY ordinal_position;
SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND table_name = 'nopk';
UPDATE nopk SET b = 'z' WHERE a = 1;
SELECT * FROM nopk ORDER BY a, b;
DELETE FROM nopk WHERE a = 2;
SELECT * FROM nopk ORDER BY a, b;
ALTER TABLE nopk ADD COLUMN c INT DEFAULT 5;
SELECT * FROM nopk ORDER BY a;
INSERT INTO nopk (a) VALUES (9);
SELECT * FROM nopk ORDER BY a;
SELECT t1.a, t2.a FROM nopk t1 JOIN nopk t2 ON t1.a = t2.a WHERE t1.a = 9;
SELECT * FROM nopk t1, ra WHERE t1.a = 9;

-- DEFAULT CURRENT_TIMESTAMP and ON UPDATE CURRENT_TIMESTAMP.
CREATE TABLE ts (id INT PRIMARY KEY, v INT, created DATETIME DEFAULT CURRENT_TIMESTAMP, updated TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), touched DATETIME(6) ON UPDATE CURRENT_TIMESTAMP(6));
SHOW CREATE TABLE ts;
DESCRIBE ts;
INSERT INTO ts (id, v) VALUES (1, 1);
SELECT id, created IS NOT NULL, updated IS NOT NULL, touched IS NULL FROM ts;
UPDATE ts SET updated = '2000-01-01 00:00:00', created = '2000-01-01 00:00:00' WHERE id = 1;
SELECT id, created, updated = '2000-01-01 00:00:00' FROM ts;
UPDATE ts SET v = 2 WHERE id = 1;
SELECT id, created, updated > '2001-01-01', touched > '2001-01-01' FROM ts;
UPDATE ts SET v = 2 WHERE id = 1;
SELECT column_name, column_default, extra FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'ts' ORDER BY ordinal_position;
CREATE TABLE bad_ts (id INT PRIMARY KEY, v INT ON UPDATE CURRENT_TIMESTAMP);
ALTER TABLE ts ADD COLUMN added DATETIME DEFAULT CURRENT_TIMESTAMP;
SELECT id, added IS NOT NULL FROM ts;

-- CHECK constraints: column and table level, named and unnamed, enforced on INSERT and UPDATE.
CREATE TABLE ck (a INT CHECK (a > 0), b INT, CHECK (b > a), CHECK (b < 100), CONSTRAINT named CHECK (a <> 5));
SHOW CREATE TABLE ck;
INSERT INTO ck VALUES (1, 2);
INSERT INTO ck VALUES (NULL, NULL);
INSERT INTO ck VALUES (0, 2);
INSERT INTO ck VALUES (2, 1);
INSERT INTO ck VALUES (5, 6);
INSERT INTO ck VALUES (3, 100);
UPDATE ck SET a = 5 WHERE a = 1;
UPDATE ck SET b = 50 WHERE a = 1;
SELECT * FROM ck ORDER BY a;
SELECT constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND table_name = 'ck' ORDER BY constraint_name;
SELECT constraint_name, level, check_clause FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() AND table_name = 'ck' ORDER BY constraint_name;
ALTER TABLE ck ADD CONSTRAINT small_b CHECK (b < 10);
ALTER TABLE ck ADD CONSTRAINT small_b CHECK (b < 60);
INSERT INTO ck VALUES (2, 70);
ALTER TABLE ck DROP CONSTRAINT small_b;
INSERT INTO ck VALUES (2, 70);
ALTER TABLE ck DROP CONSTRAINT named;
INSERT INTO ck VALUES (5, 6);
ALTER TABLE ck DROP CONSTRAINT nosuch;
ALTER TABLE ck ADD CHECK (a < 1000);
SHOW CREATE TABLE ck;
CREATE TABLE ck2 (a INT, CHECK (nosuch > 0));
CREATE TABLE ck3 (id INT PRIMARY KEY, price DECIMAL(6,2), CONSTRAINT positive CHECK (price >= 0));
INSERT INTO ck3 VALUES (1, -1);
INSERT INTO ck3 VALUES (1, 2.5);
SELECT * FROM ck3;

-- FOREIGN KEYs: accepted, recorded, shown (not enforced here: no statement below relies on enforcement).
CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(10));
CREATE TABLE child (id INT PRIMARY KEY, pid INT, CONSTRAINT fk_parent FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE);
SHOW CREATE TABLE child;
DESCRIBE child;
CREATE TABLE child2 (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES parent (id) ON UPDATE SET NULL ON DELETE RESTRICT);
SHOW CREATE TABLE child2;
CREATE TABLE child3 (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES nosuch (id));
CREATE TABLE child3 (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES parent (nosuch));
SELECT constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND table_name LIKE 'child%' ORDER BY table_name, constraint_name;
SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint, referenced_table_name, referenced_column_name FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND table_name LIKE 'child%' ORDER BY table_name, constraint_name;
SELECT constraint_name, unique_constraint_name, match_option, update_rule, delete_rule, table_name, referenced_table_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() ORDER BY constraint_name;
ALTER TABLE child DROP FOREIGN KEY nosuch;
ALTER TABLE child2 DROP FOREIGN KEY child2_ibfk_1;
SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE();
CREATE TABLE self_ref (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_self FOREIGN KEY (parent_id) REFERENCES self_ref (id));
SHOW CREATE TABLE self_ref;

-- Tables with indexes: columns added and changed around them, renamed, truncated, copied.
CREATE TABLE ix (id INT PRIMARY KEY, a INT, b VARCHAR(10), UNIQUE KEY ua (a), KEY kb (b));
INSERT INTO ix VALUES (1, 10, 'x'), (2, 20, 'y');
ALTER TABLE ix ADD COLUMN c INT DEFAULT 3 FIRST;
SHOW CREATE TABLE ix;
DESCRIBE ix;
SELECT * FROM ix WHERE a = 20;
SELECT * FROM ix WHERE b = 'x';
ALTER TABLE ix MODIFY b VARCHAR(20);
ALTER TABLE ix CHANGE b bb VARCHAR(20);
SHOW CREATE TABLE ix;
SELECT id FROM ix WHERE bb = 'y';
INSERT INTO ix (id, a, bb) VALUES (3, 10, 'z');
ALTER TABLE ix ADD COLUMN d INT DEFAULT 4, ADD INDEX kd (d);
SHOW CREATE TABLE ix;
SELECT id, d FROM ix WHERE d = 4 ORDER BY id;
RENAME TABLE ix TO ix2;
SELECT * FROM ix2 WHERE a = 10;
TRUNCATE TABLE ix2;
SELECT COUNT(*) FROM ix2 WHERE a = 10;
INSERT INTO ix2 (id, a, bb) VALUES (5, 10, 'x');
SELECT * FROM ix2 WHERE a = 10;
INSERT INTO ix2 (id, a, bb) VALUES (6, 10, 'x');
CREATE TABLE ix3 LIKE ix2;
SHOW CREATE TABLE ix3;
INSERT INTO ix3 SELECT * FROM ix2;
SELECT * FROM ix3 WHERE bb = 'x';
CREATE TABLE fkix (id INT PRIMARY KEY, pid INT, KEY kp (pid), CONSTRAINT f1 FOREIGN KEY (pid) REFERENCES ix2 (id));
SHOW CREATE TABLE fkix;
CREATE TABLE ixsel (id INT PRIMARY KEY, UNIQUE KEY ua (a)) SELECT id, a FROM ix2;
SHOW CREATE TABLE ixsel;
SELECT * FROM ixsel WHERE a = 10;
DROP TABLE fkix, ix3, ixsel, ix2;

-- Table options at CREATE.
CREATE TABLE opts (id INT PRIMARY KEY) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin COMMENT = 'with options';
SHOW CREATE TABLE opts;
CREATE TABLE opts2 (id INT PRIMARY KEY, s VARCHAR(5)) ENGINE = MyISAM;
SHOW CREATE TABLE opts2;
CREATE TABLE opts3 (id INT PRIMARY KEY) ENGINE = NoSuchEngine;
CREATE TABLE cmt (id INT PRIMARY KEY COMMENT 'the key', v INT COMMENT 'it''s v');
SHOW CREATE TABLE cmt;
SELECT column_name, column_comment FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'cmt' ORDER BY ordinal_position;
CREATE TABLE dup (a INT, a INT);
CREATE TABLE twopk (a INT PRIMARY KEY, b INT PRIMARY KEY);
CREATE TABLE twoauto (a INT AUTO_INCREMENT, b INT AUTO_INCREMENT, PRIMARY KEY (a));
DROP TABLE t, m3, ra, rb, ai, ai2, src, c1, c2, c3, c7, c8, nopk, ts, ck, ck3, child, child2, self_ref, parent, opts, opts2, cmt;
SHOW TABLES;
