"""CLI commands: ``slingcoach exercises list|show|search|substitutes|chain|import``.

Commands parse arguments, call :mod:`slingcoach.exercises` and print Rich tables (or
JSON with ``--json``). Library imports happen inside the commands so that start-up
stays fast; only the tiny :mod:`slingcoach.vocab` enums are imported here, for the
choices shown in ``--help``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from slingcoach.cli._output import JsonOption, console, print_json
from slingcoach.vocab import Category, Equipment, Laterality, Pattern, Side

if TYPE_CHECKING:
    from slingcoach.exercises import Catalogue, Exercise

CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--catalogue",
        help="Your own catalogue file (YAML), merged over the bundled one.",
        dir_okay=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ``exercises`` group to the main app."""
    group = typer.Typer(
        help="The exercise library: list, show, search, substitutes, progressions, import.",
        no_args_is_help=True,
    )
    group.command("list")(list_exercises)
    group.command("show")(show)
    group.command("search")(search)
    group.command("substitutes")(substitutes)
    group.command("chain")(chain)
    group.command("import")(import_exercises)
    app.add_typer(group, name="exercises")


def _catalogue(path: Path | None) -> Catalogue:
    if path is not None:
        from slingcoach.exercises.io import load_catalogue

        return load_catalogue(path)
    from slingcoach.exercises import get_catalogue

    return get_catalogue()


def _summary(ex: Exercise) -> dict[str, Any]:
    return {
        "id": ex.id,
        "name": ex.name,
        "pattern": ex.pattern.value,
        "laterality": ex.laterality.value,
        "level": ex.level,
        "equipment": [e.value for e in ex.equipment],
        "slings": list(ex.slings),
    }


SLING_SHORT = {
    "posterior-oblique": "POS",
    "anterior-oblique": "AOS",
    "deep-longitudinal": "DLS",
    "lateral": "LAT",
}
LATERALITY_SHORT = {
    "bilateral": "bi",
    "unilateral": "uni",
    "contralateral-loaded": "contra",
    "ipsilateral-loaded": "ipsi",
}


def _table(title: str, exercises: list[Exercise], score: dict[str, float] | None = None) -> None:
    """Print exercises as a Rich table.

    Columns are ``no_wrap`` with widths computed here from the data: Rich then skips
    measuring every cell, which keeps a 200-row listing fast (part of start-up time).
    """
    from rich import box
    from rich.table import Table

    rows: list[list[str]] = []
    for ex in exercises:
        cells = [ex.id, ex.name]
        if score is not None:
            cells.append(f"{score[ex.id]:.0f}")
        cells += [
            ex.pattern.value,
            LATERALITY_SHORT[ex.laterality.value],
            str(ex.level),
            ", ".join(e.value for e in ex.equipment) or "-",
            " ".join(SLING_SHORT.get(s, s) for s in ex.slings),
        ]
        rows.append(cells)
    headers = ["id", "name"] + (["score"] if score is not None else [])
    headers += ["pattern", "side", "L", "equipment", "slings"]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    if sum(widths) + 2 * len(widths) > console.width:  # no room for names: drop that column
        headers.pop(1)
        widths.pop(1)
        for row in rows:
            row.pop(1)
    caption = (
        "L level; side: bi both, uni one side, contra/ipsi load in the hand opposite/on "
        "the side of the working leg; slings: POS posterior oblique, AOS anterior oblique, "
        "DLS deep longitudinal, LAT lateral"
    )
    if len(rows) > LONG_LISTING:
        _aligned(title, headers, widths, rows, caption)
        return
    table = Table(
        title=title, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, caption=caption
    )
    for index, (header, width) in enumerate(zip(headers, widths, strict=True)):
        if index == 0:  # only the id may fold on a narrow terminal; ids are never cut
            table.add_column(header, overflow="fold", min_width=12)
        else:
            table.add_column(header, no_wrap=True, width=width, overflow="ellipsis")
    for row in rows:
        table.add_row(*row)
    console.print(table)


LONG_LISTING = 40
"""Above this many rows a listing is printed as aligned text in the table's layout."""


def _aligned(
    title: str, headers: list[str], widths: list[int], rows: list[list[str]], caption: str
) -> None:
    """The look of the Rich table above as one pre-aligned Rich Text.

    Rich measures and lays out every cell of a Table, which for the full catalogue
    (~240 rows) costs more than loading the catalogue; this keeps ``exercises list``
    inside the start-up budget. Lines longer than the terminal are cut, never wrapped.
    """
    from rich.text import Text

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(line(headers).rstrip() + "\n", style="bold")
    text.append("─" * min(console.width, sum(widths) + 2 * (len(widths) - 1)) + "\n")
    text.append("\n".join(line(row).rstrip() for row in rows))
    console.print(title, style="italic", justify="center", markup=False, highlight=False)
    console.print(text, highlight=False, no_wrap=True, overflow="ellipsis", crop=True)
    console.print(caption, style="dim", markup=False, highlight=False)


