# SQLAlchemy ORM CRUD against OceanClassic (pymysql driver): declarative models with a relationship,
# create_all, add/flush (autoincrement ids come back), query with filters, joins and ordering, update
# through the unit of work, delete with the child rows, rollback of a failed session. Exits 1 on a mismatch.
import sqlalchemy as sa
from sqlalchemy.orm import Session, declarative_base, relationship
from session import check, equal, fresh_sqlalchemy_engine

engine = fresh_sqlalchemy_engine()
Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False, unique=True)
    karma = sa.Column(sa.Integer, nullable=False, default=0)
    posts = relationship("Post", back_populates="author", cascade="all, delete-orphan", order_by="Post.id")


class Post(Base):
    __tablename__ = "posts"
    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True)
    body = sa.Column(sa.Text, nullable=False)
    author = relationship("User", back_populates="posts")


Base.metadata.create_all(engine)

with Session(engine) as s:
    ann = User(name="Ann", posts=[Post(body="hello"), Post(body="w\u00f6rld \U0001F30A")])
    bob = User(name="Bob", karma=5)
    s.add_all([ann, bob])
    s.commit()
    check(ann.id is not None and bob.id is not None and ann.id != bob.id, "autoincrement ids", (ann.id, bob.id))
    ann_id = ann.id

with Session(engine) as s:
    ann = s.get(User, ann_id)
    equal([p.body for p in ann.posts], ["hello", "w\u00f6rld \U0001F30A"], "posts through the relationship")
    equal(s.query(User).filter(User.karma > 1).one().name, "Bob", "filter")
    rows = s.query(User.name, sa.func.count(Post.id)).outerjoin(Post).group_by(User.name).order_by(User.name).all()
    equal([tuple(r) for r in rows], [("Ann", 2), ("Bob", 0)], "outer join with count")
    ann.karma += 10
    ann.posts[0].body = "hello again"
    s.commit()

with Session(engine) as s:
    equal(s.query(User.karma).filter_by(name="Ann").scalar(), 10, "updated karma")
    equal(s.query(Post.body).order_by(Post.id).first()[0], "hello again", "updated post")
    s.add(User(name="ann"))  # utf8mb4_general_ci: equal to 'Ann' for the unique key
    try:
        s.commit()
        check(False, "a name equal under the collation was accepted")
    except sa.exc.IntegrityError as e:
        equal(e.orig.args[0], 1062, "duplicate name error")
        s.rollback()
    equal(s.query(User).count(), 2, "users after rollback")

with Session(engine) as s:
    s.delete(s.get(User, ann_id))
    s.commit()
    equal(s.query(Post).count(), 0, "posts deleted with their user")
    equal([u.name for u in s.query(User).all()], ["Bob"], "remaining users")

Base.metadata.drop_all(engine)
print("ok")
