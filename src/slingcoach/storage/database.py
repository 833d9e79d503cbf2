"""Open the database: one :class:`Database` per process, one transaction per unit of work.

SQLite (the embedded default) gets WAL mode (readers never wait for the writer), foreign
keys on, ``synchronous=NORMAL`` (durable across a crashed or killed process; only a power
cut can lose the last commits, per the SQLite WAL documentation) and a busy timeout.
Writes start with ``BEGIN IMMEDIATE``: a writer takes the write lock at the start of its
transaction, so two writers queue on the busy timeout instead of failing half-way with
"database is locked" when a read lock cannot be upgraded (SQLite's locking documentation).

PostgreSQL goes through psycopg 3 at READ COMMITTED; use cases that read-modify-write a row
lock it with ``SELECT ... FOR UPDATE``.

Each process keeps a pool of connections sized for the web server's threads
(:func:`~slingcoach.storage.settings.pool_options`, ``SLINGCOACH_DB_POOL_*``). A unit of work
that finds no free connection within the pool timeout raises
:class:`~slingcoach.errors.DatabaseBusyError` (the web app answers 503 with ``Retry-After``)
instead of SQLAlchemy's ``TimeoutError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from slingcoach.errors import DatabaseBusyError, DatabaseError
from slingcoach.storage.settings import (
    database_url,
    normalise_url,
    pool_options,
    redact,
)

BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for the write lock before giving up (our convention)."""
RETRY_AFTER_S = 2
"""What a request refused for want of a free connection is told to wait (our convention)."""


class Database:
    """A database and its sessions.

    Parameters
    ----------
    url
        SQLAlchemy URL; ``None`` reads ``SLINGCOACH_DATABASE_URL`` or uses the embedded file.
    check
        Refuse a database whose schema is behind or ahead of this slingcoach
        (:class:`~slingcoach.errors.DatabaseError` says to run ``slingcoach db upgrade``).
        A new, empty SQLite file is created and brought to the current schema.
    """

    def __init__(self, url: str | None = None, *, check: bool = True) -> None:
        self.url = normalise_url(url) if url is not None else database_url()
        self.engine = make_engine(self.url)
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        from slingcoach.storage.summaries import watch

        watch(self._writes)  # every write keeps the coach dashboard's client summaries
        if check:
            from slingcoach.storage.migrate import ensure_current

            ensure_current(self)

    @property
    def name(self) -> str:
        """The URL without its password, for messages."""
        return redact(self.url)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error.

        Raises :class:`~slingcoach.errors.DatabaseBusyError` when no pooled connection
        became free within the pool timeout."""
        try:
            with self._writes.begin() as session:
                yield session
        except PoolTimeout:
            raise self._busy() from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction (a consistent snapshot on both databases); never commits.

        Raises :class:`~slingcoach.errors.DatabaseBusyError` like :meth:`write`."""
        try:
            with self._reads() as session:
                try:
                    yield session
                finally:
                    session.rollback()
        except PoolTimeout:
            raise self._busy() from None

    def _busy(self) -> DatabaseBusyError:
        timeout = pool_options(self.dialect)["pool_timeout"]
        return DatabaseBusyError(
            f"the database {self.name} is busy: no connection became free in {timeout:g} s "
            f"({self.engine.pool.status()}); try again shortly",
            retry_after_s=RETRY_AFTER_S,
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with slingcoach's connection settings (see the module docstring)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"{redact(url)!r} is not a database URL; use sqlite:///path/to/file.db or "
            "postgresql://user@host/dbname (SLINGCOACH_DATABASE_URL)"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if backend == "postgresql":
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 10},
            **pool_options("postgresql"),
        )
    raise DatabaseError(
        f"{redact(url)}: slingcoach stores data in SQLite or PostgreSQL, not {backend!r}"
    )


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"cannot create the folder {folder} for the database: {exc.strerror}"
            ) from None
    on_disk = bool(database) and database != ":memory:"
    # an in-memory database lives in its one connection (SQLAlchemy's own pool for it)
    pool = pool_options("sqlite") if on_disk else {}
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **pool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's own
        # transaction handling would defer it and never use IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if database and database != ":memory:":
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def unreachable(db_name: str, exc: OperationalError) -> DatabaseError:
    """A :class:`DatabaseError` for a database that cannot be opened, with the driver's reason."""
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    return DatabaseError(f"cannot open the database {db_name}: {reason}")
