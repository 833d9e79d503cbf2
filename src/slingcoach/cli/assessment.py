"""CLI commands: ``assess``, ``schema`` and ``intake`` (the interactive questionnaire).

Commands only parse arguments, call :mod:`slingcoach.assessment` and print. The
HTML/PDF report writer (``slingcoach.reports.assessment_report``) is imported only
when ``--html`` or ``--pdf`` is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from slingcoach.cli._store import DbOption

if TYPE_CHECKING:
    from slingcoach.assessment import Assessment
    from slingcoach.assessment.intake import Intake
    from slingcoach.assessment.results import TestResult


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("assess")(assess_command)
    app.command("schema")(schema_command)
    app.command("intake")(intake_command)


def assess_command(
    file: Annotated[Path, typer.Argument(help="Intake file, YAML or JSON (see samples/*.yaml).")],
    json_out: Annotated[
        str | None,
        typer.Option(
            "--json",
            metavar="[PATH]",
            help="The assessment as JSON: printed, or written to PATH (.json).",
        ),
    ] = None,
    html: Annotated[
        str | None,
        typer.Option(
            "--html", metavar="[PATH]", help="The report as HTML: printed, or written to PATH."
        ),
    ] = None,
    pdf: Annotated[
        str | None,
        typer.Option(
            "--pdf",
            metavar="[PATH]",
            help="The report as PDF, written to PATH (default: <client>-assessment.pdf in --out).",
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for files named after the client (a bare --pdf)."),
    ] = Path("."),
    # The defaults are asymmetry.DEFAULT_THRESHOLDS (Hewit et al. 2012; Bishop et al. 2018),
    # written out so `--help` does not import the assessment package; a test keeps them equal.
    watch_pct: Annotated[
        float, typer.Option(help="Percentage difference from which a side gap is 'watch'.")
    ] = 10.0,
    address_pct: Annotated[
        float, typer.Option(help="Percentage difference above which a side gap is 'address'.")
    ] = 15.0,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Stop with an error when a recording cannot be read or analysed "
            "(default: report it and assess the rest).",
        ),
    ] = False,
    recordings: Annotated[
        bool,
        typer.Option(
            "--recordings/--no-recordings",
            help="Analyse the sensor recordings the intake names (default) or skip them.",
        ),
    ] = True,
    assessed_on: Annotated[
        str | None,
        typer.Option(
            "--assessed-on", metavar="YYYY-MM-DD", help="Date of the assessment (default: today)."
        ),
    ] = None,
    client: Annotated[
        str | None, typer.Option("--client", help="Client id to save the assessment for.")
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Keep the intake, the assessment and the recordings' files in the database "
            "(needs --client).",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Assess a client from an intake file: red flags, ODI, left/right tests, sling findings.

    Field-test ids: single-leg-glute-bridge-reps, single-leg-hamstring-bridge,
    single-leg-hip-thrust-reps, single-leg-bridge-hold, prone-hip-extension-hold,
    side-plank-hold, contralateral-bird-dog-hold, single-leg-rdl-reps,
    single-leg-squat-quality, step-down-quality, y-balance, single-leg-hop-distance,
    triple-hop-distance, timed-hop-6m, hhd-hip-extension, hhd-hip-abduction,
    single-arm-row-reps, single-arm-pulldown-reps, active-straight-leg-raise, thomas-test,
    hip-internal-rotation, hip-external-rotation.

    Sensor recordings listed under `recordings:` (EMG, force plates, pose keypoints; paths
    relative to the intake file) are analysed and their results added to the findings.
    A bare --json or --html prints to standard output; a PATH (or --flag=PATH) writes a file.
    """
    from slingcoach.app.assessments import assess_intake, thresholds, today
    from slingcoach.app.exports import render_assessment
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.programs import parse_date
    from slingcoach.cli._exports import deliver, requested, to_stdout
    from slingcoach.errors import InvalidInputError
    from slingcoach.inputs import output_file

    bands = thresholds(watch_pct, address_pct)
    if save != (client is not None):
        raise InvalidInputError("--save and --client go together", source="command line")
    day = today() if assessed_on is None else parse_date(assessed_on, field="--assessed-on")
    intake = load_intake(file)
    outputs = requested(
        {"json": json_out, "html": html, "pdf": pdf},
        default_file=lambda fmt: output_file(out, intake.intake.person.name, f"-assessment.{fmt}"),
    )
    assessment = assess_intake(
        intake, assessed_on=day, thresholds=bands, recordings=recordings, strict=strict
    )
    saved = None
    if client is not None:
        from slingcoach.app.records import save_assessment
        from slingcoach.cli._store import open_database, recording_files

        files = recording_files(intake.intake, file.parent)
        with open_database(db) as database:
            saved = save_assessment(database, client, intake.intake, assessment, recordings=files)
    written = deliver(outputs, lambda fmt: render_assessment(assessment, fmt))
    if to_stdout(outputs):
        for path in written:
            typer.echo(f"wrote {path}", err=True)
        return
    _print_summary(assessment)
    for path in written:
        typer.echo(f"wrote {path}")
    if saved is not None:
        kept = "saved" if saved.created else "already saved"
        typer.echo(
            f"{kept} assessment {saved.id} for {saved.client} "
            f"({saved.recordings} recording file(s) kept)"
        )


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def _difference(test: TestResult) -> str:
    """The % difference; fault counts as counts ("2 vs 0 faults"), never a percentage."""
    if test.kind == "quality" and test.left is not None and test.right is not None:
        return f"{test.left:.0f} vs {test.right:.0f} faults"
    return _fmt(test.percent_difference)


