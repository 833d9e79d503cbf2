"""The coach's dashboard (issue 15) at 200 and 1,000 clients, on SQLite and PostgreSQL.

Each database is filled as ``bench_storage.py`` fills it (per client: the sample assessment
and its re-test, four 13-week blocks covering a year, about three logged sessions a week),
every client belonging to one coach (a coach account); then, through the application layer:

- ``dashboard_page``: the first page (50 clients, those needing attention first) and the
  counts over every client, as ``GET /coach/`` calls it;
- ``coach_dashboard``: every client on one list (shaped rows: findings, adherence);
- ``coach_flags_all``: flags only, every client;
- ``GET /coach/`` and ``GET /api/coach/dashboard`` whole, through the app in this process
  (httpx's ASGI transport, gzip asked for: session, route, template, compression; the
  client's own work is included, a little).

Median and worst of 7 runs after one warm-up run, wall and CPU time of this process (the
machine is shared). Aim: a dashboard request costs a few ms of CPU, so that one worker
answers tens of coaches a second (issue 15's web figures come from ``bench_web.py``).

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
COACH = "coach@dashboard.bench"
PASSWORD = "bench password 2026"


def _timed(action: Any) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _measure(db: Any, coach_id: int, dialect: str, count: int) -> list[str]:
    from bench_storage import TODAY
    from slingcoach.app.dashboard import coach_dashboard, dashboard_page
    from slingcoach.app.progress import coach_flags_all

    lines = []
    get = _web_client(db)
    for name, action in (
        ("page 1 (dashboard_page)", lambda: dashboard_page(db, today=TODAY, coach_id=coach_id)),
        (
            "every row (coach_dashboard)",
            lambda: coach_dashboard(db, today=TODAY, coach_id=coach_id),
        ),
        ("flags only (coach_flags_all)", lambda: coach_flags_all(db, today=TODAY)),
        ("GET /coach/ (whole request)", lambda: get("/coach/")),
        ("GET /api/coach/dashboard", lambda: get("/api/coach/dashboard")),
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
    from slingcoach.app.accounts import AccountCreate, create_coach_account
    from slingcoach.app.dashboard import coach_dashboard
    from slingcoach.storage.database import Database
    from slingcoach.storage.migrate import upgrade
    from slingcoach.storage.tables import Client
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
                    coach_id = create_coach_account(
                        db,
                        AccountCreate(email=COACH, name="Coach", password=PASSWORD, timezone="UTC"),
                    ).coach_id
                    with db.write() as s:
                        s.execute(update(Client).values(coach_id=coach_id))
                    assert coach_id is not None
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


def _web_client(db: Any) -> Any:
    """A function that GETs a path from the app on ``db``, signed in as the coach, on the
    benchmark's day; the app runs in this process (its thread pool included)."""
    import asyncio
    import datetime as dt

    import httpx

    from bench_storage import TODAY
    from slingcoach.web.app import create_app
    from slingcoach.web.settings import WebSettings

    settings = WebSettings(env="test", database_url=str(db.engine.url))
    app = create_app(settings, db=db)
    app.state.clock = lambda: dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    loop = asyncio.new_event_loop()
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="https://testserver",
        headers={"Accept-Encoding": "gzip"},
    )

    async def sign_in() -> None:
        token = (await client.get("/api/session")).json()["csrf_token"]
        answer = await client.post(
            "/api/session",
            json={"email": COACH, "password": PASSWORD},
            headers={"X-CSRF-Token": token},
        )
        answer.raise_for_status()

    loop.run_until_complete(sign_in())

    def get(path: str) -> None:
        answer = loop.run_until_complete(client.get(path))
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])

    return get


if __name__ == "__main__":
    raise SystemExit(main())
