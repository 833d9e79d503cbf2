"""CLI commands on a client's training: ``log``, ``progress``, ``next-block``, ``flags``,
``export`` and ``import``. Each parses its options, calls the application layer, prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from slingcoach.cli._output import JsonOption, console, print_json
from slingcoach.cli._store import DbOption, open_database

ClientArg = Annotated[str, typer.Argument(help="Client id (see `slingcoach clients list`).")]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today", help="The client's date, YYYY-MM-DD (default: today).", show_default=False
    ),
]


def register(app: typer.Typer) -> None:
    """Add the training commands to the main app."""
    app.command("log")(log)
    app.command("progress")(progress)
    app.command("next-block")(next_block)
    app.command("flags")(flags)
    app.command("export")(export)
    app.command("import")(import_)


def _day(value: str | None, option: str) -> dt.date:
    from slingcoach.errors import InvalidInputError

    if value is None:
        return dt.date.today()  # the CLI may read the clock; the domain never does
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{value!r} is not a date; use YYYY-MM-DD", source=option) from None


def _numbers(value: str | None, option: str, *, whole: bool) -> list[float] | None:
    """``10,10,9`` → one number per set."""
    from slingcoach.errors import InvalidInputError

    if value is None:
        return None
    try:
        numbers = [float(v) for v in value.split(",")]
    except ValueError:
        raise InvalidInputError(
            f"{value!r}: give a number per set, separated by commas (e.g. 10,10,9)", source=option
        ) from None
    if whole and any(n != int(n) for n in numbers):
        raise InvalidInputError(f"{value!r}: whole numbers only", source=option)
    return numbers


def log(
    client: ClientArg,
    item: Annotated[
        str | None, typer.Option("--item", "-i", help="Program item key, e.g. w01-s1-i05.")
    ] = None,
    exercise: Annotated[
        str | None,
        typer.Option(
            "--exercise",
            help="Exercise done (default: the item's); a different "
            "one on an item is logged as a swap.",
        ),
    ] = None,
    side: Annotated[str, typer.Option("--side", help="left, right or both.")] = "both",
    reps: Annotated[str | None, typer.Option("--reps", help="Reps per set: 10,10,9.")] = None,
    seconds: Annotated[str | None, typer.Option("--seconds", help="Seconds per set.")] = None,
    metres: Annotated[str | None, typer.Option("--metres", help="Metres per set.")] = None,
    load: Annotated[float | None, typer.Option("--load", help="Load in kg (every set).")] = None,
    rir: Annotated[float | None, typer.Option("--rir", help="Reps in reserve (every set).")] = None,
    rpe: Annotated[float | None, typer.Option("--rpe", help="RPE 1-10 (every set).")] = None,
    pain: Annotated[int | None, typer.Option("--pain", help="Pain 0-10 (every set).")] = None,
    first_set: Annotated[int, typer.Option("--set", help="Number of the first set.")] = 1,
    date: Annotated[
        str | None, typer.Option("--date", help="Day done, YYYY-MM-DD (default: today).")
    ] = None,
    feel: Annotated[
        int | None, typer.Option("--session-rpe", help="How hard the session felt, 0-10.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes on the session.")] = None,
    red_flag: Annotated[
        list[str] | None, typer.Option("--red-flag", help="A red-flag question id to report.")
    ] = None,
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="A session log CSV (docs/tracking.md).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Log sets for a client: one exercise from the options, or sessions from a CSV.

    Each call adds to the day's session: log the right side, then the left, and each set
    holds both parts. Impossible values, unknown items and future dates are refused and
    nothing is written.
    """
    from pydantic import ValidationError

    from slingcoach.app.logs import log_sessions, planned_exercises
    from slingcoach.errors import InvalidInputError
    from slingcoach.tracking.model import SessionLog

    today = dt.date.today()
    with open_database(db) as database:
        planned = planned_exercises(database, client)
        if csv_file is not None:
            from slingcoach.app.log_csv import parse_log_csv
            from slingcoach.inputs import decode_text, read_bytes

            text = decode_text(read_bytes(csv_file, what="log CSV"), source=str(csv_file))
            logs = parse_log_csv(text, source=str(csv_file), item_exercise=planned.get)
        else:
            done = exercise or (planned.get(item) if item else None)
            if done is None:
                raise InvalidInputError(
                    "give --item KEY (a program item) or --exercise ID (unplanned work)"
                    if item is None
                    else f"the client's programs have no item {item}",
                    source="--item" if item else "command line",
                )
            amounts = {
                "reps": _numbers(reps, "--reps", whole=True),
                "seconds": _numbers(seconds, "--seconds", whole=False),
                "metres": _numbers(metres, "--metres", whole=False),
            }
            counts = {len(v) for v in amounts.values() if v is not None}
            if len(counts) != 1:
                raise InvalidInputError(
                    "give --reps, --seconds or --metres (the same number of sets in each)",
                    source="command line",
                )
            sets = []
            for index in range(counts.pop()):
                part = {
                    k: (int(v[index]) if k == "reps" else v[index]) for k, v in amounts.items() if v
                }
                part.update(
                    {
                        k: v
                        for k, v in (("load_kg", load), ("rir", rir), ("rpe", rpe), ("pain", pain))
                        if v is not None
                    }
                )
                sets.append({"number": first_set + index, "parts": [{"side": side, **part}]})
            swapped = (
                planned.get(item) if item and exercise and exercise != planned.get(item) else None
            )
            try:
                logs = [
                    SessionLog.model_validate(
                        {
                            "performed_on": _day(date, "--date"),
                            "entries": [
                                {
                                    "item_key": item,
                                    "exercise_id": done,
                                    "swapped_from": swapped,
                                    "sets": sets,
                                }
                            ],
                            "session_rpe": feel,
                            "notes": notes,
                            "red_flags": red_flag or [],
                        }
                    )
                ]
            except ValidationError as exc:
                first = exc.errors()[0]
                field = str(first["loc"][-1]) if first["loc"] else ""
                option = {"load_kg": "--load", "session_rpe": "--session-rpe"}.get(
                    field, f"--{field}"
                )
                raise InvalidInputError(first["msg"], source=option) from None
        result = log_sessions(database, client, logs, today=today, merge=True)
    if as_json:
        print_json(result)
        return
    console.print(
        f"logged {result.sets} set(s) in {result.entries} entr{'y' if result.entries == 1 else 'ies'} "
        f"on {result.sessions} day(s) for {result.client}"
    )
    for p in result.prescriptions:
        load_text = f" at {p.load_kg:g} kg" if p.load_kg is not None else ""
        console.print(
            f"  next {p.exercise_id} ({p.side}): {p.action}{load_text}, aim {p.target} — {p.reason}"
        )


