"""Where the database is: ``SLINGCOACH_DATABASE_URL``, or a SQLite file in the user's data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "SLINGCOACH_DATABASE_URL"
"""Environment variable with the database URL (``sqlite:///path`` or ``postgresql://...``)."""

FILE_NAME = "slingcoach.db"

POOL_SIZE_VAR = "SLINGCOACH_DB_POOL_SIZE"
POOL_OVERFLOW_VAR = "SLINGCOACH_DB_POOL_OVERFLOW"
POOL_TIMEOUT_VAR = "SLINGCOACH_DB_POOL_TIMEOUT_S"
SQLITE_POOL = (40, 0)
"""Connections kept per process on SQLite (and extra ones allowed): one per thread of the web
server's pool (anyio runs sync routes on 40 threads), since an SQLite connection is only an
open file and the writers queue on the database's lock anyway."""
POSTGRES_POOL = (10, 10)
"""Connections kept per process on PostgreSQL (and extra ones allowed under load): two
workers hold at most 40 of the server's default ``max_connections`` of 100."""
POOL_TIMEOUT_S = 10.0
"""How long a request waits for a free connection before it is answered 503 (our
convention: well under a browser's patience, well over a normal request)."""


def default_sqlite_path() -> Path:
    """The embedded database file: ``slingcoach.db`` in the user's data folder (platformdirs)."""
    import platformdirs

    return platformdirs.user_data_path("slingcoach", appauthor=False) / FILE_NAME


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The database URL from ``SLINGCOACH_DATABASE_URL``, else the embedded SQLite file.

    PostgreSQL URLs written as ``postgresql://`` or ``postgres://`` are given the psycopg 3
    driver (``postgresql+psycopg://``), the one slingcoach installs.

    >>> database_url({"SLINGCOACH_DATABASE_URL": "postgres://u@db/coach"})
    'postgresql+psycopg://u@db/coach'
    """
    env = os.environ if environ is None else environ
    url = env.get(ENV_VAR, "").strip()
    if not url:
        return f"sqlite:///{default_sqlite_path()}"
    return normalise_url(url)


def normalise_url(url: str) -> str:
    """Give bare PostgreSQL URLs the psycopg 3 driver; leave every other URL as it is."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user, colon, _password = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"


def pool_options(backend: str, environ: Mapping[str, str] | None = None) -> dict[str, float]:
    """``pool_size``, ``max_overflow`` and ``pool_timeout`` for the engine of ``backend``
    (``sqlite`` or ``postgresql``): the defaults above, or ``SLINGCOACH_DB_POOL_SIZE``,
    ``SLINGCOACH_DB_POOL_OVERFLOW`` and ``SLINGCOACH_DB_POOL_TIMEOUT_S``.

    >>> pool_options("postgresql", {"SLINGCOACH_DB_POOL_SIZE": "4"})
    {'pool_size': 4, 'max_overflow': 10, 'pool_timeout': 10.0}
    """
    from slingcoach.errors import DatabaseError

    env = os.environ if environ is None else environ
    size, overflow = SQLITE_POOL if backend == "sqlite" else POSTGRES_POOL
    values: dict[str, float] = {}
    for name, var, default, low in (
        ("pool_size", POOL_SIZE_VAR, size, 1),
        ("max_overflow", POOL_OVERFLOW_VAR, overflow, 0),
        ("pool_timeout", POOL_TIMEOUT_VAR, POOL_TIMEOUT_S, 0),
    ):
        text = env.get(var, "").strip()
        if not text:
            values[name] = default
            continue
        try:
            value = float(text) if name == "pool_timeout" else int(text)
        except ValueError:
            value = low - 1
        if value < low:
            kind = "a number of seconds" if name == "pool_timeout" else "a whole number"
            raise DatabaseError(f"{var} must be {kind} of at least {low}, not {text!r}")
        values[name] = value
    return values
