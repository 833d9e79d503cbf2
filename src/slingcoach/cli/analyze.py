"""CLI commands: ``slingcoach analyze emg|forceplate|pose|batch``.

The group is built here; the commands live in ``analyze_emg`` (EMG) and
``analyze_force`` (force plates, pose, batch).
"""

from __future__ import annotations

import typer

from slingcoach.cli import analyze_emg, analyze_force


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` group to the main app."""
    group = typer.Typer(
        help="Analyse sensor recordings (EMG, force plates, pose keypoints).",
        no_args_is_help=True,
    )
    analyze_emg.register(group)
    analyze_force.register(group)
    app.add_typer(group, name="analyze")
