"""CLI commands: ``slingcoach analyse emg|forceplate|pose|batch``.

One spelling in public names: British "analyse". ``analyze`` stays as a hidden alias so
that scripts written before the change keep working.

The group is built here; the commands live in ``analyze_emg`` (EMG) and
``analyze_force`` (force plates, pose, batch).
"""

from __future__ import annotations

import typer

from slingcoach.cli import analyze_emg, analyze_force


def register(app: typer.Typer) -> None:
    """Add the ``analyse`` group (and its hidden alias ``analyze``) to the main app."""
    group = typer.Typer(
        help="Analyse sensor recordings (EMG, force plates, pose keypoints).",
        no_args_is_help=True,
    )
    analyze_emg.register(group)
    analyze_force.register(group)
    app.add_typer(group, name="analyse")
    app.add_typer(group, name="analyze", hidden=True)
