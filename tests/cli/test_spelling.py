"""One spelling in public names: ``analyse``; ``analyze`` is a hidden alias."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from slingcoach.cli import app

DATA = Path(__file__).resolve().parents[1] / "signals" / "data"
runner = CliRunner()


def test_help_lists_analyse_only() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "analyse" in result.stdout and "analyze" not in result.stdout


def test_the_old_spelling_still_runs_the_same_command() -> None:
    args = ["forceplate", str(DATA / "force_dual_cmj.txt"), "--rate", "1000", "--json"]
    british = runner.invoke(app, ["analyse", *args])
    american = runner.invoke(app, ["analyze", *args])
    assert british.exit_code == 0, british.output
    assert british.stdout == american.stdout


def test_signals_spell_analyse_like_the_rest_and_keep_the_old_name() -> None:
    from slingcoach.signals import force

    assert force.force_analyze is force.force_analyse
    assert "force_analyse" in force.__all__
