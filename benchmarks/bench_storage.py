"""Storage and tracking at scale (issue 14): clients with a year of logs each, on SQLite and
on PostgreSQL.

For each database and each client count (default 100 and 1,000) the script fills a new
database with simulated clients (the sample assessment and its re-test, four 13-week
program blocks covering a year, and about three logged sessions a week, made by
``slingcoach.app.simulate`` with a seed per client variant), then times through the
application layer, as the CLI and the web app call it:

- logging one session (one transaction: checks, rows, progressions);
- a client's progress (adherence, ledger, strength, re-tests, flags);
- the next block (``next_block``: its inputs, and the OR-Tools program generation);
- the coach's flag list for all clients.

Per-client figures are the median and 95th percentile over 15 random clients; wall and
CPU (process) time are both reported, since the machine is shared. Aim (issue 14): about
100 ms or less for one client and a few seconds for all clients.

    python benchmarks/bench_storage.py [--clients 100,1000] [--dialects sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
YEAR_START = dt.date(2025, 12, 29)  # a Monday
BLOCKS = 4
BLOCK_WEEKS = 13
VARIANTS = 8  # distinct simulated histories, shared out over the clients
SAMPLE = 15
SEED = 20261205
TODAY = YEAR_START + dt.timedelta(weeks=BLOCKS * BLOCK_WEEKS - 1)


def _templates() -> dict[str, Any]:
    """Assessments, program blocks and simulated logs shared by every client (made once)."""
    from slingcoach.app.assessments import assess_file
    from slingcoach.app.simulate import SimulatedClient
    from slingcoach.programming import Preferences, generate
    from slingcoach.storage.documents import dump_document

    intake = ROOT / "samples" / "right-weak.yaml"
    first = assess_file(intake, assessed_on=YEAR_START - dt.timedelta(days=3))
    retest = assess_file(intake, assessed_on=YEAR_START + dt.timedelta(weeks=26))
    blocks = []
    for n in range(BLOCKS):
        start = YEAR_START + dt.timedelta(weeks=n * BLOCK_WEEKS)
        blocks.append(generate(first, Preferences(start_date=start), weeks=BLOCK_WEEKS, seed=n + 1))
    variants = []
    for v in range(VARIANTS):
        sim = SimulatedClient(seed=SEED + v, attendance=0.7 + 0.03 * v)
        variants.append(
            [sim.sessions(block, through=TODAY - dt.timedelta(days=2)) for block in blocks]
        )
    return {
        "assessments": [dump_document(first), dump_document(retest)],
        "assessed_on": [first.assessed_on, retest.assessed_on],
        "blocks": blocks,
        "block_docs": [json.dumps(dump_document(b)) for b in blocks],
        "variants": variants,
    }


def _fill(db: Any, clients: int, t: dict[str, Any]) -> float:
    """Bulk-insert ``clients`` simulated clients; returns the seconds it took."""
    from sqlalchemy import insert

    from slingcoach.app.records import planned_sessions
    from slingcoach.storage.summaries import refresh
    from slingcoach.storage.tables import (
        AssessmentRow,
        Client,
        LogEntryRow,
        ProgramRow,
        WorkoutRow,
    )

    started = time.perf_counter()
    now = dt.datetime.combine(YEAR_START, dt.time(9), tzinfo=dt.UTC)
    sessions_of = [planned_sessions(b) for b in t["blocks"]]
    documents = [json.loads(d) for d in t["block_docs"]]
    with db.write() as s:
        s.execute(
            insert(Client),
            [
                {
                    "slug": f"client-{n:05d}",
                    "name": f"Client {n}",
                    "body_mass_kg": 78.5,
                    "created_at": now,
                }
                for n in range(clients)
            ],
        )
    for first in range(0, clients, 50):
        ids = range(first + 1, min(clients, first + 50) + 1)
        with db.write() as s:
            s.execute(
                insert(AssessmentRow),
                [
                    {
                        "uid": f"a{cid}-{k}",
                        "client_id": cid,
                        "assessed_on": t["assessed_on"][k],
                        "refer": False,
                        "schema_version": doc["schema_version"],
                        "document": doc,
                        "created_at": now,
                    }
                    for cid in ids
                    for k, doc in enumerate(t["assessments"])
                ],
            )
            program_ids = s.scalars(
                insert(ProgramRow).returning(ProgramRow.id, sort_by_parameter_order=True),
                [
                    {
                        "uid": f"p{cid}-{b}",
                        "client_id": cid,
                        "assessment_id": None,
                        "start_date": block.start_date,
                        "weeks": BLOCK_WEEKS,
                        "schema_version": block.schema_version,
                        "document": documents[b],
                        "sessions": sessions_of[b],
                        "created_at": now,
                    }
                    for cid in ids
                    for b, block in enumerate(t["blocks"])
                ],
            ).all()
            workouts, logged = [], []
            for n, cid in enumerate(ids):
                for b, logs in enumerate(t["variants"][cid % VARIANTS]):
                    for log in logs:
                        workouts.append(
                            {
                                "client_id": cid,
                                "program_id": program_ids[n * BLOCKS + b],
                                "performed_on": log.performed_on,
                                "session_rpe": log.session_rpe,
                                "notes": None,
                                "red_flags": [],
                                "created_at": now,
                            }
                        )
                        logged.append(log)
            workout_ids = s.scalars(
                insert(WorkoutRow).returning(WorkoutRow.id, sort_by_parameter_order=True),
                workouts,
            ).all()
            s.execute(
                insert(LogEntryRow),
                [
                    {
                        "workout_id": wid,
                        "position": pos,
                        "item_key": e.item_key,
                        "exercise_id": e.exercise_id,
                        "swapped_from": None,
                        "sets": [x.model_dump(mode="json", exclude_none=True) for x in e.sets],
                        "max_pain": e.max_pain,
                    }
                    for wid, log in zip(workout_ids, logged, strict=True)
                    for pos, e in enumerate(log.entries)
                ],
            )
            # bulk inserts bypass the ORM: sum up these clients for the coach's dashboard
            refresh(s, ids)
    return time.perf_counter() - started


def _timed(action: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _summary(name: str, runs: list[tuple[float, float]]) -> str:
    walls = sorted(w for w, _ in runs)
    cpus = sorted(c for _, c in runs)
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    return (
        f"  {name:<34} median {statistics.median(walls):8.1f} ms  p95 {p95:8.1f} ms  "
        f"(CPU median {statistics.median(cpus):7.1f} ms)"
    )


def _one_session(day: dt.date, t: dict[str, Any]) -> Any:
    """The simulated last session of the year (items of the current block), done on ``day``."""
    last = t["variants"][0][-1][-1]
    return last.model_copy(update={"performed_on": day})


def _measure(db: Any, clients: int, t: dict[str, Any]) -> list[str]:
    from slingcoach.app.logs import log_sessions
    from slingcoach.app.progress import coach_flags_all, next_block, progress
    from slingcoach.tracking.nextblock import block_inputs  # noqa: F401 (imported before timing)

    rng = random.Random(SEED)
    picks = [f"client-{rng.randrange(clients):05d}" for _ in range(SAMPLE)]
    out = []
    # warm-up: imports and caches (catalogue, models) outside the timings
    progress(db, picks[0], today=TODAY)
    runs = [
        _timed(lambda c=c: log_sessions(db, c, [_one_session(TODAY, t)], today=TODAY))
        for c in picks
    ]
    out.append(_summary("log a session", runs))
    out.append(
        _summary(
            "progress of one client",
            [_timed(lambda c=c: progress(db, c, today=TODAY)) for c in picks],
        )
    )
    blocks = []
    for c in picks[:5]:
        blocks.append(_timed(lambda c=c: next_block(db, c, today=TODAY)))
    out.append(_summary("next block (incl. CP-SAT solve)", blocks))
    out.append(
        _summary(
            "next block inputs only", [_timed(lambda c=c: _next_block_inputs(db, c)) for c in picks]
        )
    )
    flags = [_timed(lambda: coach_flags_all(db, today=TODAY)) for _ in range(3)]
    flagged = len(coach_flags_all(db, today=TODAY))
    out.append(_summary(f"flag list, all {clients} clients", flags) + f"  [{flagged} flagged]")
    return out


def _next_block_inputs(db: Any, client: str) -> Any:
    """The part of next_block before generation: history read, plan parsed, inputs made."""
    from slingcoach.app.clients import find_client
    from slingcoach.app.logs import client_sessions
    from slingcoach.app.progress import _current_program
    from slingcoach.tracking.nextblock import block_inputs

    with db.read() as s:
        row = find_client(s, client)
        current = _current_program(s, row)
        sessions = client_sessions(s, row)
    assert current is not None
    return block_inputs(current[1], sessions, today=TODAY)


def _counts(db: Any) -> str:
    from sqlalchemy import func, select

    from slingcoach.storage.tables import LogEntryRow, WorkoutRow

    with db.read() as s:
        w = s.scalar(select(func.count()).select_from(WorkoutRow))
        e = s.scalar(select(func.count()).select_from(LogEntryRow))
    return f"{w:,} sessions, {e:,} entries"


def main() -> None:
    from slingcoach.storage.database import Database
    from slingcoach.storage.migrate import upgrade
    from throwaway_db import new_database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="100,1000")
    parser.add_argument("--dialects", default="sqlite,postgresql")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    print("machine shared with other work: compare CPU beside wall time")
    started = time.perf_counter()
    t = _templates()
    per_client = sum(len(logs) for logs in t["variants"][0])
    print(
        f"templates made in {time.perf_counter() - started:.1f} s: "
        f"{BLOCKS} blocks of {BLOCK_WEEKS} weeks, about {per_client} sessions per client-year"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for dialect in args.dialects.split(","):
            for clients in counts:
                try:
                    url, drop = new_database(dialect, Path(tmp), "bench")
                except Exception as exc:  # no server: say so and go on
                    print(f"\n{dialect}: skipped ({type(exc).__name__}: {exc})")
                    continue
                try:
                    with Database(url, check=False) as db:
                        upgrade(db)
                        seconds = _fill(db, clients, t)
                        print(
                            f"\n{dialect}, {clients} clients x 1 year: {_counts(db)} "
                            f"(filled in {seconds:.0f} s)"
                        )
                        for line in _measure(db, clients, t):
                            print(line, flush=True)
                finally:
                    drop()


if __name__ == "__main__":
    main()
