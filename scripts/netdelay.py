#!/usr/bin/env python3
# A fixed one-way delay for the packets a simulated host sends (cluster.sh --latency-ms, SimulatedHosts):
# the user-space half of a netfilter queue. Run inside a host's network namespace, it binds NFQUEUE
# queue QUEUE; an nftables rule there (`oifname "eth0" queue to QUEUE bypass`, put in by hosts.sh or
# the test after this says READY) hands every packet leaving eth0 to it, and it gives each one back
# to the kernel (verdict ACCEPT) DELAY_MS after it arrived. The packets never leave the kernel: only
# their ids travel, and one batch verdict releases every packet up to the newest that has waited long
# enough (ids rise in arrival order and the delay is the same for all, so the queue stays FIFO).
#
# Why not tc netem: this machine's kernel is built without sch_netem (and without sch_fq, which an
# eBPF earliest-departure-time delay would need); it has nfnetlink_queue. The cost is a trip to user
# space per packet (tens of microseconds), which adds to the delay rather than replacing it.
#
# usage: netdelay.py DELAY_MS QUEUE READY_FILE   (writes READY_FILE once bound; runs until killed)
import collections
import errno
import os
import select
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT_BATCH, NFQNL_MSG_CONFIG = 0, 3, 2
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN, NFQA_CFG_MASK, NFQA_CFG_FLAGS = 1, 2, 3, 4, 5
NFQNL_CFG_CMD_BIND, NFQNL_COPY_META, NFQA_CFG_F_FAIL_OPEN = 1, 1, 1
NLM_F_REQUEST, NLM_F_ACK, NLMSG_ERROR = 1, 4, 2
NF_ACCEPT = 1


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * ((4 - length % 4) % 4)


def message(kind, queue, attrs, flags=NLM_F_REQUEST):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + b"".join(attrs)
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | kind, flags, 0, 0) + body


def messages(data):
    """(type, attributes dict) of each netlink message in one datagram."""
    at = 0
    while at + 16 <= len(data):
        length, kind = struct.unpack_from("=IH", data, at)
        if length < 16:
            return
        if kind == NLMSG_ERROR:
            code = struct.unpack_from("=i", data, at + 16)[0]
            if code != 0:
                raise OSError(-code, "nfnetlink_queue refused: " + os.strerror(-code))
        attrs, a = {}, at + 20
        while a + 4 <= at + length:
            alen, akind = struct.unpack_from("=HH", data, a)
            if alen < 4:
                break
            attrs[akind & 0x7FFF] = data[a + 4:a + alen]
            a += (alen + 3) & ~3
        yield kind & 0xFF, attrs
        at += (length + 3) & ~3


def main():
    delay = float(sys.argv[1]) / 1000.0
    queue = int(sys.argv[2])
    ready = sys.argv[3]
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)  # SO_RCVBUFFORCE (root): bursts of ids
    sock.bind((0, 0))
    sock.send(message(NFQNL_MSG_CONFIG, queue, [attr(NFQA_CFG_CMD, struct.pack("=BBH", NFQNL_CFG_CMD_BIND, 0, 0))], NLM_F_REQUEST | NLM_F_ACK))
    list(messages(sock.recv(65536)))
    # Metadata only (the packet stays in the kernel); a long queue; a full queue lets packets pass
    # undelayed rather than dropping them (a drop would cost a TCP retransmission timeout).
    sock.send(message(NFQNL_MSG_CONFIG, queue, [
        attr(NFQA_CFG_PARAMS, struct.pack(">IB", 0, NFQNL_COPY_META)),
        attr(NFQA_CFG_QUEUE_MAXLEN, struct.pack(">I", 65536)),
        attr(NFQA_CFG_MASK, struct.pack(">I", NFQA_CFG_F_FAIL_OPEN)),
        attr(NFQA_CFG_FLAGS, struct.pack(">I", NFQA_CFG_F_FAIL_OPEN)),
    ], NLM_F_REQUEST | NLM_F_ACK))
    list(messages(sock.recv(65536)))
    sock.setblocking(False)
    with open(ready, "w") as f:
        f.write(f"{os.getpid()}\n")

    waiting = collections.deque()  # (release time, packet id), oldest first
    while True:
        timeout = max(0.0, waiting[0][0] - time.monotonic()) if waiting else None
        readable, _, _ = select.select([sock], [], [], timeout)
        if readable:
            while True:
                try:
                    data = sock.recv(262144)
                except BlockingIOError:
                    break
                except OSError as e:
                    if e.errno == errno.ENOBUFS:  # ids lost in the socket: a later batch verdict still frees them
                        continue
                    raise
                now = time.monotonic()
                for kind, attrs in messages(data):
                    if kind == NFQNL_MSG_PACKET and NFQA_PACKET_HDR in attrs:
                        waiting.append((now + delay, struct.unpack_from(">I", attrs[NFQA_PACKET_HDR])[0]))
        now = time.monotonic()
        last = None
        while waiting and waiting[0][0] <= now:
            last = waiting.popleft()[1]
        if last is not None:
            sock.send(message(NFQNL_MSG_VERDICT_BATCH, queue, [attr(NFQA_VERDICT_HDR, struct.pack(">II", NF_ACCEPT, last))]))


if __name__ == "__main__":
    main()