_STATUS_STYLE = {
    "fine": "green",
    "watch": "yellow",
    "address": "bold red",
    "within-error": "cyan",
    "incomplete": "dim",
}


def _print_summary(assessment: Assessment) -> None:
    from rich.panel import Panel
    from rich.table import Table

    from slingcoach.cli._output import console

    person = assessment.person
    console.print(
        f"[bold]{person.name}[/bold], {person.age} y, {_fmt(person.body_mass_kg)} kg, "
        f"level {person.level}, {person.days_per_week} days x {person.minutes_per_session} min"
    )
    if assessment.refer:
        urgent = any(hit.urgent for hit in assessment.red_flags)
        title = "SEE A CLINICIAN NOW" if urgent else "See a clinician before training"
        ids = ", ".join(hit.id for hit in assessment.red_flags)
        console.print(
            Panel(
                (assessment.referral_text or "") + f"\n\nRed flags: {ids}",
                title=title,
                border_style="bold red",
            )
        )
    elif not assessment.screening_complete:
        console.print(
            f"[yellow]Red-flag screening incomplete: "
            f"{', '.join(assessment.unanswered_red_flags)}[/yellow]"
        )
    else:
        console.print("[green]Red-flag screening: no red flags.[/green]")

    if assessment.odi is not None:
        console.print(
            f"Oswestry Disability Index: [bold]{assessment.odi.score_pct:.1f} %[/bold] "
            f"({assessment.odi.band}, {assessment.odi.answered_sections} of 10 sections)"
        )
    else:
        console.print(f"Oswestry Disability Index: not scored ({assessment.odi_note})")

    if assessment.tests:
        table = Table(title="Left vs right", show_lines=False)
        for column in ("test", "left", "right", "unit", "% diff", "weaker", "status"):
            table.add_column(
                column, justify="right" if column in ("left", "right", "% diff") else "left"
            )
        for test in assessment.tests:
            style = _STATUS_STYLE[test.status]
            if test.kind == "binary":
                left, right = (
                    "—" if v is None else ("positive" if v else "negative")
                    for v in (test.left, test.right)
                )
            else:
                left, right = _fmt(test.left, 2), _fmt(test.right, 2)
            table.add_row(
                test.name.split(",")[0],
                left,
                right,
                "" if test.kind == "binary" else test.unit,
                _difference(test),
                test.weaker_side.value if test.weaker_side else "—",
                f"[{style}]{test.status}[/{style}]",
            )
        console.print(table)

    if assessment.sensors:
        _print_sensors(assessment)

    if assessment.findings:
        flag = " (shown for a clinician: red flags)" if assessment.refer else ""
        console.print(f"[bold]Findings{flag}[/bold]")
        for index, finding in enumerate(assessment.findings, 1):
            console.print(
                f"{index}. [bold]{finding.sling_side.value} {finding.sling} sling[/bold] — "
                f"weaker side {finding.side.value}, severity {finding.severity}, "
                f"confidence {finding.confidence} ({finding.confidence_score:.2f})"
            )
            console.print(f"   {finding.text}", highlight=False)
    elif assessment.tests:
        console.print("No left/right gap large enough to act on.")
    if assessment.contraindications:
        console.print("Avoid for now: " + ", ".join(assessment.contraindications))
    if assessment.mobility_needs:
        console.print("Mobility work: " + ", ".join(assessment.mobility_needs))
    for note in assessment.notes:
        console.print(f"[dim]note: {note}[/dim]")


def _print_sensors(assessment: Assessment) -> None:
    from rich.table import Table

    from slingcoach.cli._output import console

    table = Table(title="Sensor recordings", show_lines=False)
    for column in ("file", "kind", "task", "status", "result", "used in"):
        table.add_column(column, overflow="fold")
    for rec in assessment.sensors:
        if rec.status == "ok":
            key = [item.text for item in rec.items if item.key and item.text]
            result = "; ".join(key) or "no left/right difference to report"
            status = "[green]ok[/green]"
        else:
            result = rec.error or ""
            status = "[bold red]error[/bold red]"
        table.add_row(rec.file, rec.kind, rec.task, status, result, ", ".join(rec.used_in) or "—")
    console.print(table)


