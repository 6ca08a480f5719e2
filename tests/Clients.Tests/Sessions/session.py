# Shared by the Python sessions: the server's address from argv (port, database), check() and equal(),
# which end the session with exit 1 and the reason on the first mismatch, and a SQLAlchemy engine on a
# freshly created database.
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


def fresh_sqlalchemy_engine():
    import sqlalchemy as sa
    port, database = address()
    admin = sa.create_engine(f"mysql+pymysql://root@127.0.0.1:{port}/?charset=utf8mb4")
    with admin.begin() as c:
        c.execute(sa.text(f"DROP DATABASE IF EXISTS {database}"))
        c.execute(sa.text(f"CREATE DATABASE {database}"))
    admin.dispose()
    return sa.create_engine(f"mysql+pymysql://root@127.0.0.1:{port}/{database}?charset=utf8mb4")