def progress(
    client: ClientArg,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            help="Write charts to this path (.png or .svg): asymmetry per "
            "test, weekly volume per side, strength per side.",
        ),
    ] = None,
    today: TodayOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A client's adherence, volume per side, strength per side, re-tests and flags."""
    from rich.table import Table

    from slingcoach.app.progress import progress as client_progress

    with open_database(db) as database:
        report = client_progress(database, client, today=_day(today, "--today"))
    written: list[Path] = []
    if plot is not None:
        from slingcoach.reports.progress_plots import write_progress_plots

        written = write_progress_plots(report, plot)
    if as_json:
        print_json(report)
        return
    last = report.last_logged_on.isoformat() if report.last_logged_on else "never"
    console.print(
        f"[bold]{report.client}[/bold]: {report.sessions_logged} sessions logged, last {last}"
    )
    for a in report.adherence:
        console.print(
            f"  last {a.days} days: {a.done_sessions}/{a.planned_sessions} sessions"
            f" ({a.sessions_pct if a.sessions_pct is not None else '—'} %), "
            f"{a.done_sets}/{a.planned_sets} sets ({a.sets_pct if a.sets_pct is not None else '—'} %)"
        )
    if report.strength:
        table = Table(title="Estimated 1RM per side (Epley)", title_justify="left")
        for column in ("exercise", "date", "left kg", "right kg", "gap %", "weaker"):
            table.add_column(column)
        for trend in report.strength:
            for p in trend.points:
                table.add_row(
                    trend.exercise_id,
                    p.performed_on.isoformat(),
                    f"{p.left_kg:g}",
                    f"{p.right_kg:g}",
                    f"{p.gap_pct:g}",
                    p.weaker or "—",
                )
        console.print(table)
    for change in report.retest:
        console.print(
            f"  re-test {change.name}: gap {change.gap_before:g} → {change.gap_after:g} {change.unit}: {change.verdict}"
        )
    for f in report.findings:
        console.print(f"  finding {f.side} {f.sling}: {f.status}")
    for move in report.prescriptions:
        load_text = f" {move['load_kg']:g} kg" if move["load_kg"] is not None else ""
        console.print(
            f"  next {move['exercise_id']} ({move['side']}):{load_text} "
            f"aim {move['target']} ({move['action']})"
        )
    for flag in report.flags:
        console.print(f"[bold red]flag[/bold red] {flag.kind}: {flag.text}")
    for path in written:
        console.print(f"wrote {path}")


