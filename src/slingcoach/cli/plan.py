"""CLI command: ``slingcoach plan FILE`` — intake with test results → multi-week program.

Loads and assesses the intake exactly as ``assess`` does (recordings included, through
:mod:`slingcoach.app`), then makes the program. Prints a Rich table per week, or exports
it (``--json/--html/--pdf/--ics/--csv [PATH]``, several in one run; see
:mod:`slingcoach.cli._exports`). A red-flag client exits 3 with the referral text;
preferences that cannot all be met exit 2 naming what to relax. Library imports happen
inside the command so ``slingcoach --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from slingcoach.cli._output import console
from slingcoach.cli._store import DbOption

if TYPE_CHECKING:
    from slingcoach.programming import Item, Program


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
    as_json: Annotated[
        str | None,
        typer.Option("--json", metavar="[PATH]", help="JSON: printed, or written to PATH."),
    ] = None,
    html: Annotated[
        str | None,
        typer.Option(
            "--html", metavar="[PATH]", help="Printable HTML: printed, or written to PATH."
        ),
    ] = None,
    pdf: Annotated[
        str | None,
        typer.Option(
            "--pdf",
            metavar="[PATH]",
            help="PDF, a page per week, written to PATH (default: <client>-program.pdf in --out).",
        ),
    ] = None,
    ics: Annotated[
        str | None,
        typer.Option("--ics", metavar="[PATH]", help="iCalendar: printed, or written to PATH."),
    ] = None,
    csv: Annotated[
        str | None,
        typer.Option(
            "--csv", metavar="[PATH]", help="CSV, a row per item: printed, or written to PATH."
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for files named after the client (a bare --pdf)."),
    ] = Path("."),
    days: Annotated[int | None, typer.Option("--days", help="Training days per week, 2-6.")] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="Minutes per session, 20-120.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default: next Monday).")
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            help="IANA time zone, e.g. Europe/London (default: the intake's training.timezone, "
            "else this computer's).",
        ),
    ] = None,
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
    # The same defaults as `assess` (asymmetry.DEFAULT_THRESHOLDS; a test keeps them equal),
    # so that plan and assess find the same findings.
    watch_pct: Annotated[
        float, typer.Option(help="Percentage difference from which a side gap is 'watch'.")
    ] = 10.0,
    address_pct: Annotated[
        float, typer.Option(help="Percentage difference above which a side gap is 'address'.")
    ] = 15.0,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Stop when a recording cannot be read or analysed."),
    ] = False,
    recordings: Annotated[
        bool,
        typer.Option(
            "--recordings/--no-recordings",
            help="Analyse the sensor recordings the intake names (default), as assess does.",
        ),
    ] = True,
    assessed_on: Annotated[
        str | None,
        typer.Option(
            "--assessed-on", metavar="YYYY-MM-DD", help="Date of the assessment (default: today)."
        ),
    ] = None,
    client: Annotated[
        str | None,
        typer.Option("--client", help="Client id: plan from their latest saved assessment."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the program in the database (needs --client).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write a multi-week program from an intake with test results.

    A bare --json, --html, --ics or --csv prints to standard output; a PATH (or
    --flag=PATH) writes a file. Several exports may be given in one run.
    """
    from slingcoach.app.assessments import assess_intake, thresholds, today
    from slingcoach.app.exports import render_program
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.programs import (
        PlanRequest,
        make_program,
        parse_date,
        parse_time,
        parse_weekdays,
    )
    from slingcoach.cli._exports import deliver, requested, to_stdout
    from slingcoach.errors import InvalidInputError
    from slingcoach.inputs import output_file

    bands = thresholds(watch_pct, address_pct)
    now = today()
    day = now if assessed_on is None else parse_date(assessed_on, field="--assessed-on")
    request = PlanRequest(
        weeks=weeks,
        seed=seed,
        days_per_week=days,
        minutes_per_session=minutes,
        start_date=None if start is None else parse_date(start, field="--start"),
        timezone=tz,
        weekdays=() if not weekdays else parse_weekdays(weekdays, field="--weekdays"),
        start_time=None if at is None else parse_time(at, field="--at"),
        time_of_day=time_of_day,
        level=level,
        goals=tuple(goal or ()),
        equipment=tuple(equipment or ()),
        avoid=tuple(avoid or ()),
        weak_side_extra_sets=extra_sets,
        weak_side_factor=factor,
        deload_every=deload_every,
    )
    if save and client is None:
        raise InvalidInputError("--save needs --client", source="command line")
    if file is None and client is None:
        raise InvalidInputError(
            "give an intake FILE, or --client ID to plan from their latest saved assessment",
            source="command line",
        )
    database = None
    source_id = None
    if client is not None:
        from slingcoach.cli._store import open_database

        database = open_database(db)
    saved = None
    try:
        if file is not None:
            intake = load_intake(file)
            assessment = assess_intake(
                intake, assessed_on=day, thresholds=bands, recordings=recordings, strict=strict
            )
        else:
            from slingcoach.app.records import latest_assessment

            assert database is not None and client is not None
            stored = latest_assessment(database, client)
            assessment, source_id = stored.assessment, stored.id
        name = assessment.person.name
        outputs = requested(
            {"json": as_json, "html": html, "pdf": pdf, "ics": ics, "csv": csv},
            default_file=lambda fmt: output_file(out, name, f"-program.{fmt}"),
        )
        program, _ = make_program(assessment, request, today=now)
        if save:
            from slingcoach.app.records import save_program

            assert database is not None and client is not None
            saved = save_program(database, client, program, assessment_id=source_id)
    finally:
        if database is not None:
            database.close()
    written = deliver(outputs, lambda fmt: render_program(program, fmt))
    messages = [f"wrote {path}" for path in written]
    if saved is not None:
        kept = "saved" if saved.created else "already saved"
        messages.append(f"{kept} program {saved.id} for {saved.client}")
    if to_stdout(outputs):
        for message in messages:
            typer.echo(message, err=True)
        return
    if not written:
        _print_program(program, why=why)
    for message in messages:
        console.print(message, highlight=False)


def _print_program(program: Program, *, why: bool = False) -> None:
    """A header, then one Rich table per week (a row per item)."""
    from rich.table import Table

    from slingcoach.programming.wording import dose_text, item_side_text
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
        columns = ["day", "#", "block", "exercise", "side and dose", "load"]
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
                    label = item_side_text(item)
                    doses.append(f"{label}: {dose_text(item)}" if label else dose_text(item))
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
