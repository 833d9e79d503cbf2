"""Short flags mean one thing everywhere: each letter stands for one long option in every command.

The table in the README ("Short flags") is checked against the commands too.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path
from typing import Any

from typer.main import get_command

from slingcoach.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _short_flags() -> dict[str, set[tuple[str, str]]]:
    uses: dict[str, set[tuple[str, str]]] = collections.defaultdict(set)

    def walk(command: Any, path: list[str]) -> None:
        for param in getattr(command, "params", []):
            longs = [o for o in param.opts if o.startswith("--")]
            for opt in param.opts + param.secondary_opts:
                if len(opt) == 2 and opt.startswith("-") and opt != "-h":
                    uses[opt].add((longs[0] if longs else param.name, " ".join(path)))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(get_command(app), [])
    return uses


def test_each_short_flag_has_one_meaning() -> None:
    uses = _short_flags()
    assert len(uses) >= 10
    clashes = {s: sorted(u) for s, u in uses.items() if len({long for long, _ in u}) > 1}
    assert not clashes, clashes


def test_the_readme_table_lists_every_short_flag() -> None:
    text = README.read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(-\w)` \| `(--[\w-]+)` \|", text, flags=re.MULTILINE))
    actual = {short: next(iter({long for long, _ in u})) for short, u in _short_flags().items()}
    assert table == actual
