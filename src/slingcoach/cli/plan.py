"""CLI command: ``slingcoach plan FILE`` — intake with test results → multi-week program.

Loads the intake (the file ``assess`` reads), runs the assessment, then
:func:`slingcoach.programming.generate`. Prints a Rich table per week, or JSON, or writes
HTML/PDF/iCalendar/CSV through ``slingcoach.reports.program_export``. A red-flag client
exits 3 with the referral text; preferences that cannot all be met exit 2 naming what to
relax. Library imports happen inside the command so ``slingcoach --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from slingcoach.cli._output import console, print_json
from slingcoach.cli._store import DbOption

if TYPE_CHECKING:
    from slingcoach.programming import Item, Preferences, Program

EXPORTS = {"html": "write_html", "pdf": "write_pdf", "ics": "write_ics", "csv": "write_csv"}


def register(app: typer.Typer) -> None:
    """Add the ``plan`` command to the main app."""
    app.command("plan")(plan)


def plan(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Intake file with test results (YAML or JSON); without it, --client's "
            "latest saved assessment.",
            show_default=False,
        ),
    ] = None,
    weeks: Annotated[int, typer.Option("--weeks", "-w", help="Block length, 4-16 weeks.")] = 8,
    seed: Annotated[int, typer.Option("--seed", help="Solver seed (same seed, same program).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print or write JSON.")] = False,
    html: Annotated[bool, typer.Option("--html", help="Write printable HTML.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Write a PDF, a page per week.")] = False,
    ics: Annotated[bool, typer.Option("--ics", help="Write an iCalendar file.")] = False,
    csv: Annotated[bool, typer.Option("--csv", help="Write CSV, a row per item.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output file (default: <person>-program.<ext>)."),
    ] = None,
    days: Annotated[int | None, typer.Option("--days", help="Training days per week, 2-6.")] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="Minutes per session, 20-120.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default: next Monday).")
    ] = None,
    tz: Annotated[str, typer.Option("--tz", help="IANA time zone, e.g. Europe/London.")] = "UTC",
    weekdays: Annotated[
        str | None, typer.Option("--weekdays", help="Preferred days, e.g. mon,wed,fri.")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Session start time HH:MM (overrides --time-of-day).")
    ] = None,
    time_of_day: Annotated[
        str, typer.Option("--time-of-day", help="morning, midday, afternoon or evening.")
    ] = "evening",
    level: Annotated[int | None, typer.Option("--level", help="1-3 (default: intake).")] = None,
    goal: Annotated[
        list[str] | None, typer.Option("--goal", help="Goal (repeatable; default: intake).")
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option("--equipment", help="Equipment at hand (repeatable; default: intake)."),
    ] = None,
    avoid: Annotated[
        list[str] | None, typer.Option("--avoid", help="Exercise id to leave out (repeatable).")
    ] = None,
    extra_sets: Annotated[
        int, typer.Option("--extra-sets", help="Extra sets for the weaker side, 0-3.")
    ] = 1,
    factor: Annotated[
        float, typer.Option("--weak-factor", help="Weak side sets ≥ factor × strong side's.")
    ] = 1.0,
    deload_every: Annotated[
        int, typer.Option("--deload-every", help="A deload week every N weeks, 3-8.")
    ] = 4,
    why: Annotated[
        bool, typer.Option("--why", help="Show the reason for every prescription.")
    ] = False,
    client: Annotated[
        str | None,
        typer.Option("--client", help="Client id: plan from their latest saved assessment."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the program in the database (needs --client).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write a multi-week program from an intake with test results."""
    from slingcoach.assessment import assess
    from slingcoach.assessment.io import load_intake
    from slingcoach.programming import generate

    formats = [
        name for name, on in (("html", html), ("pdf", pdf), ("ics", ics), ("csv", csv)) if on
    ]
    if len(formats) + int(as_json and out is not None) > 1:
        from slingcoach.errors import InvalidInputError

        raise InvalidInputError(
            "choose one output format at a time (--json, --html, --pdf, --ics or --csv)",
            source="command line",
        )
    preferences = _preferences(
        days=days,
        minutes=minutes,
        start=start,
        tz=tz,
        weekdays=weekdays,
        at=at,
        time_of_day=time_of_day,
        level=level,
        goal=goal,
        equipment=equipment,
        avoid=avoid,
        extra_sets=extra_sets,
        factor=factor,
        deload_every=deload_every,
    )
    if save and client is None:
        from slingcoach.errors import InvalidInputError

        raise InvalidInputError("--save needs --client", source="command line")
    if file is None and client is None:
        from slingcoach.errors import InvalidInputError

        raise InvalidInputError(
            "give an intake FILE, or --client ID to plan from their latest saved assessment",
            source="command line",
        )
    database = None
    source_id = None
    if client is not None:
        from slingcoach.cli._store import open_database

        database = open_database(db)
    try:
        if file is not None:
            # the CLI may read the clock; the domain never does
            assessment = assess(load_intake(file), assessed_on=dt.date.today())
        else:
            from slingcoach.app.records import latest_assessment

            assert database is not None and client is not None
            stored = latest_assessment(database, client)
            assessment, source_id = stored.assessment, stored.id
        program = generate(assessment, preferences, weeks=weeks, seed=seed)
        if save:
            from slingcoach.app.records import save_program

            assert database is not None and client is not None
            saved = save_program(database, client, program, assessment_id=source_id)
            kept = "saved" if saved.created else "already saved"
            console.print(f"{kept} program {saved.id} for {saved.client}")
    finally:
        if database is not None:
            database.close()
    if formats:
        path = _write_export(program, formats[0], out)
        console.print(f"wrote {path}")
        return
    if as_json:
        if out is not None:
            out.write_text(program.model_dump_json(indent=2) + "\n", encoding="utf-8")
            console.print(f"wrote {out}")
        else:
            print_json(program)
        return
    _print_program(program, why=why)


