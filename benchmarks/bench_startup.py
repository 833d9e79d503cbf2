"""Start-up time of the light CLI commands (median of repeated runs, wall clock).

Aim (issue 2): ``slingcoach --help`` and ``slingcoach exercises list`` under 0.3 s.
The bare interpreter start is printed beside them as the floor.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15
SCRIPT = str(Path(sys.executable).with_name("slingcoach"))


def _median_s(cmd: list[str]) -> tuple[float, float]:
    times = []
    env = {**os.environ, "COLUMNS": "120"}
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(
            cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))]


def main() -> None:
    rows = [
        ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
        ("slingcoach --help", [SCRIPT, "--help"]),
        ("slingcoach exercises list", [SCRIPT, "exercises", "list"]),
        ("slingcoach exercises list --json", [SCRIPT, "exercises", "list", "--json"]),
        (
            "slingcoach anatomy sling posterior-oblique",
            [SCRIPT, "anatomy", "sling", "posterior-oblique", "--side", "right"],
        ),
    ]
    print(f"{'command':45s} {'median s':>9s} {'p90 s':>7s}  (n={RUNS})")
    for name, cmd in rows:
        try:
            median, p90 = _median_s(cmd)
        except subprocess.CalledProcessError as exc:
            print(f"{name:45s} failed with exit code {exc.returncode}")
            continue
        flag = (
            ""
            if name.startswith("python")
            else ("  ok (<0.3 s)" if median < 0.3 else "  SLOW (aim <0.3 s)")
        )
        print(f"{name:45s} {median:9.3f} {p90:7.3f}{flag}")


if __name__ == "__main__":
    main()
