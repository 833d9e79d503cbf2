"""CLI commands ``slingcoach clients add|list|show``: the clients kept in the database."""

from __future__ import annotations

from typing import Annotated

import typer

from slingcoach.cli._output import JsonOption, console, print_json
from slingcoach.cli._store import DbOption, open_database

clients_app = typer.Typer(help="The clients kept in the database.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``clients`` group to the main app."""
    app.add_typer(clients_app, name="clients")


@clients_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The client's name, e.g. 'Sam Rivera'.")],
    slug: Annotated[
        str | None, typer.Option("--id", help="The id to type later (default: from the name).")
    ] = None,
    body_mass_kg: Annotated[
        float | None, typer.Option("--body-mass-kg", help="Body mass in kg.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a client; prints the id to use with --client."""
    from pydantic import ValidationError

    from slingcoach.app.clients import ClientCreate, add_client
    from slingcoach.errors import InvalidInputError

    try:
        new = ClientCreate(name=name, slug=slug, body_mass_kg=body_mass_kg)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = {"slug": "--id", "body_mass_kg": "--body-mass-kg"}.get(
            str(first["loc"][0]) if first["loc"] else "", "NAME"
        )
        raise InvalidInputError(first["msg"], source=field) from None
    with open_database(db) as database:
        client = add_client(database, new)
    if as_json:
        print_json(client)
    else:
        from rich.markup import escape

        console.print(f"added {escape(client.name)}: id [bold]{client.slug}[/bold]")


@clients_app.command("list")
def list_(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the clients."""
    from rich.table import Table

    from slingcoach.app.clients import list_clients

    with open_database(db) as database:
        clients = list_clients(database)
    if as_json:
        print_json(clients)
        return
    if not clients:
        console.print("no clients yet: `slingcoach clients add NAME` adds one")
        return
    table = Table(title=f"Clients ({len(clients)})", title_justify="left")
    for column in ("id", "name", "assessments", "last assessed", "programs"):
        table.add_column(column)
    for c in clients:
        table.add_row(
            c.slug,
            c.name,
            str(c.assessments),
            c.last_assessed_on.isoformat() if c.last_assessed_on else "—",
            str(c.programs),
        )
    console.print(table)


@clients_app.command("show")
def show(
    client: Annotated[str, typer.Argument(help="Client id (see `slingcoach clients list`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a client with their assessments, programs and notes."""
    from rich.markup import escape

    from slingcoach.app.clients import show_client

    with open_database(db) as database:
        detail = show_client(database, client)
    if as_json:
        print_json(detail)
        return
    mass = f", {detail.body_mass_kg:g} kg" if detail.body_mass_kg else ""
    console.print(f"[bold]{escape(detail.name)}[/bold] ({detail.slug}{mass})")
    console.print(f"intakes: {detail.intakes}")
    if not detail.assessments:
        console.print("no assessments yet")
    for a in detail.assessments:
        refer = " — REFER to a clinician" if a.refer else ""
        console.print(f"assessment {a.id} on {a.assessed_on.isoformat()}{refer}")
        for finding in a.findings:
            console.print(f"  finding: {finding}")
        for name in a.recordings:
            console.print(f"  recording kept: {escape(name)}")
    for p in detail.programs:
        source = f" from assessment {p.assessment_id}" if p.assessment_id else ""
        console.print(f"program {p.id}: {p.weeks} weeks from {p.start_date.isoformat()}{source}")
    for note in detail.notes:
        console.print(f"note {escape(note)}")


@clients_app.command("note")
def note(
    client: Annotated[str, typer.Argument(help="Client id.")],
    text: Annotated[str, typer.Argument(help="The note.")],
    author: Annotated[str, typer.Option("--author", help="coach or client.")] = "coach",
    db: DbOption = None,
) -> None:
    """Keep a note about a client (`clients show` lists them)."""
    from pydantic import ValidationError

    from slingcoach.app.clients import NoteCreate, add_note
    from slingcoach.errors import InvalidInputError

    try:
        new = NoteCreate.model_validate({"text": text, "author": author})
    except ValidationError as exc:
        first = exc.errors()[0]
        source = "--author" if first["loc"] and first["loc"][0] == "author" else "TEXT"
        raise InvalidInputError(first["msg"], source=source) from None
    with open_database(db) as database:
        shown = add_note(database, client, new)
    from rich.markup import escape

    console.print(f"noted for {client}: {escape(shown)}")
