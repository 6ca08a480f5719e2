# Inserts distinct ids into DB.t (id INT PRIMARY KEY, v VARCHAR) through one MergeServer from inside a
# simulated host (run with `ip netns exec`), THREADS writers at once, until killed. For every insert it
# prints, when it completes, "ok ID INVOKED_MS" or "err ID INVOKED_MS CODE" (INVOKED_MS: wall-clock
# milliseconds when the insert was sent), so a test can tell which writes a cut-off master was asked
# to log after its host was partitioned. Each value is 'stranded ID', findable in a commit log.
# usage: stranded_writer.py HOST PORT DB BASE_ID THREADS
import sys, threading, time
import pymysql

host, port, db, base, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
out = threading.Lock()

def say(line):
    with out:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

def writer(w):
    c = None
    i = 0
    while True:
        i += 1
        key = base + w * 100000 + i
        invoked = int(time.time() * 1000)
        try:
            if c is None:
                c = pymysql.connect(host=host, port=port, user="root", password="", database=db,
                                    connect_timeout=3, read_timeout=20, write_timeout=20, autocommit=True)
            with c.cursor() as cur:
                cur.execute("INSERT INTO t VALUES (%s, %s)", (key, "stranded %d" % key))
            say("ok %d %d" % (key, invoked))
        except Exception as e:
            code = e.args[0] if getattr(e, "args", None) and isinstance(e.args[0], int) else 0
            say("err %d %d %d" % (key, invoked, code))
            try:
                if c is not None:
                    c.close()
            except Exception:
                pass
            c = None
            time.sleep(0.05)

for w in range(threads):
    threading.Thread(target=writer, args=(w,), daemon=True).start()
while True:
    time.sleep(3600)
