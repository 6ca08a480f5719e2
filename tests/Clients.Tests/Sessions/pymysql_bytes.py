# pymysql (text protocol, and its client-side escaping) carries every byte 0x00-0xFF unchanged through
# BLOB and VARBINARY columns: one row per byte value, one row with all 256 bytes, and X'' literals; read
# back as bytes, by LENGTH and HEX, and found by equality. Exits 1 on a mismatch.
import pymysql
from session import address, check, equal

port, database = address()
conn = pymysql.connect(host="127.0.0.1", port=port, user="root", charset="utf8mb4", autocommit=True)
cur = conn.cursor()
cur.execute(f"DROP DATABASE IF EXISTS {database}")
cur.execute(f"CREATE DATABASE {database}")
cur.execute(f"USE {database}")
cur.execute("CREATE TABLE b (id INT PRIMARY KEY, bl BLOB, vb VARBINARY(300))")

every = bytes(range(256))
cur.executemany("INSERT INTO b VALUES (%s, %s, %s)", [(i, bytes([i]), bytes([i, i])) for i in range(256)])
cur.execute("INSERT INTO b VALUES (%s, %s, %s)", (1000, every, every[::-1]))
cur.execute("INSERT INTO b VALUES (1001, X'00FF10', 0x80FE)")

cur.execute("SELECT id, bl, vb FROM b WHERE id < 256 ORDER BY id")
rows = cur.fetchall()
equal(len(rows), 256, "single-byte rows")
for i, bl, vb in rows:
    equal(bytes(bl), bytes([i]), f"BLOB byte 0x{i:02X}")
    equal(bytes(vb), bytes([i, i]), f"VARBINARY bytes 0x{i:02X}")

cur.execute("SELECT bl, vb, LENGTH(bl), LENGTH(vb), HEX(bl) FROM b WHERE id = 1000")
bl, vb, lbl, lvb, hexed = cur.fetchone()
equal(bytes(bl), every, "BLOB of all 256 bytes")
equal(bytes(vb), every[::-1], "VARBINARY of all 256 bytes")
equal((lbl, lvb), (256, 256), "LENGTH of the 256-byte values")
equal(hexed, every.hex().upper(), "HEX of the BLOB")

cur.execute("SELECT bl, vb, LENGTH(bl), HEX(vb) FROM b WHERE id = 1001")
equal(cur.fetchone(), (b"\x00\xff\x10", b"\x80\xfe", 3, "80FE"), "X'' and 0x literals")

for i in (0x00, 0x27, 0x5C, 0x80, 0xC3, 0xFF):
    cur.execute("SELECT id FROM b WHERE vb = %s", (bytes([i, i]),))
    equal(cur.fetchall(), ((i,),), f"lookup by VARBINARY 0x{i:02X}{i:02X}")
cur.execute("SELECT COUNT(*) FROM b WHERE bl = X'E9'")
equal(cur.fetchone()[0], 1, "X'E9' is one byte, not U+00E9")
print("ok")
