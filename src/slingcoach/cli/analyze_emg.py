"""CLI commands under ``slingcoach analyze`` (analyze_emg, being built)."""

from __future__ import annotations

import typer


def register(group: typer.Typer) -> None:
    """Add this module's commands to the analyze group."""
