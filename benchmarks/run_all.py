"""Run every benchmark script in this folder (``bench_*.py``) and print its figures.

Each script has a ``main()`` that prints a titled block of figures; ``make bench`` runs
this file. Pass names to run a subset: ``python benchmarks/run_all.py startup emg``.
"""

from __future__ import annotations

import importlib.util
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SHORT_RUNS = {
    # the full figures (20 s per target, both databases, 1 and 2 workers: about ten minutes)
    # come from `python benchmarks/bench_web.py`; `make bench` takes a short look
    "bench_web": ["--seconds", "5", "--workers", "1", "--dialects", "sqlite"],
}
"""Options given to scripts whose full run is long (their own defaults are the full run)."""


def _load(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    wanted = set(argv)
    scripts = sorted(HERE.glob("bench_*.py"))
    if wanted:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    print(
        f"slingcoach benchmarks on {platform.node()} ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}"
    )
    failures = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        # each script parses its own options
        saved_argv, sys.argv = sys.argv, [str(script), *SHORT_RUNS.get(script.stem, [])]
        try:
            _load(script).main()
        except Exception as exc:  # a broken benchmark must not hide the others
            failures += 1
            print(f"FAILED: {type(exc).__name__}: {exc}")
        finally:
            sys.argv = saved_argv
        print(f"({script.stem} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
