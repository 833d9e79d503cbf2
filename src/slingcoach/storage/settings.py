"""Where the database is: ``SLINGCOACH_DATABASE_URL``, or a SQLite file in the user's data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "SLINGCOACH_DATABASE_URL"
"""Environment variable with the database URL (``sqlite:///path`` or ``postgresql://...``)."""

FILE_NAME = "slingcoach.db"


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
