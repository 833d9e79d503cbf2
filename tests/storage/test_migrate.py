"""Schema migrations: the models match the migrations; behind or ahead is refused clearly."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import text

from slingcoach.errors import DatabaseError
from slingcoach.storage.database import Database
from slingcoach.storage.migrate import status, upgrade

DIALECTS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_migrations_build_exactly_the_tables_of_the_models(
    dialect: str, new_database: Callable[[str], str]
) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from slingcoach.storage.tables import Base

    with Database(new_database(dialect), check=False) as db:
        before = status(db)
        assert before.current is None and before.empty and before.pending
        after = upgrade(db)
        assert after.up_to_date and after.pending == ()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []


@pytest.mark.parametrize("dialect", DIALECTS)
def test_upgrade_twice_is_harmless(dialect: str, new_database: Callable[[str], str]) -> None:
    with Database(new_database(dialect), check=False) as db:
        upgrade(db)
        assert upgrade(db).up_to_date


@pytest.mark.postgres
def test_an_empty_postgres_database_is_refused_until_upgraded(
    new_database: Callable[[str], str],
) -> None:
    url = new_database("postgresql")
    with pytest.raises(DatabaseError, match=r"has no slingcoach tables.*slingcoach db upgrade"):
        Database(url)
    with Database(url, check=False) as db:
        upgrade(db)
    Database(url).close()


def test_a_new_sqlite_file_is_created_at_the_current_schema(
    new_database: Callable[[str], str],
) -> None:
    with Database(new_database("sqlite")) as db:
        assert status(db).up_to_date


def test_a_database_from_a_newer_slingcoach_is_refused(
    new_database: Callable[[str], str],
) -> None:
    url = new_database("sqlite")
    with Database(url, check=False) as db:
        upgrade(db)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        assert status(db).ahead
        with pytest.raises(DatabaseError, match="written by a newer slingcoach"):
            upgrade(db)
    with pytest.raises(DatabaseError, match="schema 9999, which this slingcoach does not know"):
        Database(url)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_database_with_tables_but_no_revision_is_refused(
    dialect: str, new_database: Callable[[str], str]
) -> None:
    url = new_database(dialect)
    with Database(url, check=False) as db, db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE something_else (id integer)"))
    with pytest.raises(DatabaseError, match=r"has no slingcoach tables.*`slingcoach db upgrade`"):
        Database(url)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_upgrading_from_0002_fills_the_program_sessions_column(
    dialect: str, new_database: Callable[[str], str]
) -> None:
    """A database at revision 0002 holding a program is refused, then upgraded with its data."""
    import datetime as dt

    from sqlalchemy import select

    from slingcoach.app.records import planned_sessions
    from slingcoach.storage.documents import dump_document
    from slingcoach.storage.tables import ProgramRow
    from tests.tracking.helpers import sample_program

    program = sample_program()
    url = new_database(dialect)
    with Database(url, check=False) as db:
        upgrade(db, "0002")
        now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
        with db.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO clients (slug, name, created_at) VALUES ('sam', 'Sam', :now)"),
                {"now": now},
            )
            # the 0002 layout has no sessions column: insert as that schema had it
            conn.execute(
                text(
                    "INSERT INTO programs (uid, client_id, start_date, weeks, schema_version, "
                    "document, created_at) VALUES ('p1', 1, :start, 4, '2.0', :doc, :now)"
                ),
                {
                    "start": program.start_date,
                    "doc": json.dumps(dump_document(program)),
                    "now": now,
                },
            )
    with pytest.raises(
        DatabaseError, match=r"is at 0002.*\d+ migrations? to run.*slingcoach db upgrade"
    ):
        Database(url)
    with Database(url, check=False) as db:
        assert upgrade(db).up_to_date
        with db.read() as session:
            row = session.scalars(select(ProgramRow)).one()
            assert row.sessions == planned_sessions(program)
