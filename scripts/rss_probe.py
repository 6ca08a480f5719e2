#!/usr/bin/env python3
"""Issue 26 memory acceptance against a running cluster (scripts/cluster.sh start): what strangers, and
peers holding the cluster secret, can make the roles hold. Sends from raw sockets 8 RPC frames that
declare a 64 MiB body and send 60 MiB of it to every role's RPC port, and 4 MySQL handshake responses
of 60 MB to every MergeServer before login; then prints each role's RSS before, at the peak, right
after, and --wait seconds later. --authenticated first proves the cluster secret (DIR/cluster_secret,
the RPC handshake of Common/Rpc/RpcHandshake.cs) on every RPC connection, so the frames are read, and
also sends each role one frame declaring 80 MiB, above rpc_max_frame_bytes, which must be refused
before its body is read.

usage: scripts/rss_probe.py [--dir run] [--wait 60] [--authenticated]
"""
import argparse, hashlib, hmac, os, socket, struct, threading, time

MIB = 1 << 20


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def roles(directory):
    found = []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not os.path.isfile(os.path.join(path, "pid")) or not os.path.isfile(os.path.join(path, "args")):
            continue
        args = open(os.path.join(path, "args")).read().split("\n")
        port = next(int(a.split("=", 1)[1]) for a in args if a.startswith("--port="))
        mysql = next((int(a.split("=", 1)[1]) for a in args if a.startswith("--mysql_port=")), None)
        listen = next((a.split("=", 1)[1] for a in args if a.startswith("--listen=")), "127.0.0.1")
        found.append((name, int(open(os.path.join(path, "pid")).read()), listen, port, mysql))
    return found


def mergeserver(directory):
    """(pid, host, MySQL port) of the first MergeServer under the cluster directory."""
    ms = next((r for r in roles(directory) if r[4]), None)
    if ms is None:
        raise SystemExit(f"no MergeServer under {directory}")
    _, pid, host, _, mysql = ms
    return pid, "127.0.0.1" if host == "0.0.0.0" else host, mysql


def recv_exactly(s, n):
    data = b""
    while len(data) < n:
        got = s.recv(n - len(data))
        if not got:
            raise ConnectionError(f"closed after {len(data)} of {n} handshake bytes")
        data += got
    return data


def prove_secret(s, secret):
    """The client side of the RPC handshake: hello, check the server's proof, send ours, read accepted."""
    client_nonce = os.urandom(32)
    s.sendall(b"OCA1" + client_nonce)
    challenge = recv_exactly(s, 4 + 32 + 32)
    server_nonce = challenge[4:36]
    expected = hmac.new(secret, b"oceanclassic-rpc-server" + client_nonce + server_nonce, hashlib.sha256).digest()
    if challenge[:4] != b"OCA1" or not hmac.compare_digest(expected, challenge[36:]):
        raise ConnectionError("the server did not prove the cluster secret")
    s.sendall(hmac.new(secret, b"oceanclassic-rpc-client" + client_nonce + server_nonce, hashlib.sha256).digest())
    if recv_exactly(s, 1) != b"\x01":
        raise ConnectionError("handshake not accepted")


def send_all(host, port, header, total, result, key, secret=None):
    """Connects (proving `secret` first when given), sends the header then `total` bytes in 1 MiB
    pieces; records how many got out."""
    sent = 0
    try:
        with socket.create_connection((host, port), timeout=30) as s:
            if secret is not None:
                prove_secret(s, secret)
            s.sendall(header)
            piece = b"\0" * MIB
            while sent < total:
                s.sendall(piece[: min(MIB, total - sent)])
                sent += min(MIB, total - sent)
            time.sleep(2)
    except OSError as e:
        result[key] = f"{sent // MIB} MiB sent, then {e.__class__.__name__}"
        return
    result[key] = f"{sent // MIB} MiB sent"


def rpc_header(body_length):
    # RpcFrameHeader: magic "OBRP", version 1, flags 0, packet code 1 (Ping), request id 1, length, crc 0.
    return b"OBRP" + struct.pack("<HHIQIQ", 1, 0, 1, 1, body_length, 0)


def mysql_prelogin(host, port, total, result, key):
    try:
        with socket.create_connection((host, port), timeout=30) as s:
            s.recv(4096)  # greeting
            sent, seq = 0, 1
            while sent < total:
                chunk = min(0xFFFFFF, total - sent)
                s.sendall(struct.pack("<I", chunk)[:3] + bytes([seq & 0xFF]))
                for off in range(0, chunk, MIB):
                    s.sendall(b"\0" * min(MIB, chunk - off))
                sent += chunk
                seq += 1
            time.sleep(2)
            result[key] = f"{sent // MIB} MiB sent, answer {s.recv(64)[:16]!r}"
    except OSError as e:
        result[key] = f"{e.__class__.__name__}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="run")
    parser.add_argument("--wait", type=int, default=60)
    parser.add_argument("--authenticated", action="store_true")
    opts = parser.parse_args()
    secret = open(os.path.join(opts.dir, "cluster_secret"), "rb").read().strip() if opts.authenticated else None
    found = roles(opts.dir)
    before = {name: rss_mb(pid) for name, pid, *_ in found}
    threads, result = [], {}
    for name, pid, host, port, mysql in found:
        for i in range(8):
            t = threading.Thread(target=send_all, args=(host, port, rpc_header(64 * MIB), 60 * MIB, result, f"{name} rpc#{i}", secret))
            threads.append(t)
        if secret is not None:
            threads.append(threading.Thread(target=send_all, args=(host, port, rpc_header(80 * MIB), 80 * MIB, result, f"{name} rpc-oversize", secret)))
        if mysql:
            for i in range(4):
                threads.append(threading.Thread(target=mysql_prelogin, args=(host, mysql, 60 * 1000 * 1000, result, f"{name} mysql#{i}")))
    for t in threads:
        t.start()
    peak = {name: before[name] for name in before}
    while any(t.is_alive() for t in threads):
        for name, pid, *_ in found:
            peak[name] = max(peak[name], rss_mb(pid))
        time.sleep(0.2)
    for key in sorted(result):
        print(f"  {key}: {result[key]}")
    after = {name: rss_mb(pid) for name, pid, *_ in found}
    time.sleep(opts.wait)
    later = {name: rss_mb(pid) for name, pid, *_ in found}
    print(f"{'role':6} {'before':>8} {'peak':>8} {'after':>8} {'+' + str(opts.wait) + 's':>8} {'growth':>8}  (RSS, MB)")
    for name, *_ in found:
        print(f"{name:6} {before[name]:8.1f} {peak[name]:8.1f} {after[name]:8.1f} {later[name]:8.1f} {later[name] - before[name]:8.1f}")


if __name__ == "__main__":
    main()
