"""The clock of the application layer (the domain never reads one; tests pass ``now``)."""

from __future__ import annotations

import datetime as dt


def utc_now(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` if given (it must be time-zone aware), else the current UTC time."""
    if now is None:
        return dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    return now.astimezone(dt.UTC)
