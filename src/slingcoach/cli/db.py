"""CLI commands ``slingcoach db upgrade|status``: the database schema."""

from __future__ import annotations

import typer

from slingcoach.cli._output import JsonOption, console, print_json
from slingcoach.cli._store import DbOption, open_database

db_app = typer.Typer(help="The database schema: status and upgrade.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``db`` group to the main app."""
    app.add_typer(db_app, name="db")


@db_app.command("status")
def status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show the database, its schema revision and the migrations still to run."""
    from slingcoach.storage.migrate import status as schema_status

    with open_database(db, check=False) as database:
        state = schema_status(database)
    if as_json:
        print_json({**state.__dict__, "up_to_date": state.up_to_date})
        return
    console.print(f"database: {state.database}")
    console.print(f"schema: {state.current or 'none'} (this slingcoach: {state.head})")
    if state.up_to_date:
        console.print("up to date")
    elif state.ahead:
        console.print("written by a newer slingcoach: upgrade slingcoach")
    else:
        console.print(
            f"{len(state.pending)} migration(s) to run ({', '.join(state.pending)}): "
            "`slingcoach db upgrade`"
        )


@db_app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Create the database or bring its schema up to date (one transaction)."""
    from slingcoach.storage.migrate import status as schema_status
    from slingcoach.storage.migrate import upgrade as run_upgrade

    with open_database(db, check=False) as database:
        before = schema_status(database)
        after = run_upgrade(database)
    if before.up_to_date:
        console.print(f"{after.database} is up to date (schema {after.head})")
    else:
        console.print(
            f"upgraded {after.database} from {before.current or 'empty'} to {after.current} "
            f"({', '.join(before.pending)})"
        )