def _preferences(
    *,
    days: int | None,
    minutes: int | None,
    start: str | None,
    tz: str,
    weekdays: str | None,
    at: str | None,
    time_of_day: str,
    level: int | None,
    goal: list[str] | None,
    equipment: list[str] | None,
    avoid: list[str] | None,
    extra_sets: int,
    factor: float,
    deload_every: int,
) -> Preferences:
    """Build Preferences from the options; a pydantic error becomes InvalidInputError."""
    from pydantic import ValidationError

    from slingcoach.errors import InvalidInputError
    from slingcoach.programming import Preferences, Weekday

    if start is None:
        today = dt.date.today()  # the CLI may read the clock; the domain never does
        start_date = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
    else:
        try:
            start_date = dt.date.fromisoformat(start)
        except ValueError:
            raise InvalidInputError(
                f"{start!r} is not a date; use YYYY-MM-DD", source="--start"
            ) from None
    start_time = None
    if at is not None:
        try:
            start_time = dt.time.fromisoformat(at)
        except ValueError:
            raise InvalidInputError(f"{at!r} is not a time; use HH:MM", source="--at") from None
    days_list: list[Weekday] = []
    if weekdays:
        names = {d.value[:3]: d for d in Weekday}
        for word in weekdays.split(","):
            key = word.strip().lower()[:3]
            if key not in names:
                raise InvalidInputError(
                    f"{word.strip()!r} is not a weekday; use mon,tue,wed,thu,fri,sat,sun",
                    source="--weekdays",
                )
            days_list.append(names[key])
    fields = {
        "days_per_week": days,
        "weekdays": days_list,
        "time_of_day": time_of_day,
        "start_time": start_time,
        "minutes_per_session": minutes,
        "equipment": equipment or None,
        "level": level,
        "goals": goal or None,
        "avoid": avoid or [],
        "start_date": start_date,
        "timezone": tz,
        "weak_side_extra_sets": extra_sets,
        "weak_side_factor": factor,
        "deload_every": deload_every,
    }
    try:
        return Preferences.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][:1])
        raise InvalidInputError(first["msg"], source="options", location=where) from None


def _write_export(program: Program, fmt: str, out: Path | None) -> Path:
    """Write ``program`` with the reports module's writer for ``fmt``."""
    from slingcoach.reports import program_export

    writer = getattr(program_export, EXPORTS[fmt])
    slug = "-".join(program.person.lower().split()) or "client"
    path = out if out is not None else Path(f"{slug}-program.{fmt}")
    written = writer(program, path)
    return Path(written) if written is not None else path


def _print_program(program: Program, *, why: bool = False) -> None:
    """A header, then one Rich table per week (a row per item)."""
    from rich.table import Table

    from slingcoach.reports.program_export import load_short

    prefs = program.preferences
    console.print(
        f"[bold]{program.person}[/bold]: {program.weeks_count} weeks from "
        f"{program.start_date.isoformat()}, {prefs.days_per_week} days a week "
        f"({', '.join(d.value[:3] for d in prefs.weekdays)}) at "
        f"{prefs.start_time.strftime('%H:%M')} {program.timezone}, "
        f"{prefs.minutes_per_session} min, level {prefs.level}, "
        f"goals: {', '.join(g.value for g in prefs.goals)}"
    )
    for emphasis in program.emphasis:
        console.print(
            f"  more work for the {emphasis.weak_side} {emphasis.sling} sling: {emphasis.evidence}"
        )
    for note in program.notes:
        console.print(f"  note: {note}")
    for week in program.weeks:
        table = Table(
            title=f"Week {week.number} ({week.kind.value}, mesocycle {week.mesocycle}): {week.note}",
            title_justify="left",
            show_lines=False,
        )
        columns = ["day", "#", "block", "exercise", "dose per side", "load"]
        if why:
            columns.append("why")
        for column in columns:
            table.add_column(column, overflow="fold")
        for session in week.sessions:
            day = (
                f"{session.weekday.value[:3]} {session.date.isoformat()} "
                f"{session.start_time.strftime('%H:%M')} (~{session.minutes} min)"
            )
            # One row per exercise: the two sides of one-sided work sit side by side.
            groups: list[list[Item]] = []
            for item in session.items:
                if groups and (groups[-1][0].exercise_id, groups[-1][0].test_id) == (
                    item.exercise_id,
                    item.test_id,
                ):
                    groups[-1].append(item)
                else:
                    groups.append([item])
            for index, group in enumerate(groups):
                first = group[0]
                doses = []
                for item in group:
                    amount = f"{item.low}" if item.low == item.high else f"{item.low}-{item.high}"
                    side = "" if item.side.value == "both" else f"{item.side.value[0].upper()} "
                    doses.append(f"{side}{item.sets} × {amount} {item.unit.value}")
                orders = [str(item.order) for item in group]
                row = [
                    day if index == 0 else "",
                    orders[0] if len(orders) == 1 else f"{orders[0]}-{orders[-1]}",
                    first.block.value,
                    first.name,
                    "\n".join(doses),
                    load_short(first) if not why else first.load,
                ]
                if why:
                    row.append(" / ".join(dict.fromkeys(item.reason for item in group)))
                table.add_row(*row)
        console.print(table)
    if not why:
        console.print("[dim]--why shows the reason for every prescription[/dim]")
    console.print(f"[dim]{program.solver}[/dim]")
