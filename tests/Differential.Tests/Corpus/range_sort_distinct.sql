-- sysbench oltp_read_only's four range shapes (issue 21) over strings that share long prefixes and differ
-- after them only by case, accents, trailing spaces, supplementary characters (emoji pairs that share their
-- first UTF-16 unit) or nothing, in utf8mb4_general_ci, utf8mb4_bin and binary columns: ORDER BY and
-- DISTINCT must compare and group them as MariaDB does wherever their first difference lies.
-- Owner: msrange.
CREATE TABLE sb (id INT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', b VARCHAR(40) COLLATE utf8mb4_bin, v VARBINARY(40)) DEFAULT CHARSET=utf8mb4;
INSERT INTO sb VALUES
  (1, 5, '68487932199-96439406143-93774651418', 'p1', 'prefix-abc', 'prefix-abc'),
  (2, 3, '68487932199-96439406143-93774651419', 'p2', 'prefix-ABC', 'prefix-ABC'),
  (3, 5, '68487932199-96439406143-93774651418', 'p3', 'prefix-abc ', 'prefix-abc '),
  (4, 9, '13241531885-45658403807-79170748828', 'p4', 'prefix-abd', 'prefix-abd'),
  (5, 1, 'common-prefix-then-Case', 'p5', 'common-prefix-then-case', 'common-prefix-then-case'),
  (6, 2, 'common-prefix-then-case', 'p6', 'common-prefix-then-Case', 'common-prefix-then-Case'),
  (7, 7, 'common-prefix-then-case  ', 'p7', 'common-prefix-then-case  ', 'common-prefix-then-case  '),
  (8, 4, 'common-prefix-then-cäse', 'p8', 'common-prefix-then-cäse', 'common-prefix-then-cäse'),
  (9, 6, 'common-prefix-then-cas', 'p9', 'common-prefix-then-cas', 'common-prefix-then-cas'),
  (10, 8, 'common-prefix-then-cas\t', 'p10', 'common-prefix-then-cas\t', 'common-prefix-then-cas\t'),
  (11, 2, 'emoji-😀-tail', 'p11', 'emoji-😀-tail', 'emoji-😀-tail'),
  (12, 3, 'emoji-😃-tail', 'p12', 'emoji-😃-tail', 'emoji-😃-tail'),
  (13, 1, 'emoji-😀-tail', 'p13', 'emoji-😀-tail', 'emoji-😀-tail'),
  (14, 5, 'emoji-a-tail', 'p14', 'emoji-a-tail', 'emoji-a-tail'),
  (15, 0, 'Straße-x', 'p15', 'Straße-x', 'Straße-x'),
  (16, 0, 'STRASSE-x', 'p16', 'STRASSE-x', 'STRASSE-x'),
  (17, 0, 'strase-x', 'p17', 'strase-x', 'strase-x'),
  (18, 0, '', 'p18', '', ''),
  (19, 0, ' ', 'p19', ' ', ' '),
  (20, 0, 'é', 'p20', 'é', 'é'),
  (21, 0, 'E', 'p21', 'E', 'E'),
  (22, 0, 'e', 'p22', NULL, NULL);
SELECT c FROM sb WHERE id BETWEEN 1 AND 22;
SELECT SUM(k) FROM sb WHERE id BETWEEN 1 AND 22;
SELECT SUM(k) FROM sb WHERE id BETWEEN 5 AND 14;
SELECT SUM(k) FROM sb WHERE id BETWEEN 30 AND 40;
SELECT c, id FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY c, id;
SELECT c, id FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY c DESC, id;
SELECT b, id FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY b, id;
SELECT b, id FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY b DESC, id DESC;
SELECT HEX(v), id FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY v, id;
SELECT UPPER(c) AS u, COUNT(*) FROM sb WHERE id BETWEEN 1 AND 22 GROUP BY c ORDER BY u;
SELECT COUNT(*) FROM (SELECT DISTINCT c FROM sb WHERE id BETWEEN 1 AND 22) AS t;
SELECT COUNT(*) FROM (SELECT DISTINCT b FROM sb WHERE id BETWEEN 1 AND 22) AS t;
SELECT COUNT(*) FROM (SELECT DISTINCT v FROM sb WHERE id BETWEEN 1 AND 22) AS t;
SELECT COUNT(DISTINCT c), COUNT(DISTINCT b), COUNT(DISTINCT v) FROM sb WHERE id BETWEEN 1 AND 22;
SELECT DISTINCT c FROM sb WHERE id BETWEEN 1 AND 4 ORDER BY c;
SELECT DISTINCT c FROM sb WHERE id BETWEEN 11 AND 14 ORDER BY c;
SELECT DISTINCT b FROM sb WHERE id BETWEEN 1 AND 14 ORDER BY b;
SELECT DISTINCT HEX(v) AS h FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY h;
SELECT DISTINCT b FROM sb WHERE id BETWEEN 18 AND 22 ORDER BY b;
SELECT DISTINCT k FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY k;
SELECT DISTINCT c, k FROM sb WHERE id BETWEEN 1 AND 14 ORDER BY c, k;
SELECT c FROM sb WHERE id BETWEEN 5 AND 10 ORDER BY c COLLATE utf8mb4_bin, id;
SELECT c FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY c, id LIMIT 5;
SELECT DISTINCT c FROM sb WHERE id BETWEEN 5 AND 9 AND c <> 'common-prefix-then-cäse' ORDER BY c DESC;
PREPARE s1 FROM 'SELECT c, id FROM sb WHERE id BETWEEN ? AND ? ORDER BY c, id';
SET @a = 5, @b = 17;
EXECUTE s1 USING @a, @b;
PREPARE s2 FROM 'SELECT COUNT(*) FROM (SELECT DISTINCT b FROM sb WHERE id BETWEEN ? AND ?) AS t';
EXECUTE s2 USING @a, @b;
PREPARE s3 FROM 'SELECT SUM(k) FROM sb WHERE id BETWEEN ? AND ?';
EXECUTE s3 USING @a, @b;
-- Rows whose projection is the scanned row itself (every read column selected, in table order).
SELECT id, c FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY c, id;
SELECT id, c FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY c DESC, id DESC LIMIT 7;
SELECT DISTINCT id, k FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY k, id;
SELECT id, k, c FROM sb WHERE id BETWEEN 3 AND 12;
SELECT id, b FROM sb WHERE id BETWEEN 1 AND 22 ORDER BY b, id;
