"""Shared test set-up: the CLI's Rich consoles get a fixed width.

Without it the terminal width of whoever runs the tests (or 80 columns without a
terminal) decides where Rich wraps, and tests that look for a phrase would depend on it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

# Database fixtures (``db`` runs a test on SQLite and on PostgreSQL): tests/dbfixtures.py.
pytest_plugins = ["tests.dbfixtures"]

# On CI the property tests replay the same examples every run (derandomize), so a
# submission never fails on a draw nobody can reproduce; locally they keep exploring.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _fixed_console_width(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from slingcoach.cli import _output

    monkeypatch.setattr(_output.console, "width", 120)
    monkeypatch.setattr(_output.err_console, "width", 120)
    yield
