"""Fast start-up: the light CLI paths must not import heavy libraries.

Timing belongs in benchmarks/bench_startup.py; this test checks the cause of slowness
(which modules get imported), which is deterministic.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "scipy",
    "ortools",
    "matplotlib",
    "pandas",
    "sqlalchemy",
    "weasyprint",
    "cairosvg",
    "ezc3d",
    "dask",
    "distributed",
    "numpy",
)

PROBE = """
import json, sys
from slingcoach.cli import main
code = 0
try:
    main({argv!r})
except SystemExit as exc:
    code = exc.code or 0
sys.stderr.write("EXIT=" + str(code) + "\\n")
heavy = sorted({{name.split('.')[0] for name in sys.modules}} & set({heavy!r}))
sys.stderr.write("HEAVY=" + json.dumps(heavy) + "\\n")
"""


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["exercises", "list"], ["exercises", "list", "--json"], ["anatomy", "slings"]],
    ids=lambda argv: " ".join(argv),
)
def test_light_commands_import_no_heavy_library(argv: list[str]) -> None:
    code = PROBE.format(argv=argv, heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("HEAVY=")]
    assert line, proc.stderr
    assert json.loads(line[-1][len("HEAVY=") :]) == []
    assert "EXIT=0" in proc.stderr.splitlines(), proc.stderr
