-- The column types and table shapes issue 20 added: ENUM, SET, JSON, TIME, YEAR, BIT, SERIAL, BOOLEAN as
-- TINYINT(1) (which holds 2 as 2), a table without a primary key, ON UPDATE CURRENT_TIMESTAMP and a
-- FOREIGN KEY; DumpTests dump it with mariadb-dump and restore it through mysql. Loaded into a fresh database.
CREATE TABLE owners (
  id SERIAL,
  name VARCHAR(40) NOT NULL,
  UNIQUE KEY uq_name (name)
);
INSERT INTO owners (name) VALUES ('ann'), ('bob');
CREATE TABLE shapes (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_id BIGINT UNSIGNED NOT NULL,
  size ENUM('small', 'medium', 'large') NOT NULL DEFAULT 'medium',
  flags SET('red', 'green', 'blue') DEFAULT 'red,blue',
  doc JSON,
  span TIME DEFAULT '01:30:00',
  made YEAR,
  mask BIT(10) DEFAULT b'1010',
  ok BOOLEAN DEFAULT TRUE,
  tiny TINYINT(1) NOT NULL DEFAULT 0,
  created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  changed TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_size_made (size, made),
  CONSTRAINT fk_shapes_owner FOREIGN KEY (owner_id) REFERENCES owners (id)
);
INSERT INTO shapes (owner_id, size, flags, doc, span, made, mask, ok, tiny, created, changed) VALUES
  (1, 'small', 'green', '{"a": [1, 2, {"b": null}], "c": "\\u00e9 😀"}', '-838:59:59', 1901, b'1111111111', FALSE, 2, '2024-01-02 03:04:05', '2024-01-02 03:04:05'),
  (2, 'large', '', '[]', '838:59:59', 2155, b'0', TRUE, -1, '2024-01-02 03:04:05', '2024-01-02 03:04:05'),
  (2, DEFAULT, DEFAULT, NULL, NULL, NULL, DEFAULT, DEFAULT, DEFAULT, '2024-01-02 03:04:05', '2024-01-02 03:04:05');
CREATE TABLE events (
  kind VARCHAR(20) NOT NULL,
  at DATETIME NOT NULL,
  payload VARBINARY(8),
  KEY ix_kind (kind)
);
INSERT INTO events VALUES ('start', '2024-05-06 07:08:09', X'00FF'), ('stop', '2024-05-06 08:00:00', NULL), ('start', '2024-05-06 07:08:09', X'00FF');
