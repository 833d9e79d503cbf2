"""The connection pool: sized per backend or by SLINGCOACH_DB_POOL_*, and a pool that stays
exhausted for its timeout gives a DatabaseBusyError (the web app's 503), not SQLAlchemy's
TimeoutError."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from slingcoach.errors import DatabaseBusyError, DatabaseError
from slingcoach.storage.database import RETRY_AFTER_S, Database
from slingcoach.storage.settings import POSTGRES_POOL, SQLITE_POOL, pool_options
from slingcoach.storage.tables import Client


def test_pool_sizes_per_backend_and_from_the_environment() -> None:
    assert pool_options("sqlite", {})["pool_size"] == SQLITE_POOL[0]
    assert pool_options("postgresql", {})["max_overflow"] == POSTGRES_POOL[1]
    env = {
        "SLINGCOACH_DB_POOL_SIZE": "3",
        "SLINGCOACH_DB_POOL_OVERFLOW": "0",
        "SLINGCOACH_DB_POOL_TIMEOUT_S": "0.5",
    }
    assert pool_options("postgresql", env) == {
        "pool_size": 3,
        "max_overflow": 0,
        "pool_timeout": 0.5,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [("SIZE", "0"), ("SIZE", "many"), ("OVERFLOW", "-1"), ("TIMEOUT_S", "soon")],
)
def test_a_bad_pool_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(DatabaseError, match=f"SLINGCOACH_DB_POOL_{name} must be .* not '{value}'"):
        pool_options("sqlite", {f"SLINGCOACH_DB_POOL_{name}": value})


def test_an_exhausted_pool_is_a_busy_database(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLINGCOACH_DB_POOL_SIZE", "1")
    monkeypatch.setenv("SLINGCOACH_DB_POOL_OVERFLOW", "0")
    monkeypatch.setenv("SLINGCOACH_DB_POOL_TIMEOUT_S", "0.2")
    with Database(db.url, check=False) as small:
        assert small.engine.pool.size() == 1  # type: ignore[attr-defined]
        with small.read() as first:
            first.execute(select(Client.id)).all()  # holds the only connection
            busy_text = r"is busy: no connection became free in 0\.2 s"
            with pytest.raises(DatabaseBusyError, match=busy_text), small.read() as second:
                second.execute(select(Client.id)).all()
            with pytest.raises(DatabaseBusyError) as busy, small.write() as third:
                third.execute(select(Client.id)).all()
            assert busy.value.retry_after_s == RETRY_AFTER_S
        with small.read() as again:  # free again: nothing was lost
            assert again.execute(select(Client.id)).all() == []
