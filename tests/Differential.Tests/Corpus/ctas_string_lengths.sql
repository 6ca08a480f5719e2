-- CREATE TABLE ... SELECT (and result-set metadata) of string functions whose length MariaDB derives from
-- their arguments: ELT, BIN / OCT / CONV, DAYNAME / MONTHNAME, TO_BASE64 / FROM_BASE64, SUBSTRING_INDEX,
-- REGEXP_REPLACE / REGEXP_SUBSTR, JSON_ARRAY / JSON_OBJECT; IF / IFNULL / COALESCE / CASE over TEXT columns,
-- whose type (TEXT, MEDIUMTEXT, LONGTEXT) follows the longest branch; strings over 512 characters are TEXT.
CREATE TABLE s (id INT PRIMARY KEY, v VARCHAR(10), c CHAR(5), t TEXT, tt TINYTEXT, mt MEDIUMTEXT, lt LONGTEXT, n INT, d DATE, b VARBINARY(7), j JSON, big VARCHAR(16000));
INSERT INTO s VALUES (1, 'abc', 'xy', 'text', 'tiny', 'medium', 'long', 65, '2024-05-06', 'bin', '{"a": [1, 2]}', 'big');
CREATE TABLE c1 AS SELECT ELT(1, 'a', 'bcd') AS e, ELT(n, v, c) AS f, ELT(2, v, t) AS g, ELT(1, c, tt) AS h FROM s;
SHOW CREATE TABLE c1;
SELECT * FROM c1;
CREATE TABLE c2 AS SELECT BIN(n) AS c, OCT(n) AS d, CONV(n, 10, 16) AS e, CONV(v, 16, 2) AS f, DAYNAME(d) AS g, MONTHNAME(d) AS h FROM s;
SHOW CREATE TABLE c2;
SELECT * FROM c2;
CREATE TABLE c3 AS SELECT TO_BASE64(v) AS a, FROM_BASE64(TO_BASE64(v)) AS b, TO_BASE64(t) AS c, SUBSTRING_INDEX(v, 'b', 1) AS d, SUBSTRING_INDEX(t, 'x', -1) AS e, REGEXP_REPLACE(v, 'b', 'XX') AS f, REGEXP_SUBSTR(v, 'b+') AS g, REGEXP_REPLACE(c, 'x', v) AS h FROM s;
SHOW CREATE TABLE c3;
SELECT * FROM c3;
CREATE TABLE c4 AS SELECT JSON_ARRAY(v) AS a, JSON_OBJECT('kk', v) AS b, JSON_ARRAY(v, v) AS c, JSON_ARRAY('abc') AS d, JSON_ARRAY(n) AS e, JSON_ARRAY(c) AS f, JSON_OBJECT(v, n) AS g, JSON_ARRAY(t) AS h FROM s;
SHOW CREATE TABLE c4;
SELECT * FROM c4;
-- IF / IFNULL / COALESCE / CASE / NULLIF over TEXT columns of every size
CREATE TABLE c6 AS SELECT IF(id > 0, t, v) AS a, IF(id > 0, tt, v) AS b, IF(id > 0, mt, v) AS c, IF(id > 0, lt, t) AS d, IFNULL(t, 'x') AS e, IFNULL(tt, t) AS f, COALESCE(t, v) AS g, COALESCE(tt, c) AS h FROM s;
SHOW CREATE TABLE c6;
SELECT * FROM c6;
CREATE TABLE c7 AS SELECT CASE WHEN id = 1 THEN t ELSE v END AS a, CASE id WHEN 1 THEN tt ELSE 'zz' END AS b, CASE WHEN id = 1 THEN mt END AS c, NULLIF(t, 'x') AS d, COALESCE(mt, lt) AS e, IF(id > 0, big, v) AS f, IF(id > 0, tt, big) AS g, COALESCE(tt, tt) AS h, IF(id > 0, b, t) AS k FROM s;
SHOW CREATE TABLE c7;
SELECT * FROM c7;
CREATE TABLE c8 AS SELECT GREATEST(t, v) AS a, LEAST(tt, c) AS b, IF(id > 0, t, n) AS c, COALESCE(t, d) AS e, IFNULL(NULL, t) AS f, IF(id > 0, NULL, tt) AS g FROM s;
SHOW CREATE TABLE c8;
SELECT * FROM c8;
CREATE TABLE c9 AS SELECT REPEAT('a', 1000) AS a, CONCAT(big, '') AS b, IF(id > 0, big, 'x') AS d, LEFT(big, 600) AS e, COALESCE(big, v) AS f, IF(id > 0, v, 'x') AS g, ELT(1, big, v) AS h, SUBSTRING_INDEX(big, 'x', 1) AS k, REPEAT('a', 512) AS l, REPEAT(b, 100) AS m FROM s;
SHOW CREATE TABLE c9;
SELECT a = REPEAT('a', 1000), b, d, e, f, g, h, k, LENGTH(l), HEX(m) FROM c9;
-- CHAR(n, ...): each n's bytes (big-endian, no leading zeros), NULLs skipped; USING a character set reads them as text
SELECT HEX(CHAR(65)), HEX(CHAR(65, 66, 67)), HEX(CHAR(256)), HEX(CHAR(0)), HEX(CHAR(1, NULL, 2)), HEX(CHAR(65536 + 66)), HEX(CHAR('65')), CHAR(NULL) IS NULL;
SELECT CHAR(72, 105 USING utf8mb4), CHAR(0xC3, 0xA9 USING utf8mb4), CHAR(77, 121, 83, 81, 76 USING utf8), HEX(CHAR(65 USING binary)), CHAR(n USING utf8mb4) FROM s;
CREATE TABLE c10 AS SELECT CHAR(65) AS a, CHAR(65, 66, 67) AS b, CHAR(n) AS c, CHAR(n, n USING utf8mb4) AS d FROM s;
SHOW CREATE TABLE c10;
SELECT HEX(a), HEX(b), HEX(c), d FROM c10;
SELECT id FROM s WHERE CHAR(n USING utf8mb4) = 'A';
-- JSON results: utf8mb4_bin text
CREATE TABLE c11 AS SELECT JSON_EXTRACT(j, '$.a') AS c, JSON_UNQUOTE(v) AS d, JSON_QUOTE(v) AS e, JSON_KEYS(j) AS f, JSON_SET(j, '$.b', v) AS h FROM s;
SHOW CREATE TABLE c11;
SELECT * FROM c11;
CREATE TABLE c12 AS SELECT JSON_INSERT(j, '$.b', 1) AS a, JSON_REPLACE(j, '$.a', 2) AS b, JSON_REMOVE(j, '$.a') AS c, JSON_ARRAY_APPEND(j, '$.a', 3) AS d, JSON_MERGE(j, j) AS e, JSON_MERGE_PRESERVE(j, '[1]') AS f FROM s;
SHOW CREATE TABLE c12;
SELECT * FROM c12;
SELECT c FROM c11 WHERE d = 'ABC';
CREATE TABLE c13 AS SELECT JSON_ARRAY(1) AS a, JSON_ARRAY(12) AS b, JSON_ARRAY(123456) AS c, JSON_ARRAY(1.5) AS d, JSON_ARRAY(-1) AS e, JSON_ARRAY(n + 0) AS f, JSON_ARRAY(d) AS g, JSON_OBJECT('k', n) AS h, JSON_OBJECT('k', 1) AS i, JSON_OBJECT(v, c, 'x', n) AS k, JSON_ARRAY(1, v) AS l, JSON_ARRAY(TRUE, n > 1) AS m, JSON_OBJECT('b', FALSE) AS o FROM s;
SHOW CREATE TABLE c13;
SELECT * FROM c13;
