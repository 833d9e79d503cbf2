"""Run one benchmark function of this folder on another copy of slingcoach.

``figures_of(src, "bench_force", "one_process")`` starts a fresh interpreter with ``src``
(e.g. ``git archive <commit> src | tar -x -C /tmp/ref``, then ``/tmp/ref/src``) first on its
path, calls the function and returns the numbers it returns: the same measurement on the
version to compare with, in the same run.
"""

from __future__ import annotations

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def figures_of(src: str, module: str, function: str) -> list[float]:
    """The numbers ``module.function()`` returns when slingcoach is imported from ``src``."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2]);"
        f"import {module}; print(*{module}.{function}())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, src, HERE], capture_output=True, text=True, check=True
    ).stdout.split()
    return [float(v) for v in out]
