"""FastAPI with SQLAlchemy's async ORM on aiosqlite, as in FastAPI's and SQLModel's
async tutorials: greenlet and aiosqlite's thread are what the browser lacks (see test_frameworks)."""

import asyncio
import os
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite
from fastapi import FastAPI
from sqlalchemy import ForeignKey, func, select
from sqlalchemy.exc import MissingGreenlet, StatementError
from sqlalchemy.ext.asyncio import AsyncAttrs, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload

DB = Path(os.environ.get("WASGI_PERSIST_DIR", ".")) / "library.db"
engine = create_async_engine(f"sqlite+aiosqlite:///{DB}")
Session = async_sessionmaker(engine, expire_on_commit=False)


class Base(AsyncAttrs, DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    books: Mapped[list["Book"]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship(back_populates="books")


@asynccontextmanager
async def lifespan(app):
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.post("/authors/{name}/books/{title}")
async def add_book(name: str, title: str):
    async with Session() as session, session.begin():
        author = (await session.scalars(select(Author).where(Author.name == name))).one_or_none()
        if author is None:
            author = Author(name=name)
            session.add(author)
        session.add(Book(title=title, author=author))
    return {"added": title}


@app.get("/authors")
async def authors():
    async with Session() as session:
        found = await session.scalars(select(Author).options(selectinload(Author.books)).order_by(Author.name))
        return {author.name: sorted(book.title for book in author.books) for author in found}


@app.post("/many")
async def many():
    """Ten writers at once, each in its own session and transaction: SQLite lets one
    write at a time, so the others wait for its lock (on the loop, here)."""
    await add_book("Many", "Volume 0")
    await asyncio.gather(*(add_book("Many", f"Volume {i}") for i in range(1, 10)))
    async with Session() as session:
        return {"volumes": await session.scalar(select(func.count()).select_from(Book).join(Author).where(Author.name == "Many"))}


@app.post("/rollback")
async def rollback():
    """A failed transaction leaves nothing behind."""
    try:
        async with Session() as session, session.begin():
            session.add(Author(name="Ghost"))
            await session.flush()
            raise RuntimeError("changed my mind")
    except RuntimeError:
        pass
    async with Session() as session:
        return {"ghosts": await session.scalar(select(func.count()).where(Author.name == "Ghost"))}


@app.get("/lazy")
async def lazy():
    """A lazy load outside an awaited call fails as on a server; awaitable_attrs loads it."""
    async with Session() as session:
        author = (await session.scalars(select(Author).limit(1))).one()
        try:
            author.books
            outcome = "loaded"
        except (MissingGreenlet, StatementError) as error:  # SQLAlchemy wraps it as it runs the query
            outcome = type(getattr(error, "orig", error)).__name__
        books = await author.awaitable_attrs.books
        return {"plain": outcome, "awaited": len(books) > 0}


@app.get("/raw")
async def raw():
    """aiosqlite on its own, as apps use it without SQLAlchemy."""
    async with aiosqlite.connect(DB) as db:
        db.row_factory = aiosqlite.Row
        async with db.execute("select title from books order by title limit 2") as cursor:
            rows = [row["title"] async for row in cursor]
        try:
            await db.execute("select * from no_such_table")
        except aiosqlite.OperationalError as error:
            failure = str(error)
    return {"rows": rows, "failure": failure}
