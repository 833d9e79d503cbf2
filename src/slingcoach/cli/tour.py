"""CLI command ``slingcoach demo``: the main job that ``make run`` runs.

It walks through the whole pipeline on a bundled sample client: the posterior
oblique sling explained and drawn, a few sling exercises from the library, the
assessment with its report, and a multi-week program with its exports. Every file
it writes goes under ``--out``; the paths are printed at the end.
"""

from __future__ import annotations

from pathlib import Path

import typer

from slingcoach.cli._output import console


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the main app."""
    app.command(name="demo")(demo)


def demo(
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the files the demo writes."),
    client: Path = typer.Option(
        Path("samples/right-weak.yaml"), "--client", help="Intake file of the client to assess."
    ),
    weeks: int = typer.Option(8, "--weeks", min=4, max=16, help="Length of the program block."),
    seed: int = typer.Option(1, "--seed", help="Seed of the program generator."),
) -> None:
    """Run the whole pipeline on a sample client and write the results under OUT."""
    from rich.panel import Panel
    from rich.table import Table

    from slingcoach.anatomy import chain_text, get_anatomy
    from slingcoach.exercises import get_catalogue
    from slingcoach.vocab import Laterality, Side

    out.mkdir(parents=True, exist_ok=True)
    written: list[tuple[str, Path]] = []

    # 1. The sling, in plain words and as a diagram.
    anatomy = get_anatomy()
    sling = anatomy.sling("posterior-oblique")
    path_text = chain_text("posterior-oblique", Side.RIGHT)
    console.print(
        Panel(
            f"[bold]{path_text}[/bold]\n\n{sling.plain}",
            title=f"The {sling.name.lower()}",
            expand=False,
        )
    )
    from slingcoach.reports.diagrams import body_svg

    diagram = out / "posterior-oblique-right.svg"
    diagram.write_text(
        body_svg(
            view="back", sling=("posterior-oblique", Side.RIGHT), title=f"{sling.name} (right)"
        ),
        encoding="utf-8",
    )
    written.append(("sling diagram", diagram))

    # 2. A few exercises that train the sling as a unit.
    catalogue = get_catalogue()
    picks = catalogue.filter(sling="posterior-oblique", laterality=Laterality.CONTRALATERAL_LOADED)[
        :6
    ]
    table = Table(title="Exercises that load the posterior oblique sling cross-body")
    for column in ("id", "name", "pattern", "equipment", "level"):
        table.add_column(column)
    for exercise in picks:
        table.add_row(
            exercise.id,
            exercise.name,
            exercise.pattern.value,
            ", ".join(e.value for e in exercise.equipment) or "body weight",
            str(exercise.level),
        )
    console.print(table)

    # 3. Assessment of the sample client, with its report.
    from slingcoach.assessment import assess
    from slingcoach.assessment.io import load_intake
    from slingcoach.cli._output import json_text

    intake = load_intake(client)
    sensors = None
    if intake.recordings:
        from slingcoach.cli._sensors import analyse_recordings

        sensors = analyse_recordings(intake, client.parent)
        for rec in sensors.recordings:
            shown = "; ".join(i.text for i in rec.items if i.key and i.text) or rec.error or ""
            console.print(f"[bold]recording[/bold] {rec.file} ({rec.kind}, {rec.status}): {shown}")
    import datetime as dt

    today = dt.date.today()  # the CLI may read the clock; the domain never does
    if sensors is None:
        assessment = assess(intake, assessed_on=today)
    else:
        assessment = assess(intake, assessed_on=today, sensor_evidence=sensors)
    stem = client.stem
    assessment_json = out / f"{stem}-assessment.json"
    assessment_json.write_text(json_text(assessment), encoding="utf-8")
    written.append(("assessment (JSON)", assessment_json))
    from slingcoach.reports import assessment_report
    from slingcoach.reports.render import write_html_file, write_pdf_file

    report_html = out / f"{stem}-assessment.html"
    report_pdf = out / f"{stem}-assessment.pdf"
    html = assessment_report.render_html(assessment)  # once, for both files
    write_html_file(html, report_html)
    write_pdf_file(html, report_pdf)
    written += [("assessment report (HTML)", report_html), ("assessment report (PDF)", report_pdf)]
    for finding in assessment.findings:
        console.print(f"[bold]finding[/bold] {finding.text}")
    if assessment.refer:
        console.print(f"[bold red]{assessment.referral_text}[/bold red]")

    # 4. The program and its exports (not for a client who must see a clinician first).
    if not assessment.refer:
        import datetime as dt

        from slingcoach.programming import Preferences, generate
        from slingcoach.reports import program_export

        today = dt.date.today()  # the CLI may read the clock; the domain never does
        start = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
        program = generate(assessment, Preferences(start_date=start), weeks=weeks, seed=seed)
        program_json = out / f"{stem}-program.json"
        program_json.write_text(program.model_dump_json(indent=2) + "\n", encoding="utf-8")
        written.append((f"{weeks}-week program (JSON)", program_json))
        for label, suffix, writer in (
            ("program (HTML)", "html", program_export.write_html),
            ("program (PDF)", "pdf", program_export.write_pdf),
            ("program calendar (iCalendar)", "ics", program_export.write_ics),
            ("program (CSV)", "csv", program_export.write_csv),
        ):
            target = out / f"{stem}-program.{suffix}"
            writer(program, target)
            written.append((label, target))

    files = Table(title="Files written")
    files.add_column("what")
    files.add_column("where")
    for label, path in written:
        files.add_row(label, str(path))
    console.print(files)
