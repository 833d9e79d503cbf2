"""CLI commands: ``slingcoach anatomy muscles|slings|sling|explain``.

The commands parse arguments, call :mod:`slingcoach.anatomy` and :mod:`slingcoach.reports`,
and print Rich tables (or JSON with ``--json``). Library imports happen inside the commands
so that ``slingcoach --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from slingcoach.cli._output import JsonOption, console, print_json


def register(app: typer.Typer) -> None:
    """Add the ``anatomy`` group to the main app."""
    group = typer.Typer(
        help="Muscles, connective structures and the four slings; body diagrams.",
        no_args_is_help=True,
    )
    group.command("muscles")(muscles)
    group.command("slings")(slings)
    group.command("sling")(sling)
    group.command("explain")(explain)
    app.add_typer(group, name="anatomy")


def muscles(
    group: Annotated[
        str | None, typer.Option("--group", "-g", help="Only this muscle group (e.g. glutes).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the muscles (each exists on both sides), optionally one group."""
    from rich.table import Table

    from slingcoach.anatomy import GROUPS, get_anatomy, slings_of
    from slingcoach.anatomy.models import suggest
    from slingcoach.errors import UnknownIdError

    anatomy = get_anatomy()
    if group is not None and group not in GROUPS:
        raise UnknownIdError("muscle group", group, suggest(group, list(GROUPS)))
    chosen = [m for m in anatomy.muscles if group is None or m.group == group]
    rows: list[dict[str, Any]] = []
    for muscle in chosen:
        row = muscle.model_dump(mode="json")
        row["slings"] = sorted({m.sling for m in slings_of(muscle.id, None)})
        rows.append(row)
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"Muscles{f' in group {group}' if group else ''} ({len(rows)}, both sides)")
    table.add_column("id", no_wrap=True)
    for column in ("name", "plain name", "region", "group", "slings"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"],
            row["name"],
            row["plain_name"],
            row["region"],
            row["group"],
            ", ".join(row["slings"]),
        )
    console.print(table)


def slings(as_json: JsonOption = False) -> None:
    """List the four slings with their chains (named by the side of the hip/leg muscle)."""
    from rich.table import Table

    from slingcoach.anatomy import get_anatomy
    from slingcoach.anatomy.slings import chain_text

    anatomy = get_anatomy()
    rows = [
        {
            "id": s.id,
            "name": s.name,
            "abbreviation": s.abbreviation,
            "plain_name": s.plain_name,
            "named_by": s.named_by,
            "chain_right": chain_text(s.id, "right"),
            "chain_left": chain_text(s.id, "left"),
        }
        for s in anatomy.slings
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(title="The four slings (a sling's side is the side of its hip/leg muscle)")
    table.add_column("id", no_wrap=True)
    for column in ("name", "right side", "in plain words"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"],
            f"{row['name']} ({row['abbreviation']})",
            row["chain_right"],
            row["plain_name"],
        )
    console.print(table)


def sling(
    sling_id: Annotated[
        str, typer.Argument(metavar="ID", help="Sling id or name, e.g. posterior-oblique, POS.")
    ],
    side: Annotated[
        str, typer.Option("--side", "-s", help="left or right (the hip/leg muscle's side).")
    ] = "right",
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Write a body diagram (SVG) here.")
    ] = None,
    png: Annotated[
        Path | None, typer.Option("--png", help="Write a body diagram (PNG) here.")
    ] = None,
    view: Annotated[
        str, typer.Option("--view", help="Diagram view: auto, front, back or both.")
    ] = "auto",
    as_json: JsonOption = False,
) -> None:
    """Show one sling on one side: its chain, what it does, what happens when a link is weak."""
    from slingcoach.anatomy import chain, get_anatomy, parse_side
    from slingcoach.anatomy.slings import chain_text
    from slingcoach.anatomy.slings import sling_id as sling_id_of

    anatomy = get_anatomy()
    resolved = sling_id_of(sling_id)
    record = anatomy.sling(resolved)
    parsed = parse_side(side, field="--side")
    assert parsed is not None
    written: list[str] = []
    if svg is not None or png is not None:
        written = _write_diagrams(resolved, parsed.value, svg, png, view)
    links = chain(resolved, parsed)
    sources = [anatomy.sources[key] for key in record.sources]
    result = {
        "id": record.id,
        "name": record.name,
        "side": parsed.value,
        "chain": [link.model_dump(mode="json") for link in links],
        "chain_text": chain_text(resolved, parsed),
        "chain_plain": chain_text(resolved, parsed, plain=True),
        "plain": record.plain,
        "technical": record.technical,
        "when_weak": record.when_weak,
        "when_weak_technical": record.when_weak_technical,
        "activities": list(record.activities),
        "sources": sources,
        "files": written,
    }
    if as_json:
        print_json(result)
        return
    console.print(
        f"[bold]{record.name.capitalize()}, {parsed.value} side[/bold] ({record.abbreviation})"
    )
    console.print(f"  {result['chain_text']}", highlight=False)
    console.print(f"  [dim]{result['chain_plain']}[/dim]", highlight=False)
    console.print()
    console.print(record.plain, highlight=False)
    console.print()
    console.print("[bold]When one link is weak or late[/bold]")
    console.print(record.when_weak, highlight=False)
    console.print()
    console.print("[bold]Technical[/bold]")
    console.print(record.technical, highlight=False)
    console.print(record.when_weak_technical, highlight=False)
    _print_sources(sources)
    for path in written:
        console.print(f"wrote {path}", highlight=False, soft_wrap=True)


def _write_diagrams(
    sling_id: str, side: str, svg: Path | None, png: Path | None, view: str
) -> list[str]:
    """Draw the sling and write SVG and/or PNG files; returns the paths written."""
    from slingcoach.errors import InvalidInputError
    from slingcoach.reports.diagrams import body_svg, sling_views

    if view not in ("auto", "front", "back", "both"):
        raise InvalidInputError(
            f"--view must be auto, front, back or both, got {view!r}", source="--view"
        )
    chosen = view
    if view == "auto":
        views = sling_views(sling_id, side)
        chosen = views[0] if len(views) == 1 else "both"
    document = body_svg(view=chosen, sling=(sling_id, side))  # type: ignore[arg-type]
    written: list[str] = []
    if svg is not None:
        svg.write_text(document, encoding="utf-8")
        written.append(str(svg))
    if png is not None:
        from slingcoach.reports.render import svg_to_png

        png.write_bytes(svg_to_png(document, width_px=900))
        written.append(str(png))
    return written


def explain(
    name: Annotated[
        str,
        typer.Argument(
            help="A muscle, structure or sling: id or name (e.g. 'glute max', TLF, POS)."
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Explain a muscle, connective structure or sling in plain and technical words."""
    from slingcoach.anatomy import explain as explain_item

    result = explain_item(name)
    if as_json:
        print_json(result)
        return
    console.print(
        f"[bold]{result.name}[/bold] — {result.plain_name} [dim]({result.kind}: {result.id})[/dim]"
    )
    if result.chain_right:
        console.print(f"  right side: {result.chain_right}", highlight=False)
        console.print(f"  left side:  {result.chain_left}", highlight=False)
    console.print()
    console.print(result.plain, highlight=False)
    console.print()
    console.print("[bold]Technical[/bold]")
    console.print(result.technical, highlight=False)
    if result.sources:
        _print_sources(result.sources)


def _print_sources(sources: Sequence[str]) -> None:
    """A blank line, a bold "Sources" heading and one bullet per reference."""
    console.print()
    console.print("[bold]Sources[/bold]")
    for source in sources:
        console.print(f"  - {source}", highlight=False)
