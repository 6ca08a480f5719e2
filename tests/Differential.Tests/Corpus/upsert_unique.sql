-- INSERT ... ON DUPLICATE KEY UPDATE, REPLACE and INSERT IGNORE colliding on UNIQUE secondary keys
-- (not only the primary key): which row is updated, deleted or skipped, affected rows, warnings.
CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(40) NOT NULL, name VARCHAR(20), n INT NOT NULL DEFAULT 0, UNIQUE KEY uk_email (email));
INSERT INTO users (email, name) VALUES ('a@x.com', 'Ann'), ('b@x.com', 'Bob');
-- ON DUPLICATE KEY UPDATE on the UNIQUE key updates the row holding the e-mail
INSERT INTO users (email, name, n) VALUES ('a@x.com', 'Anne', 1) ON DUPLICATE KEY UPDATE name = VALUES(name), n = n + 1;
SELECT id, email, name, n FROM users ORDER BY id;
-- case-insensitive collation: 'A@X.COM' is the same e-mail
INSERT INTO users (email, name) VALUES ('A@X.COM', 'ANN') ON DUPLICATE KEY UPDATE name = VALUES(name), n = n + 10;
SELECT id, email, name, n FROM users ORDER BY id;
-- an update leaving the row as it was: 0 affected
INSERT INTO users (email, name) VALUES ('b@x.com', 'Bob') ON DUPLICATE KEY UPDATE name = VALUES(name);
-- a new e-mail is inserted
INSERT INTO users (email, name) VALUES ('c@x.com', 'Cy') ON DUPLICATE KEY UPDATE name = VALUES(name);
SELECT id, email, name, n FROM users ORDER BY id;
-- several rows, one statement: later rows see earlier ones (also on the UNIQUE key)
INSERT INTO users (email, name, n) VALUES ('d@x.com', 'D1', 1), ('d@x.com', 'D2', 2), ('a@x.com', 'A3', 3) ON DUPLICATE KEY UPDATE name = VALUES(name), n = n + VALUES(n);
SELECT id, email, name, n FROM users ORDER BY id;
-- both the primary key and the UNIQUE key collide, with different rows: the PRIMARY row is updated
INSERT INTO users (id, email, name) VALUES (1, 'b@x.com', 'both') ON DUPLICATE KEY UPDATE name = VALUES(name);
SELECT id, email, name, n FROM users ORDER BY id;
-- the update moves the e-mail onto another row's: 1062
INSERT INTO users (id, email) VALUES (1, 'zz') ON DUPLICATE KEY UPDATE email = 'c@x.com';
SELECT id, email, name, n FROM users ORDER BY id;
-- the update changes the e-mail to a free one
INSERT INTO users (id, email) VALUES (1, 'zz') ON DUPLICATE KEY UPDATE email = 'a2@x.com';
SELECT id, email, name, n FROM users ORDER BY id;
-- the freed e-mail is free again
INSERT INTO users (email, name) VALUES ('a@x.com', 'new a') ON DUPLICATE KEY UPDATE name = 'old a';
SELECT id, email, name, n FROM users ORDER BY id;
-- INSERT IGNORE skips a row colliding on the UNIQUE key, with warning 1062 naming it
INSERT IGNORE INTO users (email, name) VALUES ('b@x.com', 'ignored'), ('e@x.com', 'Eve');
SHOW WARNINGS;
SELECT id, email, name, n FROM users ORDER BY id;
INSERT IGNORE INTO users (id, email, name) VALUES (2, 'c@x.com', 'both');
SHOW WARNINGS;
INSERT IGNORE INTO users (id, email, name) VALUES (100, 'c@x.com', 'uk only');
SHOW WARNINGS;
SELECT COUNT(*) FROM users;
-- INSERT IGNORE ... ON DUPLICATE KEY UPDATE whose update collides: a warning, the row stays
INSERT IGNORE INTO users (id, email) VALUES (2, 'x') ON DUPLICATE KEY UPDATE email = 'c@x.com';
SHOW WARNINGS;
SELECT id, email, name, n FROM users ORDER BY id;
-- a plain INSERT still refuses a UNIQUE duplicate
INSERT INTO users (email) VALUES ('e@x.com');
-- REPLACE deletes the row holding the e-mail and inserts the new one
CREATE TABLE rp (id INT PRIMARY KEY, code VARCHAR(10), tag VARCHAR(10), v INT, UNIQUE KEY uk_code (code), UNIQUE KEY uk_tag (tag));
INSERT INTO rp VALUES (1, 'c1', 't1', 10), (2, 'c2', 't2', 20), (3, 'c3', 't3', 30), (4, NULL, NULL, 40);
REPLACE INTO rp VALUES (10, 'c1', 'tx', 11);
SELECT * FROM rp ORDER BY id;
-- colliding with two rows (one per UNIQUE key) and the primary key of a third: all three go
REPLACE INTO rp VALUES (3, 'c2', 't1', 99);
SELECT * FROM rp ORDER BY id;
-- NULLs never collide
REPLACE INTO rp VALUES (5, NULL, NULL, 50);
SELECT * FROM rp ORDER BY id;
-- several rows at once, colliding with each other by UNIQUE keys
REPLACE INTO rp VALUES (6, 'c6', 't6', 6), (7, 'c6', 't7', 7), (8, 'c8', 't7', 8);
SELECT * FROM rp ORDER BY id;
-- REPLACE ... SELECT over the table's own rows
REPLACE INTO rp SELECT id + 100, code, tag, v + 1 FROM rp WHERE id IN (3, 8);
SELECT * FROM rp ORDER BY id;
-- a composite UNIQUE key
CREATE TABLE pairs (id INT AUTO_INCREMENT PRIMARY KEY, a INT, b VARCHAR(5), hits INT NOT NULL DEFAULT 1, UNIQUE KEY uk_ab (a, b));
INSERT INTO pairs (a, b) VALUES (1, 'x'), (1, 'y'), (2, 'x');
INSERT INTO pairs (a, b) VALUES (1, 'x'), (1, 'X'), (3, 'x'), (1, NULL), (1, NULL) ON DUPLICATE KEY UPDATE hits = hits + 1;
SELECT id, a, b, hits FROM pairs ORDER BY id;
INSERT IGNORE INTO pairs (a, b) VALUES (2, 'x');
SHOW WARNINGS;
REPLACE INTO pairs (a, b, hits) VALUES (1, 'y', 7);
SELECT a, b, hits FROM pairs ORDER BY a, b, hits;
-- two UNIQUE keys: ON DUPLICATE KEY UPDATE updates the row of the first colliding key in index order
CREATE TABLE two (id INT PRIMARY KEY, u1 INT NOT NULL, u2 INT NOT NULL, note VARCHAR(10), UNIQUE KEY k1 (u1), UNIQUE KEY k2 (u2));
INSERT INTO two VALUES (1, 10, 100, 'one'), (2, 20, 200, 'two');
INSERT INTO two VALUES (3, 20, 100, 'three') ON DUPLICATE KEY UPDATE note = 'hit';
SELECT * FROM two ORDER BY id;
INSERT INTO two VALUES (3, 30, 100, 'three') ON DUPLICATE KEY UPDATE note = 'hit2';
SELECT * FROM two ORDER BY id;
INSERT IGNORE INTO two VALUES (3, 20, 100, 'three');
SHOW WARNINGS;
-- in a transaction, rolled back
START TRANSACTION;
INSERT INTO two VALUES (9, 10, 900, 'tx') ON DUPLICATE KEY UPDATE note = 'in tx';
REPLACE INTO two VALUES (8, 80, 200, 'r');
SELECT * FROM two ORDER BY id;
ROLLBACK;
SELECT * FROM two ORDER BY id;
-- knex onConflict().merge() / sequelize upsert shape: every column merged from VALUES()
CREATE TABLE accounts (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, username VARCHAR(30) NOT NULL, score INT, UNIQUE KEY accounts_username_unique (username));
INSERT INTO accounts (username, score) VALUES ('ann', 1), ('bob', 2) ON DUPLICATE KEY UPDATE username = VALUES(username), score = VALUES(score);
INSERT INTO accounts (username, score) VALUES ('ann', 5), ('cat', 3) ON DUPLICATE KEY UPDATE username = VALUES(username), score = VALUES(score);
SELECT id, username, score FROM accounts ORDER BY id;
SELECT LAST_INSERT_ID() > 0;
