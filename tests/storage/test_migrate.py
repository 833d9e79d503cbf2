"""Schema migrations: the models match the migrations; behind or ahead is refused clearly."""

from __future__ import annotations

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
