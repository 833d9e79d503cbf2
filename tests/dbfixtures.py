"""Database fixtures: every storage test runs on SQLite and on PostgreSQL.

``db`` is parametrised over both. SQLite gets a new file per test. PostgreSQL gets one
throw-away database per test process (created on the server named by
``SLINGCOACH_TEST_POSTGRES_URL``, default ``postgresql://postgres@127.0.0.1:5432/postgres``,
and dropped at the end), emptied before each test.

Without a server the PostgreSQL tests skip with the reason, except where
``SLINGCOACH_REQUIRE_POSTGRES=1`` (``.ci/run`` sets it): there they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from slingcoach.storage.database import Database
from slingcoach.storage.settings import normalise_url

SERVER_URL = normalise_url(
    os.environ.get("SLINGCOACH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
)
REQUIRED = os.environ.get("SLINGCOACH_REQUIRE_POSTGRES") == "1"


def _server_problem() -> str | None:
    import psycopg

    try:
        with psycopg.connect(SERVER_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


class PostgresServer:
    """Creates and drops throw-away databases on the test server."""

    def __init__(self) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(SERVER_URL)
        self.created: list[str] = []

    def create(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"slingcoach_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(SERVER_URL.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        import psycopg

        with psycopg.connect(SERVER_URL.replace("+psycopg", ""), autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL test server (skips, or fails where required, when none answers)."""
    problem = _server_problem()
    if problem is not None:
        message = f"no PostgreSQL server at {SERVER_URL}: {problem}"
        if REQUIRED:
            pytest.fail(message + " (SLINGCOACH_REQUIRE_POSTGRES=1)")
        pytest.skip(message + "; set SLINGCOACH_TEST_POSTGRES_URL to run these tests")
    server = PostgresServer()
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def postgres_db(postgres_server: PostgresServer) -> Iterator[Database]:
    """One PostgreSQL database per test process, at the current schema."""
    from slingcoach.storage.migrate import upgrade

    database = Database(postgres_server.create(), check=False)
    upgrade(database)
    yield database
    database.close()


def _empty(database: Database) -> None:
    from sqlalchemy import text

    from slingcoach.storage.tables import Base

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _sqlite_db(path: Path) -> Database:
    return Database(f"sqlite:///{path}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database at the current schema: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        database = _sqlite_db(tmp_path / "test.db")
        yield database
        database.close()
        return
    database = request.getfixturevalue("postgres_db")
    _empty(database)
    yield database


@pytest.fixture
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """A factory of URLs of new, empty databases (no tables) of a given dialect."""

    def make(dialect: str) -> str:
        if dialect == "sqlite":
            return f"sqlite:///{tmp_path / f'new-{uuid.uuid4().hex[:8]}.db'}"
        server: PostgresServer = request.getfixturevalue("postgres_server")
        return server.create()

    return make
