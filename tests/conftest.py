"""Shared test set-up: the CLI's Rich consoles get a fixed width.

Without it the terminal width of whoever runs the tests (or 80 columns without a
terminal) decides where Rich wraps, and tests that look for a phrase would depend on it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fixed_console_width(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from slingcoach.cli import _output

    monkeypatch.setattr(_output.console, "width", 120)
    monkeypatch.setattr(_output.err_console, "width", 120)
    yield
