"""A new, empty database for one benchmark run, and how to drop it (shared by the
benchmark scripts; not a benchmark itself, so ``run_all.py`` does not run it)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
"""The local PostgreSQL server the benchmarks create their databases on."""


def new_database(dialect: str, folder: Path, prefix: str) -> tuple[str, Callable[[], None]]:
    """The URL of a new database named ``prefix`` plus a random suffix (an SQLite file in
    ``folder``, or a database on :data:`POSTGRES_SERVER`) and a function that drops it."""
    if dialect == "sqlite":
        return f"sqlite:///{folder / f'{prefix}-{uuid.uuid4().hex[:6]}.db'}", lambda: None
    import psycopg

    name = f"slingcoach_{prefix}_{uuid.uuid4().hex[:8]}"
    plain = POSTGRES_SERVER.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return POSTGRES_SERVER.rsplit("/", 1)[0] + f"/{name}", drop
