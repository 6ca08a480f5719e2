-- Binary strings: hex, bit and _binary literals, BLOB / VARBINARY / BINARY columns keep every byte.
SELECT LENGTH(X'00FF10'), LENGTH(0x00ff10), LENGTH(b'1000000001'), LENGTH(_binary'ab');
SELECT HEX(X'00FF10'), HEX(0xABCD), HEX(b'101');
CREATE TABLE bin (id INT PRIMARY KEY, b BLOB, v VARBINARY(16), f BINARY(4));
INSERT INTO bin VALUES (1, X'00FF1080', X'DEADBEEF', X'FF00');
INSERT INTO bin VALUES (2, 'text', 'ab', 'a');
INSERT INTO bin VALUES (3, NULL, X'', NULL);
SELECT id, HEX(b), HEX(v), HEX(f), LENGTH(b), LENGTH(v), LENGTH(f) FROM bin ORDER BY id;
SELECT id FROM bin WHERE v = X'DEADBEEF';
SELECT id FROM bin WHERE b = 'text';
UPDATE bin SET b = X'FFFE' WHERE id = 2;
SELECT HEX(b) FROM bin WHERE id = 2;
CREATE TABLE binkey (k VARBINARY(8) PRIMARY KEY, n INT);
INSERT INTO binkey VALUES (X'00', 1), (X'FF', 2), (X'0000', 3), (X'7F', 4);
SELECT HEX(k), n FROM binkey ORDER BY k;
SELECT n FROM binkey WHERE k = X'FF';
INSERT INTO binkey VALUES (X'FF', 5);
