"""``slingcoach --version`` prints the installed version and exits 0."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import slingcoach


def test_version_flag_prints_the_package_version() -> None:
    for flag in ("--version", "-V"):
        proc = subprocess.run(
            [sys.executable, "-m", "slingcoach", flag], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == f"slingcoach {slingcoach.__version__}"
    assert slingcoach.__version__ == version("slingcoach")