def list_exercises(
    pattern: Annotated[
        Pattern | None, typer.Option("--pattern", "-p", help="Movement pattern.")
    ] = None,
    equipment: Annotated[
        list[Equipment] | None,
        typer.Option("--equipment", "-e", help="Uses this equipment (repeat: uses all of them)."),
    ] = None,
    available: Annotated[
        list[Equipment] | None,
        typer.Option(
            "--available",
            "-a",
            help="Doable with only this equipment (repeat for each item; body weight always is).",
        ),
    ] = None,
    body_weight: Annotated[
        bool, typer.Option("--body-weight", help="Only exercises that need no equipment.")
    ] = False,
    laterality: Annotated[
        Laterality | None,
        typer.Option("--laterality", "-l", help="How the two sides are loaded."),
    ] = None,
    category: Annotated[
        Category | None, typer.Option("--category", "-c", help="What it is for in a session.")
    ] = None,
    muscle: Annotated[
        str | None, typer.Option("--muscle", "-m", help="Works this muscle (anatomy id).")
    ] = None,
    primary_only: Annotated[
        bool, typer.Option("--primary-only", help="With --muscle: only as a primary muscle.")
    ] = False,
    sling: Annotated[
        str | None,
        typer.Option(
            "--sling",
            help="Trains this sling: posterior-oblique, anterior-oblique, deep-longitudinal, "
            "lateral.",
        ),
    ] = None,
    level: Annotated[
        int | None, typer.Option("--level", min=1, max=3, help="Exactly this level.")
    ] = None,
    max_level: Annotated[
        int | None, typer.Option("--max-level", min=1, max=3, help="This level or easier.")
    ] = None,
    focus: Annotated[
        list[str] | None, typer.Option("--focus", "-f", help="Carries this focus tag (repeatable).")
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", "-x", help="Leave out exercises with this contraindication tag."),
    ] = None,
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """List exercises matching every filter given."""
    from slingcoach.errors import InvalidInputError
    from slingcoach.vocab import CONTRAINDICATIONS

    for tag in exclude or ():
        if tag not in CONTRAINDICATIONS:
            raise InvalidInputError(
                f"unknown contraindication tag {tag!r}; choose from: {', '.join(CONTRAINDICATIONS)}",
                source="--exclude",
            )
    avail: list[Equipment] | None = list(available) if available else None
    if body_weight:
        avail = []
    found = _catalogue(catalogue).filter(
        pattern=pattern,
        laterality=laterality,
        category=category,
        requires=equipment or None,
        equipment_available=avail,
        muscle=muscle,
        muscle_role="primary" if primary_only else "any",
        sling=sling,
        level=level,
        max_level=max_level,
        focus=focus or None,
        exclude_contraindications=exclude or None,
    )
    if as_json:
        print_json(found)
        return
    if not found:
        console.print("no exercise matches all of these filters; drop one to see more")
        return
    _table(f"Exercises ({len(found)})", found)


def _sides_row(ex: Exercise, side: Side | None) -> str:
    """What R and L mean for this exercise, as the plan prints it (exercises.sides)."""
    from slingcoach.exercises.sides import setup_for, setup_text

    if not ex.one_sided:
        return ""
    if ex.alternating:
        return "alternate sides, reps per side"
    working = side or Side.RIGHT
    setup = setup_for(ex, working)
    assert setup is not None
    return f"{setup_text(setup, working)} (the plan's R/L name the {setup.limb.value.replace('-', ' ')})"


def _show_table(ex: Exercise, source: str, side: Side | None = None) -> None:
    from rich.table import Table

    table = Table(title=f"{ex.name} ({ex.id})", show_header=False, title_justify="left")
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    dose = f"{ex.dose.sets} x {ex.dose.low}-{ex.dose.high} {ex.unit.value}"
    if ex.one_sided:
        dose += " per side"
    rows = [
        ("description", ex.description),
        ("aliases", ", ".join(ex.aliases)),
        ("pattern", ex.pattern.value),
        ("category", ex.category.value),
        ("laterality", ex.laterality.value),
        ("level", str(ex.level)),
        ("primary muscles", ", ".join(ex.primary_muscles)),
        ("secondary muscles", ", ".join(ex.secondary_muscles)),
        ("slings", ", ".join(ex.slings)),
        ("equipment", ", ".join(e.value for e in ex.equipment) or "body weight"),
        ("dose", f"{dose}, rest {ex.rest_s} s"),
        ("sides", _sides_row(ex, side)),
        ("spinal load", ex.spinal_load.value),
        ("impact", "yes" if ex.impact else "no"),
        ("focus", ", ".join(ex.focus)),
        ("cues", "\n".join(f"- {c}" for c in ex.cues)),
        ("common faults", "\n".join(f"- {f}" for f in ex.faults)),
        ("avoid with", ", ".join(ex.contraindications)),
        ("regressions", ", ".join(ex.regressions)),
        ("progressions", ", ".join(ex.progressions)),
        ("licence", f"{ex.licence}, {ex.author} ({source})"),
    ]
    for field, value in rows:
        if value:
            table.add_row(field, value)
    console.print(table)


def show(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id.")],
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg", help="Write a body diagram of its muscles to this SVG file.", dir_okay=False
        ),
    ] = None,
    side: Annotated[
        Side | None,
        typer.Option(
            "--side",
            help="Side for one-sided exercises: the limb the plan names (default right).",
        ),
    ] = None,
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one exercise in full; optionally draw the muscles it works."""
    cat = _catalogue(catalogue)
    ex = cat.get(exercise_id)
    if svg is not None:
        _write_svg(ex, side, svg)
    if as_json:
        print_json(ex)
        return
    _show_table(ex, cat.source_of(ex.id), side)
    if svg is not None:
        console.print(f"diagram written to {svg}")


def _write_svg(ex: Exercise, side: Side | None, path: Path) -> None:
    from slingcoach.exercises.highlights import muscle_highlights
    from slingcoach.reports.diagrams import body_svg

    working = (side or Side.RIGHT) if ex.one_sided else None
    highlights: dict[tuple[str, Side | None], float] = {
        key: value for key, value in muscle_highlights(ex, working).items()
    }
    sling = (ex.slings[0], working) if ex.slings and working is not None else None
    title = ex.name
    if working is not None:
        from slingcoach.exercises.sides import setup_for, setup_text

        setup = setup_for(ex, None if ex.alternating else working)
        assert setup is not None
        title += f", {setup_text(setup, None if ex.alternating else working)}"
    text = body_svg(
        view="both",
        highlights=highlights,
        sling=sling,
        title=title,
        legend_label="primary muscles 1.0, secondary 0.5",
    )
    path.write_text(text, encoding="utf-8")


def search(
    text: Annotated[str, typer.Argument(help="Words from a name, alias or cue; typos are fine.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100)] = 10,
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find exercises by name, alias or cue (typo tolerant), best match first."""
    hits = _catalogue(catalogue).search(text, limit=limit)
    if as_json:
        print_json([{"score": score, **_summary(ex)} for ex, score in hits])
        return
    if not hits:
        console.print(f"no exercise matches {text!r}")
        return
    _table(f"Search: {text}", [ex for ex, _ in hits], {ex.id: score for ex, score in hits})