def next_block(
    client: ClientArg,
    weeks: Annotated[
        int | None, typer.Option("--weeks", "-w", help="Block length (default: as the last).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Solver seed.")] = 1,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the new block in the database.")
    ] = False,
    today: TodayOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The next block from the latest assessment and what the logs say."""
    from slingcoach.app.progress import next_block as make_next_block

    with open_database(db) as database:
        block = make_next_block(
            database, client, today=_day(today, "--today"), weeks=weeks, seed=seed
        )
        saved = None
        if save:
            from slingcoach.app.records import save_program

            saved = save_program(database, client, block.program, assessment_id=block.assessment_id)
    if as_json:
        print_json(block)
        return
    program = block.program
    console.print(
        f"next block for {block.client}: {program.weeks_count} weeks from {block.start_date.isoformat()} "
        f"(assessment {block.assessment_id})"
    )
    for reason in block.reasons:
        console.print(f"  {reason}")
    for load in block.starting_loads:
        console.print(f"  start {load['exercise_id']} ({load['side']}) at {load['load_kg']:g} kg")
    exercises = dict.fromkeys(i.name for i in program.weeks[0].sessions[0].items)
    console.print("  week 1, session 1: " + ", ".join(exercises))
    if saved is not None:
        console.print(f"saved program {saved.id}")
    else:
        console.print("[dim]--save keeps it; `slingcoach plan --client` prints it in full[/dim]")


def flags(today: TodayOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """The coach's list: every client with a flag, most urgent first."""
    from slingcoach.app.progress import coach_flags_all

    with open_database(db) as database:
        clients = coach_flags_all(database, today=_day(today, "--today"))
    if as_json:
        print_json(clients)
        return
    if not clients:
        console.print("no flags")
    for c in clients:
        console.print(f"[bold]{c.client}[/bold] ({c.name})")
        for flag in c.flags:
            console.print(f"  {flag.kind}: {flag.text}")


def export(client: ClientArg, db: DbOption = None) -> None:
    """Print a client's whole history as JSON (docs/storage.md, "Export format")."""
    import sys

    from slingcoach.app.transfer import export_client, export_json

    with open_database(db) as database:
        text = export_json(export_client(database, client))
    sys.stdout.write(text)


def import_(
    file: Annotated[Path, typer.Argument(help="A file written by `slingcoach export`.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a client exported by `slingcoach export` (older versions too)."""
    import json

    from slingcoach.app.transfer import import_client, parse_export
    from slingcoach.errors import InvalidInputError
    from slingcoach.inputs import decode_text, read_bytes

    text = decode_text(read_bytes(file, what="client export", max_bytes=2**31), source=str(file))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"not valid JSON: {exc.msg}", source=str(file), location=f"line {exc.lineno}"
        ) from None
    export_data = parse_export(data, source=str(file))
    with open_database(db) as database:
        result = import_client(database, export_data)
    if as_json:
        print_json(result)
    else:
        console.print(
            f"imported {result.client}: {result.assessments} assessment(s), {result.programs} "
            f"program(s), {result.workouts} session(s)"
        )
