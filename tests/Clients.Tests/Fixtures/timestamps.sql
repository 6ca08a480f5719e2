-- TIMESTAMP values written in a session zone 5 hours ahead of UTC: stored as the instants they name, so a
-- dump (which mariadb-dump writes and reads under TIME_ZONE='+00:00') holds them in UTC.
SET time_zone = '+05:00';
CREATE TABLE stamps (
  id INT PRIMARY KEY,
  ts TIMESTAMP NULL DEFAULT '2024-01-01 05:00:00',
  ts3 TIMESTAMP(3) NULL,
  dt DATETIME NULL
);
INSERT INTO stamps VALUES (1, '2024-06-01 12:00:00', '2024-06-01 12:00:00.125', '2024-06-01 12:00:00');
INSERT INTO stamps (id, ts3, dt) VALUES (2, '1970-01-01 05:00:01.5', '1970-01-01 05:00:01');
INSERT INTO stamps VALUES (3, NULL, NULL, NULL);
