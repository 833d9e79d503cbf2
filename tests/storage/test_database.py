"""Opening the database: SQLite settings, one transaction per unit of work, clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from slingcoach.errors import DatabaseError
from slingcoach.storage.database import BUSY_TIMEOUT_MS, Database
from slingcoach.storage.tables import Client

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_sqlite_has_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with Database(f"sqlite:///{tmp_path / 'a.db'}") as db, db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_a_new_sqlite_file_and_its_folder_are_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "coach.db"
    with Database(f"sqlite:///{path}") as db:
        assert db.dialect == "sqlite"
    assert path.is_file()


def test_write_commits_and_a_failed_write_leaves_nothing(db: Database) -> None:
    with db.write() as session:
        session.add(Client(slug="kept", name="Kept", created_at=NOW))
    with pytest.raises(RuntimeError, match="half-way"), db.write() as session:
        session.add(Client(slug="lost-1", name="Lost", created_at=NOW))
        session.flush()
        session.add(Client(slug="lost-2", name="Lost", created_at=NOW))
        session.flush()
        raise RuntimeError("failed half-way")
    with db.read() as session:
        assert list(session.scalars(select(Client.slug))) == ["kept"]


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    from slingcoach.storage.tables import NoteRow

    with pytest.raises(IntegrityError), db.write() as session:
        session.add(NoteRow(client_id=999, author="coach", text="x", created_at=NOW))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(NoteRow)) == 0


def test_timestamps_come_back_time_zone_aware_in_utc(db: Database) -> None:
    local = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with db.write() as session:
        session.add(Client(slug="tz", name="Tz", created_at=local))
    with db.read() as session:
        stored = session.scalar(select(Client.created_at))
    assert stored == local
    assert stored is not None and stored.utcoffset() == dt.timedelta(0)


def test_a_naive_timestamp_is_refused(db: Database) -> None:
    from sqlalchemy.exc import StatementError

    with pytest.raises(StatementError, match="time-zone aware"), db.write() as session:
        session.add(Client(slug="naive", name="N", created_at=dt.datetime(2026, 1, 1)))


def test_read_never_commits(db: Database) -> None:
    with db.read() as session:
        session.add(Client(slug="ghost", name="Ghost", created_at=NOW))
        session.flush()
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Client)) == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://u@h/db", "SQLite or PostgreSQL, not 'mysql'"),
    ],
)
def test_unusable_urls_are_refused_clearly(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        Database(url)


def test_an_unreachable_server_names_the_database_without_its_password() -> None:
    url = "postgresql://coach:secret@127.0.0.1:1/nothing"
    with pytest.raises(DatabaseError) as info:
        Database(url)
    assert "cannot open the database postgresql+psycopg://coach:***@127.0.0.1:1/nothing" in str(
        info.value
    )
    assert "secret" not in str(info.value)


def test_sqlite_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot create the folder"):
        Database(f"sqlite:///{blocker / 'sub' / 'a.db'}")


def test_sqlite_in_memory_works_for_quick_use() -> None:
    with Database("sqlite://") as db, db.write() as session:
        session.execute(text("SELECT 1"))
