"""CLI commands: ``assess``, ``schema`` and ``intake`` (the interactive questionnaire).

Commands only parse arguments, call :mod:`slingcoach.assessment` and print. The
HTML/PDF report writer (``slingcoach.reports.assessment_report``) is imported only
when ``--html`` or ``--pdf`` is given.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from slingcoach.cli._store import DbOption

if TYPE_CHECKING:
    from slingcoach.assessment import Assessment


class SchemaName(StrEnum):
    """Which JSON Schema ``slingcoach schema`` prints."""

    INTAKE = "intake"
    ASSESSMENT = "assessment"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("assess")(assess_command)
    app.command("schema")(schema_command)
    app.command("intake")(intake_command)


def assess_command(
    file: Annotated[Path, typer.Argument(help="Intake file, YAML or JSON (see samples/*.yaml).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the assessment as JSON.")] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the report as HTML to this path.")
    ] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also write the report as PDF to this path.")
    ] = None,
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
    """
    from slingcoach.assessment import SensorEvidence, Thresholds, assess
    from slingcoach.assessment.io import load_intake
    from slingcoach.cli._output import print_json
    from slingcoach.errors import InvalidInputError

    try:
        thresholds = Thresholds(watch_pct=watch_pct, address_pct=address_pct)
    except ValueError as exc:
        raise InvalidInputError(str(exc), source="--watch-pct/--address-pct") from None
    if save != (client is not None):
        raise InvalidInputError("--save and --client go together", source="command line")
    writers = _report_writers(html, pdf)
    intake = load_intake(file)
    sensors = SensorEvidence()
    if recordings and intake.recordings:
        from slingcoach.cli._sensors import analyse_recordings

        sensors = analyse_recordings(intake, file.parent, strict=strict)
    today = dt.date.today()  # the CLI may read the clock; the domain never does
    assessment = assess(intake, assessed_on=today, thresholds=thresholds, sensor_evidence=sensors)
    saved = None
    if client is not None:
        from slingcoach.app.records import save_assessment
        from slingcoach.cli._store import open_database, recording_files

        files = recording_files(intake, file.parent)
        with open_database(db) as database:
            saved = save_assessment(database, client, intake, assessment, recordings=files)
    for writer, path in writers:
        # The report's chart bands follow the thresholds the tests were marked with.
        writer(assessment, path, watch_pct=thresholds.watch_pct, address_pct=thresholds.address_pct)
    if json_out:
        print_json(assessment)
    else:
        _print_summary(assessment)
        for _, path in writers:
            typer.echo(f"wrote {path}")
        if saved is not None:
            kept = "saved" if saved.created else "already saved"
            typer.echo(
                f"{kept} assessment {saved.id} for {saved.client} "
                f"({saved.recordings} recording file(s) kept)"
            )


def _report_writers(html: Path | None, pdf: Path | None) -> list[tuple[Any, Path]]:
    """The report functions for the requested outputs (imported only when asked for)."""
    if html is None and pdf is None:
        return []
    from slingcoach.reports import assessment_report

    writers: list[tuple[Any, Path]] = []
    if html is not None:
        writers.append((assessment_report.write_html, html))
    if pdf is not None:
        writers.append((assessment_report.write_pdf, pdf))
    return writers


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


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
                _fmt(test.percent_difference),
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
    name: Annotated[SchemaName, typer.Argument(help="Which schema: intake or assessment.")],
) -> None:
    """Print the JSON Schema of the intake file or of the assessment JSON."""
    import json

    from slingcoach.assessment.schemas import schema_for

    typer.echo(json.dumps(schema_for(name.value), indent=2, ensure_ascii=False))


def intake_command(
    out: Annotated[Path, typer.Option("--out", help="Where to write the intake (YAML).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Ask the intake questions in the terminal and write a YAML intake file.

    Every answer is checked at once and asked again if it cannot be used.
    Type '<' or 'back' to return to the previous question.
    """
    import yaml
    from pydantic import ValidationError

    from slingcoach.assessment import questionnaire as qn
    from slingcoach.errors import InvalidInputError

    if out.exists() and not force:
        raise InvalidInputError(
            "exists already; choose another path or add --force", source=str(out)
        )
    typer.echo("slingcoach intake. Type '<' or 'back' for the previous question.")
    answers: dict[tuple[str, ...], Any] = {}
    index = 0
    section = ""
    while True:
        questions = qn.questions_for(answers)
        if index >= len(questions):
            try:
                intake = qn.build_intake(answers)
                break
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
        index += 1
    text = yaml.safe_dump(qn.intake_to_data(intake), sort_keys=False, allow_unicode=True)
    out.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {out}; next: slingcoach assess {out}")


def _test_list() -> str:
    from slingcoach.assessment import battery

    return "\n".join(f"  {t.id}: {t.plain}" for t in battery().tests)
