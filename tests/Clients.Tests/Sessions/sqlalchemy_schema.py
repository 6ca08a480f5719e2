# SQLAlchemy Core against OceanClassic (pymysql driver): create_all of tables with a ForeignKey, an
# Index, a UniqueConstraint, server defaults and a composite unique key; inspect() of what was created
# (tables, columns, primary key, foreign keys, indexes, unique constraints); MetaData.reflect() into a
# fresh MetaData that inserts and selects through the reflected tables; drop_all. Exits 1 on a mismatch.
import sqlalchemy as sa
from session import check, equal, fresh_sqlalchemy_engine

engine = fresh_sqlalchemy_engine()
meta = sa.MetaData()
authors = sa.Table(
    "authors", meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(120), nullable=False, unique=True),
    sa.Column("name", sa.String(60), nullable=False, index=True),
    sa.Column("joined", sa.DateTime, server_default=sa.func.current_timestamp()),
)
books = sa.Table(
    "books", meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("authors.id", name="fk_books_author"), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("isbn", sa.String(20)),
    sa.Column("price", sa.Numeric(8, 2), server_default="0.00"),
    sa.Column("pages", sa.Integer, server_default="100"),
    sa.UniqueConstraint("author_id", "title", name="uq_author_title"),
    sa.Index("ix_books_isbn", "isbn"),
)
meta.create_all(engine)

insp = sa.inspect(engine)
equal(sorted(insp.get_table_names()), ["authors", "books"], "get_table_names")
equal([c["name"] for c in insp.get_columns("books")], ["id", "author_id", "title", "isbn", "price", "pages"], "books columns")
columns = {c["name"]: c for c in insp.get_columns("books")}
check(isinstance(columns["price"]["type"], sa.Numeric) and columns["price"]["type"].precision == 8
      and columns["price"]["type"].scale == 2, "price is NUMERIC(8,2)", columns["price"]["type"])
check(isinstance(columns["title"]["type"], sa.String) and columns["title"]["type"].length == 200,
      "title is VARCHAR(200)", columns["title"]["type"])
equal(columns["title"]["nullable"], False, "title nullable")
equal(columns["isbn"]["nullable"], True, "isbn nullable")
check(columns["id"].get("autoincrement") is True, "books.id autoincrement", columns["id"])
equal(str(columns["pages"]["default"]).strip("'"), "100", "pages server default")
equal(insp.get_pk_constraint("books")["constrained_columns"], ["id"], "books primary key")

fks = insp.get_foreign_keys("books")
equal([(f["name"], f["constrained_columns"], f["referred_table"], f["referred_columns"]) for f in fks],
      [("fk_books_author", ["author_id"], "authors", ["id"])], "books foreign keys")

indexes = {i["name"]: (i["column_names"], bool(i["unique"])) for i in insp.get_indexes("books")}
equal(indexes.get("ix_books_isbn"), (["isbn"], False), "ix_books_isbn")
uniques = {u["name"]: u["column_names"] for u in insp.get_unique_constraints("books")}
equal(uniques.get("uq_author_title"), ["author_id", "title"], "uq_author_title")
author_indexes = {tuple(i["column_names"]): bool(i["unique"]) for i in insp.get_indexes("authors")}
author_indexes.update({tuple(u["column_names"]): True for u in insp.get_unique_constraints("authors")})
equal(author_indexes.get(("email",)), True, "authors.email unique")
equal(author_indexes.get(("name",)), False, "authors.name index")

# reflect() into a fresh MetaData and use the reflected tables.
reflected = sa.MetaData()
reflected.reflect(bind=engine)
equal(sorted(reflected.tables), ["authors", "books"], "reflected tables")
rbooks = reflected.tables["books"]
equal([fk.target_fullname for fk in rbooks.c.author_id.foreign_keys], ["authors.id"], "reflected foreign key")
with engine.begin() as c:
    aid = c.execute(reflected.tables["authors"].insert().values(email="ann@example.com", name="Ann")).inserted_primary_key[0]
    c.execute(rbooks.insert().values(author_id=aid, title="First", isbn="111"))
    c.execute(rbooks.insert(), [{"author_id": aid, "title": "Second", "isbn": "222", "price": 12.5}])
with engine.connect() as c:
    rows = c.execute(sa.select(rbooks.c.title, rbooks.c.price, rbooks.c.pages).order_by(rbooks.c.title)).all()
    equal([(t, str(p), n) for t, p, n in rows], [("First", "0.00", 100), ("Second", "12.50", 100)], "rows through reflected tables")
    joined = c.execute(sa.text("SELECT joined IS NOT NULL FROM authors")).scalar()
    equal(joined, 1, "DEFAULT CURRENT_TIMESTAMP filled")

# The composite unique key refuses a duplicate (1062 -> IntegrityError).
try:
    with engine.begin() as c:
        c.execute(books.insert().values(author_id=aid, title="First"))
    check(False, "duplicate (author_id, title) was accepted")
except sa.exc.IntegrityError as e:
    equal(e.orig.args[0], 1062, "duplicate key error code")

meta.drop_all(engine)
equal(sa.inspect(engine).get_table_names(), [], "tables after drop_all")
print("ok")