def substitutes(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise to replace.")],
    equipment: Annotated[
        list[Equipment] | None,
        typer.Option(
            "--equipment", "-e", help="Equipment at hand (repeat; none = body weight only)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100)] = 10,
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """Exercises of the same pattern and muscles that can be done with the equipment at hand."""
    cat = _catalogue(catalogue)
    target = cat.get(exercise_id)
    found = cat.substitutes(target.id, equipment or [], limit=limit)
    if as_json:
        print_json({"exercise": _summary(target), "substitutes": [_summary(ex) for ex in found]})
        return
    kit = ", ".join(e.value for e in equipment or []) or "body weight only"
    if not found:
        console.print(f"no substitute for {target.id} with {kit}")
        return
    _table(f"Substitutes for {target.name} with {kit}", found)


def chain(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id.")],
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """The regression chain, the exercise and its progression chain, easiest first."""
    cat = _catalogue(catalogue)
    ex = cat.get(exercise_id)
    easier = list(reversed(cat.regression_chain(ex.id)))
    harder = cat.progression_chain(ex.id)
    if as_json:
        print_json(
            {
                "exercise": ex.id,
                "regressions": [_summary(e) for e in easier],
                "progressions": [_summary(e) for e in harder],
            }
        )
        return
    from rich.markup import escape

    def step(e: Exercise) -> str:
        return escape(f"{e.name} [L{e.level}]")

    steps = [*map(step, easier), f"[bold]{step(ex)}[/bold]", *map(step, harder)]
    console.print(" → ".join(steps))


def import_exercises(
    file: Annotated[Path, typer.Argument(help="A free-exercise-db JSON file.", dir_okay=False)],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Where to write your catalogue (YAML).", dir_okay=False),
    ],
    licence: Annotated[
        str, typer.Option("--licence", help="Licence of the imported content.")
    ] = "Unlicense",
    author: Annotated[
        str, typer.Option("--author", help="Author of the imported content.")
    ] = "free-exercise-db contributors",
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Import a free-exercise-db JSON file into your own catalogue file and report what could not be mapped."""
    from rich.table import Table

    from slingcoach.errors import InvalidInputError
    from slingcoach.exercises.io import import_free_db

    if out.exists() and not force:
        raise InvalidInputError("file exists; pass --force to overwrite it", source=str(out))
    report = import_free_db(file, out, licence=licence, author=author)
    if as_json:
        print_json({"out": str(out), **report.model_dump(mode="json")})
        return
    console.print(
        f"imported {len(report.imported)} exercise(s) into {out}; skipped {len(report.skipped)}; "
        f"{len(report.issues)} mapping issue(s)"
    )
    if report.issues:
        table = Table(title="Could not be mapped exactly")
        for column in ("exercise", "field", "value", "what was done"):
            table.add_column(column, overflow="fold")
        for issue in report.issues:
            table.add_row(issue.exercise, issue.field, issue.value, issue.note)
        console.print(table)
    console.print(f"use it with: slingcoach exercises list --catalogue {out}")
