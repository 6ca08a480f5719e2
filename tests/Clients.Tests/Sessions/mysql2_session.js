// mysql2 against OceanClassic: text queries (query) and server-side prepared statements (execute) carry
// 4-byte UTF-8 (emoji, supplementary CJK) unchanged both ways, with result columns reporting utf8mb4 so
// nothing turns into U+FFFD; typed values through execute; a prepared statement re-executed; LIMIT ? bound
// as a double (mysql2 sends JS numbers so). Exits 1 on a mismatch.
'use strict';
const mysql = require('mysql2/promise');
const { address, check, equal, refused, run } = require('./session');

run(async () => {
  const { port, database } = address();
  const admin = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', charset: 'utf8mb4' });
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();

  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', database, charset: 'utf8mb4' });
  await conn.query('CREATE TABLE m (id INT PRIMARY KEY, s VARCHAR(20), n DECIMAL(10,2), d DATE, f DOUBLE, b BIGINT)');
  const wave = 'wave \u{1F30A} \u{1F600} \u{20BB7}';
  const [res] = await conn.query('INSERT INTO m VALUES (1, ?, 1.25, ?, 0.5, 9007199254740993)', [wave, '2024-02-29']);
  equal(res.affectedRows, 1, 'query insert affectedRows');
  await conn.execute('INSERT INTO m VALUES (?, ?, ?, ?, ?, ?)', [2, '\u{1F680}rocket', '-3.50', '1999-12-31', 1e-3, -42]);

  const [text, fields] = await conn.query('SELECT id, s, CHAR_LENGTH(s) AS chars, LENGTH(s) AS bytes FROM m ORDER BY id');
  equal(text.map((r) => [r.id, r.s, r.chars, r.bytes]), [[1, wave, 10, 19], [2, '\u{1F680}rocket', 7, 10]], 'query rows');
  equal(fields[1].characterSet, 45, 'result column charset utf8mb4_general_ci');

  const [bin] = await conn.execute('SELECT s, n, f, b FROM m WHERE s = ?', [wave]);
  equal(bin.map((r) => [r.s, r.n, r.f, r.b]), [[wave, '1.25', 0.5, 9007199254740993]], 'execute by a 4-byte string');
  const [lit] = await conn.query("SELECT '\u{1F4A9}' AS e, HEX('\u{1F4A9}') AS h");
  equal([lit[0].e, lit[0].h], ['\u{1F4A9}', 'F09F92A9'], '4-byte literal');

  for (const id of [1, 2, 1]) {
    const [r] = await conn.execute('SELECT id, DATE_FORMAT(d, "%Y-%m-%d") AS d FROM m WHERE id = ?', [id]);
    equal(r[0].id, id, `re-executed prepared statement (${id})`);
  }
  // mysql2 binds a JS number as a DOUBLE: LIMIT ? takes it.
  const [limited] = await conn.execute('SELECT id FROM m ORDER BY id DESC LIMIT ?', [1]);
  equal(limited.map((r) => r.id), [2], 'LIMIT ? bound as a double');
  const [upd] = await conn.execute('UPDATE m SET s = CONCAT(s, ?) WHERE id = ?', ['\u{1F30D}', 2]);
  equal(upd.affectedRows, 1, 'execute update affectedRows');
  const [after] = await conn.query('SELECT s FROM m WHERE id = 2');
  equal(after[0].s, '\u{1F680}rocket\u{1F30D}', 'updated 4-byte value');
  await refused(conn.execute('INSERT INTO m (id) VALUES (?)', [1]), 1062, 'duplicate key through execute');
  await refused(conn.query('SELECT * FROM nosuch'), 1146, 'missing table through query');
  await conn.end();
});