def schema_command(
    name: Annotated[
        str,
        typer.Argument(
            help="Which document: intake, assessment, sensors, preferences or program.",
            metavar="NAME",
        ),
    ],
) -> None:
    """Print the JSON Schema of a document slingcoach reads or writes.

    intake and preferences: the files people write; assessment, sensors and program: the
    JSON that assess and plan print. The same schemas are in docs/schemas/.
    """
    import json

    from slingcoach.app.documents import document_schema

    typer.echo(json.dumps(document_schema(name), indent=2, ensure_ascii=False))


def intake_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the intake (YAML).")],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing file (or start over).")
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue an interrupted intake from its kept replies (OUT's .partial.yaml).",
        ),
    ] = False,
) -> None:
    """Ask the intake questions in the terminal and write a YAML intake file.

    Every answer is checked at once and asked again if it cannot be used.
    Type '<' or 'back' to return to the previous question. Ctrl-C or Ctrl-D stops and
    keeps the replies so far next to OUT; --resume continues from them.
    """
    from slingcoach.app.intake_session import load_partial, partial_path
    from slingcoach.assessment import questionnaire as qn
    from slingcoach.errors import InvalidInputError

    if out.exists() and not force:
        raise InvalidInputError(
            "exists already; choose another path or add --force", source=str(out)
        )
    partial = partial_path(out)
    replies: dict[tuple[str, ...], str] = {}
    answers: dict[tuple[str, ...], Any] = {}
    if resume:
        replies = load_partial(partial)
        answers, replies, notes = qn.replay(replies)
        typer.echo(f"Resuming from {partial}: {len(answers)} replies kept.")
        for note in notes:
            typer.echo(f"  ! asked again: {note}")
    elif partial.exists() and not force:
        raise InvalidInputError(
            f"an interrupted intake kept its replies here; continue with `slingcoach intake "
            f"--out {out} --resume`, or add --force to start over",
            source=str(partial),
        )
    typer.echo("slingcoach intake. Type '<' or 'back' for the previous question.")
    try:
        intake = _ask(answers, replies, start=qn.first_unanswered(answers) if resume else 0)
    except (typer.Abort, KeyboardInterrupt, EOFError):
        _keep_replies(out, partial, replies)
        raise typer.Exit(130) from None
    import yaml

    text = yaml.safe_dump(qn.intake_to_data(intake), sort_keys=False, allow_unicode=True)
    out.write_text(text, encoding="utf-8")
    partial.unlink(missing_ok=True)
    typer.echo(f"wrote {out}; next: slingcoach assess {out}")


def _ask(
    answers: dict[tuple[str, ...], Any], replies: dict[tuple[str, ...], str], *, start: int
) -> Intake:
    """The question loop: fills ``answers`` and ``replies`` (as typed) until the intake is valid."""
    from pydantic import ValidationError

    from slingcoach.assessment import questionnaire as qn
    from slingcoach.errors import InvalidInputError

    index = start
    section = ""
    while True:
        questions = qn.questions_for(answers)
        if index >= len(questions):
            try:
                return qn.build_intake(answers)
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                back_to = qn.question_for_error(answers, tuple(first["loc"]))
                if back_to is None:
                    where = ".".join(str(p) for p in first["loc"])
                    raise InvalidInputError(
                        first["msg"], source="intake answers", location=where
                    ) from None
                typer.echo(f"  ! {first['msg']}; please answer this again")
                index = back_to
                continue
        question = questions[index]
        if question.section != section:
            section = question.section
            typer.echo(f"\n== {section} ==")
        reply = typer.prompt(question.prompt, default="", show_default=False)
        if reply.strip().lower() in qn.BACK:
            index = max(index - 1, 0)
            continue
        if question.key == ("_tests",) and reply.strip() == "list":
            typer.echo(_test_list())
            continue
        try:
            answers[question.key] = question.parse(reply)
        except ValueError as exc:
            typer.echo(f"  ! {exc}")
            continue
        replies[question.key] = reply
        index += 1


def _keep_replies(out: Path, partial: Path, replies: dict[tuple[str, ...], str]) -> None:
    """Save the replies after an interruption and say how to go on (stderr)."""
    from slingcoach.app.intake_session import save_partial

    if not replies:
        typer.echo("\nstopped before any answer; nothing to keep", err=True)
        return
    command = f"slingcoach intake --out {out} --resume"
    save_partial(partial, replies, resume_command=command)
    typer.echo(
        f"\nstopped: {len(replies)} replies kept in {partial}; continue with: {command}",
        err=True,
    )


def _test_list() -> str:
    from slingcoach.assessment import battery

    return "\n".join(f"  {t.id}: {t.plain}" for t in battery().tests)
