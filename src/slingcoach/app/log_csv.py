"""A session log as a CSV the client fills in from the printed sheet (one row per side of a set).

Columns (header required, any order; only ``date``, ``set``, ``side`` and one amount are
required)::

    date,item,exercise,swapped_from,set,side,reps,seconds,metres,load_kg,rir,rpe,pain

- ``date``: YYYY-MM-DD; rows of one date make one session;
- ``item``: the program item's key (``w01-s1-i05``), empty for unplanned work;
- ``exercise``: the exercise done; empty means the item's own exercise;
- ``swapped_from``: the planned exercise when a substitute was done;
- ``set``: 1, 2, 3...; ``side``: left, right or both.

Errors name the line and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from slingcoach.errors import InvalidInputError
from slingcoach.tracking.model import SessionLog

COLUMNS = (
    "date", "item", "exercise", "swapped_from", "set", "side", "reps", "seconds", "metres",
    "load_kg", "rir", "rpe", "pain",
)  # fmt: skip
REQUIRED = ("date", "set", "side")
MAX_ROWS = 5000


def parse_log_csv(
    text: str, *, source: str, item_exercise: Callable[[str], str | None]
) -> list[SessionLog]:
    """Sessions from a log CSV; ``item_exercise(key)`` gives an item's planned exercise."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise InvalidInputError(
            f"unknown column {unknown[0]!r}; columns are {', '.join(COLUMNS)}",
            source=source,
            location="line 1",
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInputError(f"missing column {missing[0]!r}", source=source, location="line 1")
    days: dict[dt.date, dict[tuple[str | None, str, str | None], dict[int, list[Any]]]] = {}
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            raise InvalidInputError(f"more than {MAX_ROWS} rows", source=source)
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        where = f"line {number}"
        day = _date(row["date"], source, where)
        key = row.get("item") or None
        exercise = row.get("exercise") or (item_exercise(key) if key else None)
        if not exercise:
            raise InvalidInputError(
                "give the exercise (or an item of the program)",
                source=source,
                location=f"{where}, column 'exercise'",
            )
        entry = (key, exercise, row.get("swapped_from") or None)
        set_number = _int(row["set"], source, f"{where}, column 'set'")
        part = {c: row[c] for c in ("side", *COLUMNS[6:]) if row.get(c, "") != ""}
        days.setdefault(day, {}).setdefault(entry, {}).setdefault(set_number, []).append(
            (where, part)
        )
    if not days:
        raise InvalidInputError("no rows", source=source)
    return [_session(day, entries, source) for day, entries in sorted(days.items())]


def _session(
    day: dt.date,
    entries: dict[tuple[str | None, str, str | None], dict[int, list[Any]]],
    source: str,
) -> SessionLog:
    data = {
        "performed_on": day,
        "entries": [
            {
                "item_key": key,
                "exercise_id": exercise,
                "swapped_from": swapped,
                "sets": [
                    {"number": n, "parts": [part for _, part in sets[n]]} for n in sorted(sets)
                ],
            }
            for (key, exercise, swapped), sets in entries.items()
        ],
    }
    try:
        return SessionLog.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = list(first["loc"])
        where = f"session {day.isoformat()}"
        if len(loc) >= 2 and loc[0] == "entries":
            entry = list(entries)[int(loc[1])]
            where += f", {entry[1]}"
            if len(loc) >= 4 and loc[2] == "sets":
                sets = entries[entry]
                n = sorted(sets)[int(loc[3])]
                line = sets[n][int(loc[5])][0] if len(loc) >= 6 and loc[4] == "parts" else None
                where = f"{line}, " if line else f"{where}, set {n}: "
                if len(loc) >= 7:
                    where += f"column {loc[6]!r}"
        raise InvalidInputError(first["msg"], source=source, location=where.rstrip(", :")) from None


def _date(value: str, source: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            f"{value!r} is not a date; use YYYY-MM-DD",
            source=source,
            location=f"{where}, column 'date'",
        ) from None


def _int(value: str, source: str, where: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInputError(
            f"{value!r} is not a whole number", source=source, location=where
        ) from None
