-- A database of every long-standing column type, with defaults, UNIQUE keys and secondary indexes;
-- DumpTests dump it with mariadb-dump and restore it through mysql. Loaded into a fresh database.
CREATE TABLE kinds (
  id INT NOT NULL AUTO_INCREMENT,
  ti TINYINT NOT NULL DEFAULT -1,
  si SMALLINT UNSIGNED DEFAULT 7,
  mi MEDIUMINT,
  bi BIGINT NOT NULL DEFAULT 0,
  bu BIGINT UNSIGNED,
  dc DECIMAL(12,4) DEFAULT 1.5000,
  db DOUBLE,
  fl FLOAT,
  ch CHAR(4) NOT NULL DEFAULT 'ab',
  vc VARCHAR(64) COLLATE utf8mb4_bin,
  tx TEXT,
  mt MEDIUMTEXT,
  lt LONGTEXT,
  bl BLOB,
  mb MEDIUMBLOB,
  bn BINARY(4),
  vb VARBINARY(16),
  d DATE DEFAULT '2000-01-01',
  dt DATETIME(6),
  ts TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_vc (vc),
  UNIQUE KEY uq_pair (bi, ch),
  KEY ix_d (d),
  KEY ix_dt_ti (dt, ti)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO kinds (ti, si, mi, bi, bu, dc, db, fl, ch, vc, tx, mt, lt, bl, mb, bn, vb, d, dt, ts) VALUES
 (-128, 65535, -8388608, -9223372036854775808, 18446744073709551615, -12345678.1234, -1.5e300, 3.25, 'x', 'Case', 'tab\there\nnewline', 'mé 😀', REPEAT('long', 1000), X'00FF27225C0A0D1A', X'8081', X'00010203', X'FF', '1999-12-31', '2024-02-29 13:45:01.123', '2024-01-02 03:04:05'),
 (127, 0, 8388607, 9223372036854775807, 0, 0.0001, 2.5e-300, -0.5, 'abcd', 'case', 'it''s "quoted" \\ back', '', '', '', '', X'41424344', '', '0001-01-01', '9999-12-31 23:59:59.999', NULL);
INSERT INTO kinds (id, bi, ch, vc) VALUES (10, 1, 'ab', NULL), (11, 2, 'ab', NULL);
CREATE TABLE tags (name VARCHAR(30) NOT NULL PRIMARY KEY, weight INT NOT NULL DEFAULT 1, note VARCHAR(100) DEFAULT 'none', KEY ix_weight (weight));
INSERT INTO tags (name) VALUES ('Alpha'), ('beta');
INSERT INTO tags VALUES ('Gamma', 3, NULL), ('delta ü', -4, 'x');
