# Shared by the Python sessions: the server's address from argv (port, database) and check(), which
# ends the session with exit 1 and the reason on the first mismatch.
import sys


def address():
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} PORT DATABASE")
    return int(sys.argv[1]), sys.argv[2]


def check(condition, what, actual=None):
    if not condition:
        print(f"MISMATCH: {what}" + ("" if actual is None else f"\n  actual: {actual!r}"), flush=True)
        sys.exit(1)


def equal(actual, expected, what):
    check(actual == expected, f"{what}: expected {expected!r}", actual)
