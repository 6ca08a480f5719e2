#!/usr/bin/python3
"""Issue 26 streamed-result acceptance against a running cluster (scripts/cluster.sh start): loads
probe.big up to --rows rows (multi-row INSERTs from --loaders connections; rows already there are kept),
then runs `SELECT * FROM probe.big` once alone and --concurrent times at once, each through an
unbuffered pymysql cursor (SSCursor: rows are read off the socket as they come), and prints each
query's time to its first row, its rows and time, and the MergeServer's RSS before and at its peak.

usage: scripts/stream_probe.py [--dir run] [--rows 10000000] [--concurrent 3] [--loaders 4] [--no-load]
"""
import argparse, os, sys, threading, time

import pymysql
import pymysql.cursors

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rss_probe import mergeserver, rss_mb  # noqa: E402

BATCH = 5000


def connect(host, port, database=None, cursor=None):
    return pymysql.connect(host=host, port=port, user="root", password="", database=database,
                           cursorclass=cursor or pymysql.cursors.Cursor, read_timeout=3600, write_timeout=3600)


def load(host, port, rows, loaders):
    with connect(host, port) as c, c.cursor() as cur:
        cur.execute("CREATE DATABASE IF NOT EXISTS probe")
        cur.execute("CREATE TABLE IF NOT EXISTS probe.big (id BIGINT PRIMARY KEY, k INT NOT NULL, "
                    "c CHAR(60) NOT NULL, pad VARCHAR(60) NOT NULL)")
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM probe.big")
        have = int(cur.fetchone()[0])
    if have >= rows:
        print(f"probe.big has {have} rows: no load")
        return
    started = time.monotonic()
    batches = list(range(have + 1, rows + 1, BATCH))
    lock = threading.Lock()
    errors = []

    def worker():
        with connect(host, port, "probe") as c, c.cursor() as cur:
            while True:
                with lock:
                    if not batches or errors:
                        return
                    first = batches.pop(0)
                last = min(first + BATCH - 1, rows)
                values = ",".join(f"({i},{i % 100000},'{i:060d}','pad{i % 997:057d}')" for i in range(first, last + 1))
                try:
                    cur.execute("INSERT INTO big VALUES " + values)
                    c.commit()
                except pymysql.MySQLError as e:
                    errors.append(e)
                    return

    threads = [threading.Thread(target=worker) for _ in range(loaders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"load failed: {errors[0]}")
    took = time.monotonic() - started
    print(f"loaded rows {have + 1}..{rows} in {took:.0f} s ({(rows - have) / took:.0f} rows/s)")


def scan(host, port, result, key):
    with connect(host, port, "probe", pymysql.cursors.SSCursor) as c, c.cursor() as cur:
        started = time.monotonic()
        cur.execute("SELECT * FROM big")
        first = cur.fetchone()
        first_at = time.monotonic() - started
        count = 0 if first is None else 1
        while True:
            chunk = cur.fetchmany(10000)
            if not chunk:
                break
            count += len(chunk)
        result[key] = (first_at, count, time.monotonic() - started)


def run(host, port, ms_pid, queries):
    before = rss_mb(ms_pid)
    result = {}
    threads = [threading.Thread(target=scan, args=(host, port, result, i)) for i in range(queries)]
    for t in threads:
        t.start()
    peak = before
    while any(t.is_alive() for t in threads):
        peak = max(peak, rss_mb(ms_pid))
        time.sleep(0.1)
    print(f"{queries} x SELECT * FROM probe.big at once: MergeServer RSS {before:.0f} MB before, "
          f"{peak:.0f} MB peak, growth {peak - before:.0f} MB")
    for i in sorted(result):
        first_at, count, took = result[i]
        print(f"  query {i + 1}: first row after {first_at:.3f} s, {count} rows in {took:.1f} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="run")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--concurrent", type=int, default=3)
    parser.add_argument("--loaders", type=int, default=4)
    parser.add_argument("--no-load", action="store_true")
    opts = parser.parse_args()
    pid, host, mysql = mergeserver(opts.dir)
    if not opts.no_load:
        load(host, mysql, opts.rows, opts.loaders)
    run(host, mysql, pid, 1)
    run(host, mysql, pid, opts.concurrent)


if __name__ == "__main__":
    main()
