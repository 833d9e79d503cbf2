"""The coach's dashboard (issue 15) at 200 and 1,000 clients, on SQLite and PostgreSQL.

Each database is filled as ``bench_storage.py`` fills it (per client: the sample assessment
and its re-test, four 13-week blocks covering a year, about three logged sessions a week),
every client belonging to one coach; then ``coach_dashboard`` (flags, latest findings and
adherence of every client) is timed through the application layer, as the web page calls
it, beside ``coach_flags_all`` (flags only, every client). Median and worst of 7 runs after
one warm-up run, wall and CPU time (the machine is shared). Aim: well under a second at
200 clients, so the page answers fast.

    python benchmarks/bench_dashboard.py [--clients 200,1000] [--dialects sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

RUNS = 7


def _timed(action: Any) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _measure(db: Any, coach_id: int, dialect: str, count: int) -> list[str]:
    from bench_storage import TODAY
    from slingcoach.app.dashboard import coach_dashboard
    from slingcoach.app.progress import coach_flags_all

    lines = []
    for name, action in (
        ("dashboard", lambda: coach_dashboard(db, today=TODAY, coach_id=coach_id)),
        ("flags only (coach_flags_all)", lambda: coach_flags_all(db, today=TODAY)),
    ):
        action()  # warm-up
        runs = [_timed(action) for _ in range(RUNS)]
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        lines.append(
            f"{dialect:<10} {count:>5} clients  {name:<30} median "
            f"{statistics.median(walls):7.1f} ({statistics.median(cpus):7.1f})"
            f"  worst {max(walls):7.1f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="200,1000")
    parser.add_argument("--dialects", default="sqlite,postgresql")
    args = parser.parse_args(argv)

    from sqlalchemy import update

    from bench_storage import TODAY, _fill, _templates
    from slingcoach.app.dashboard import coach_dashboard
    from slingcoach.storage.database import Database
    from slingcoach.storage.migrate import upgrade
    from slingcoach.storage.tables import Client, Coach
    from throwaway_db import new_database

    templates = _templates()
    print(f"coach dashboard; today {TODAY}; {RUNS} runs after a warm-up; wall (CPU) in ms")
    with tempfile.TemporaryDirectory() as tmp:
        for dialect in args.dialects.split(","):
            for count in (int(c) for c in args.clients.split(",")):
                url, drop = new_database(dialect, Path(tmp), "dashbench")
                db = Database(url, check=False)
                try:
                    upgrade(db)
                    fill_s = _fill(db, count, templates)
                    with db.write() as s:
                        coach = Coach(name="Coach", created_at=_now())
                        s.add(coach)
                        s.flush()
                        s.execute(update(Client).values(coach_id=coach.id))
                        coach_id = coach.id
                    rows = coach_dashboard(db, today=TODAY, coach_id=coach_id)
                    assert len(rows) == count, (len(rows), count)
                    flagged = sum(1 for r in rows if r.flags)
                    for line in _measure(db, coach_id, dialect, count):
                        print(line, flush=True)
                    print(f"{'':<10} {'':>5}          filled in {fill_s:.1f} s; {flagged} flagged")
                finally:
                    db.engine.dispose()
                    drop()
    return 0


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


if __name__ == "__main__":
    raise SystemExit(main())
