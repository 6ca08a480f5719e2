#!/usr/bin/python3
"""Issue 26 connection-limit acceptance against a running MergeServer: opens @@max_connections raw TCP
connections to the MySQL port (each reads its greeting and stays before login), then one more, which
must get error 1040 (Too many connections) in place of a greeting; then waits on one connection that
never logs in until the server closes it (connect_timeout). Raises this process's open-file limit to
its hard limit. Start the cluster with a connect_timeout long enough to open them all, e.g.
scripts/cluster.sh start --set max_connections=10000 --set connect_timeout=300

usage: scripts/connection_probe.py [--dir run]
"""
import argparse, os, resource, socket, struct, sys, time

import pymysql

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rss_probe import mergeserver  # noqa: E402


def read_packet(s):
    header = b""
    while len(header) < 4:
        got = s.recv(4 - len(header))
        if not got:
            raise ConnectionError("closed before a packet")
        header += got
    length = header[0] | header[1] << 8 | header[2] << 16
    payload = b""
    while len(payload) < length:
        got = s.recv(length - len(payload))
        if not got:
            raise ConnectionError("closed inside a packet")
        payload += got
    return payload


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="run")
    opts = parser.parse_args()
    _, host, port = mergeserver(opts.dir)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with pymysql.connect(host=host, port=port, user="root", password="") as c, c.cursor() as cur:
        cur.execute("SELECT @@max_connections, @@connect_timeout")
        limit, timeout = (int(v) for v in cur.fetchone())
    print(f"max_connections={limit} connect_timeout={timeout}s, open-file limit {hard}")
    if limit + 50 > hard:
        raise SystemExit(f"the open-file limit {hard} is too low for {limit} connections")

    started = time.monotonic()
    held = []
    try:
        for i in range(limit):
            s = socket.create_connection((host, port), timeout=60)
            greeting = read_packet(s)
            if greeting[0] != 10:
                raise SystemExit(f"connection {i + 1}: no greeting but {greeting[:32]!r}")
            held.append(s)
        opened = time.monotonic() - started
        print(f"{limit} connections open before login in {opened:.1f} s")
        with socket.create_connection((host, port), timeout=60) as extra:
            answer = read_packet(extra)
            if answer[0] == 0xFF:
                code = struct.unpack("<H", answer[1:3])[0]
                print(f"connection {limit + 1}: error {code} {answer[3:].decode(errors='replace')!r}")
            else:
                print(f"connection {limit + 1}: NOT refused (first byte {answer[0]})")
        for s in held[1:]:
            s.close()
        waited = time.monotonic()
        held[0].settimeout(timeout + 120)
        closed = held[0].recv(16) == b""
        print(f"connection 1 (never logged in, open {time.monotonic() - started:.0f} s): "
              f"{'closed by the server' if closed else 'got bytes'} {time.monotonic() - waited:.0f} s after the others closed")
    finally:
        for s in held:
            s.close()


if __name__ == "__main__":
    main()
