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

    # 3. Assessment of the sample client (recordings included, as `assess` does it).
    from slingcoach.app.assessments import assess_intake, today
    from slingcoach.app.exports import (
        ExportFormat,
        render_assessment,
        render_program,
        write_exports,
    )
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.programs import PlanRequest, make_program

    day = today()  # the application layer may read the clock; the domain never does
    intake = load_intake(client)
    assessment = assess_intake(intake, assessed_on=day)
    for rec in assessment.sensors:
        shown = "; ".join(i.text for i in rec.items if i.key and i.text) or rec.error or ""
        console.print(f"[bold]recording[/bold] {rec.file} ({rec.kind}, {rec.status}): {shown}")
    stem = client.stem
    labels: dict[ExportFormat, str] = {
        "json": "assessment (JSON)",
        "html": "assessment report (HTML)",
        "pdf": "assessment report (PDF)",
    }
    exports = [
        (render_assessment(assessment, fmt), out / f"{stem}-assessment.{fmt}") for fmt in labels
    ]
    write_exports(exports)
    written += [(labels[export.format], path) for export, path in exports]
    for finding in assessment.findings:
        console.print(f"[bold]finding[/bold] {finding.text}")
    if assessment.refer:
        console.print(f"[bold red]{assessment.referral_text}[/bold red]")

    # 4. The program and its exports (not for a client who must see a clinician first).
    if not assessment.refer:
        program, _ = make_program(assessment, PlanRequest(weeks=weeks, seed=seed), today=day)
        slings = ", ".join(f"{e.weak_side} {e.sling}" for e in program.emphasis) or "none"
        console.print(f"[bold]program[/bold] {weeks} weeks, more work for: {slings}")
        program_labels: dict[ExportFormat, str] = {
            "json": f"{weeks}-week program (JSON)",
            "html": "program (HTML)",
            "pdf": "program (PDF)",
            "ics": "program calendar (iCalendar)",
            "csv": "program (CSV)",
        }
        exports = [
            (render_program(program, fmt), out / f"{stem}-program.{fmt}") for fmt in program_labels
        ]
        write_exports(exports)
        written += [(program_labels[export.format], path) for export, path in exports]

    # 5. The sample client kept in a database, with weeks of (simulated) logs.
    if not assessment.refer:
        from slingcoach.app.seed import seed_sample_client
        from slingcoach.storage.database import Database

        db_path = out / "slingcoach.db"
        for stale in out.glob("slingcoach.db*"):
            stale.unlink()  # the demo's own database from an earlier run
        with Database(f"sqlite:///{db_path}") as database:
            seeded = seed_sample_client(database, client, today=day, seed=seed)
        console.print(
            f"[bold]database[/bold] {seeded.client}: assessment, program from "
            f"{seeded.program_start.isoformat()} and {seeded.sessions} sessions of seeded logs; "
            f"try: SLINGCOACH_DATABASE_URL=sqlite:///{db_path} slingcoach progress {seeded.client}"
        )
        written.append(("client database (SQLite)", db_path))

    files = Table(title="Files written")
    files.add_column("what")
    files.add_column("where")
    for label, path in written:
        files.add_row(label, str(path))
    console.print(files)
