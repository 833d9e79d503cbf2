"""Schema migrations (Alembic, shipped in the package so an installed copy can upgrade).

``slingcoach db upgrade`` runs :func:`upgrade`; ``slingcoach db status`` shows
:func:`status`. Every other command opens the database through
:class:`~slingcoach.storage.database.Database`, which calls :func:`ensure_current` and
refuses a database whose schema is behind (or ahead of) this slingcoach.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from slingcoach.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

    from slingcoach.storage.database import Database

SCRIPT_LOCATION = "slingcoach.storage:migrations"


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database's schema stands against this slingcoach's migrations."""

    database: str
    current: str | None
    head: str
    pending: tuple[str, ...]
    empty: bool

    @property
    def up_to_date(self) -> bool:
        """True when the database is at the newest migration."""
        return self.current == self.head

    @property
    def ahead(self) -> bool:
        """True when the database was upgraded by a newer slingcoach (unknown revision)."""
        return self.current is not None and not self.up_to_date and not self.pending


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the bundled migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def status(db: Database) -> SchemaStatus:
    """The schema revision of ``db``, the newest known one, and the migrations still to run."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None, "the bundled migrations have a head"
    try:
        with db.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            empty = not inspect(connection).get_table_names()
    except OperationalError as exc:
        from slingcoach.storage.database import unreachable

        raise unreachable(db.name, exc) from None
    known = {rev.revision for rev in script.walk_revisions()}
    if current is None:
        pending = tuple(rev.revision for rev in reversed(list(script.walk_revisions())))
    elif current not in known:
        pending = ()
    else:
        pending = tuple(
            rev.revision for rev in reversed(list(script.iterate_revisions(head, current)))
        )
    return SchemaStatus(db.name, current, head, pending, empty)


def upgrade(db: Database, revision: str = "head") -> SchemaStatus:
    """Run the migrations up to ``revision`` in one transaction; returns the new status."""
    from alembic import command

    before = status(db)
    if before.ahead:
        raise DatabaseError(_ahead_text(before))
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    return status(db)


def ensure_current(db: Database) -> None:
    """Refuse a database whose schema is not this slingcoach's; create a new SQLite one.

    Raises
    ------
    DatabaseError
        Behind: names the pending migrations and says to run ``slingcoach db upgrade``.
        Ahead: says the database was written by a newer slingcoach.
    """
    state = status(db)
    if state.up_to_date:
        return
    if state.empty and db.dialect == "sqlite":
        # A new embedded database holds nothing to lose: create it at the current schema.
        upgrade(db)
        return
    if state.ahead:
        raise DatabaseError(_ahead_text(state))
    behind = "has no slingcoach tables" if state.current is None else f"is at {state.current}"
    raise DatabaseError(
        f"the database {state.database} {behind}; this slingcoach needs schema {state.head} "
        f"({len(state.pending)} migration{'s' if len(state.pending) != 1 else ''} to run): "
        "back it up, then run `slingcoach db upgrade`"
    )


def _ahead_text(state: SchemaStatus) -> str:
    return (
        f"the database {state.database} is at schema {state.current}, which this slingcoach "
        f"does not know (its newest is {state.head}): it was written by a newer slingcoach; "
        "upgrade slingcoach"
    )
