"""Chart specs for ``static/charts.js`` (uPlot) from a client's :class:`~slingcoach.app.progress.Progress`.

A spec is plain JSON: ``x`` (days as Unix seconds, or week numbers), ``series`` (a label, a
side that picks the colour, and one value per x, ``null`` where there is none) and the
unit, with a ``remark`` for a chart that has too little to draw a trend: no points (what
will fill it), or one (the page shows that point's values as a list, not a lone column of
dots, and says when the next point comes). The page embeds the specs with the ``chart`` macro of ``templates/_charts.html``;
the coach's client page reuses both.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from slingcoach.app.progress import Progress

MAX_STRENGTH_CHARTS = 4
"""Strength charts shown: the exercises with the most estimated points first."""


class SeriesSpec(BaseModel):
    """One line or bar series."""

    model_config = ConfigDict(frozen=True)

    label: str
    side: Literal["left", "right", "both", "gap"]
    values: list[float | None]
    dashed: bool = False


class ChartSpec(BaseModel):
    """One chart: what charts.js draws."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    kind: Literal["line", "bars"]
    x_kind: Literal["date", "week"]
    unit: str
    note: str
    x: list[float]
    series: list[SeriesSpec]
    remark: str | None = None

    @property
    def empty(self) -> bool:
        return not self.x

    @property
    def single(self) -> bool:
        """One x only: a list of values reads better than a chart."""
        return len(self.x) == 1

    @property
    def one_point(self) -> list[tuple[str, str]]:
        """The single point's series as (label, value with its unit), largest first for a
        percent difference; series without a value there are left out."""
        unit = "%" if self.unit.startswith("%") else self.unit.split(" ")[0]
        rows = [(s.label, s.values[0]) for s in self.series if s.values and s.values[0] is not None]
        if self.unit.startswith("%"):
            rows.sort(key=lambda row: -abs(row[1] or 0))
        return [(label, f"{value:g} {unit}") for label, value in rows]

    @property
    def first_label(self) -> str:
        """The first x in words: "4 December 2026" or "week 3"."""
        if self.x_kind == "week":
            return f"week {int(self.x[0])}"
        return _day_words(dt.datetime.fromtimestamp(self.x[0], dt.UTC).date())

    @property
    def labels(self) -> list[str]:
        """The x values as people read them (ISO dates, week numbers), for the table."""
        if self.x_kind == "week":
            return [f"week {int(x)}" for x in self.x]
        return [dt.datetime.fromtimestamp(x, dt.UTC).date().isoformat() for x in self.x]


def _stamp(day: dt.date) -> int:
    """Midday UTC of ``day`` in Unix seconds (a date axis that no time zone shifts a day)."""
    return calendar.timegm(dt.datetime(day.year, day.month, day.day, 12).timetuple())


def _day_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def chart_data(progress: Progress) -> list[ChartSpec]:
    """The three progress charts: asymmetry over time, weekly volume per side, strength per side."""
    return [asymmetry_chart(progress), volume_chart(progress), *strength_charts(progress)]


def asymmetry_chart(progress: Progress) -> ChartSpec:
    """Each test's left/right percent difference at every assessment (0 = even)."""
    days = sorted({p.assessed_on for points in progress.asymmetry.values() for p in points})
    series = []
    for test, points in sorted(progress.asymmetry.items()):
        by_day = {p.assessed_on: p.percent_difference for p in points}
        series.append(
            SeriesSpec(
                label=_test_name(test),
                side="gap",
                values=[_round(by_day.get(d)) for d in days],
            )
        )
    return ChartSpec(
        id="asymmetry",
        title="Asymmetry over time",
        kind="line",
        x_kind="date",
        unit="% difference",
        note="Left/right difference per test at each assessment (0 % is even; "
        "percent difference as in assessment.asymmetry).",
        x=[_stamp(d) for d in days],
        series=series,
        remark=_asymmetry_remark(progress, days),
    )


def _asymmetry_remark(progress: Progress, days: list[dt.date]) -> str | None:
    if not days:
        return "Appears after an assessment with left and right tests."
    if len(days) > 1:
        return None
    day = days[0]
    week, start = progress.retest_week, progress.retest_from
    if week is not None and start is not None and start > day:
        return (
            f"One assessment so far ({_day_words(day)}): the re-test in week {week} "
            f"(from {_day_words(start)}) shows the trend."
        )
    return f"One assessment so far ({_day_words(day)}): the next assessment shows the trend."


def volume_chart(progress: Progress) -> ChartSpec:
    """Hard sets done per week on each side (summed over muscles), beside the planned sets."""
    weeks = sorted({row.week for row in progress.ledger})
    done: dict[tuple[int, str], int] = {}
    planned: dict[tuple[int, str], int] = {}
    for row in progress.ledger:
        if row.side not in ("left", "right"):
            continue
        done[(row.week, row.side)] = done.get((row.week, row.side), 0) + row.done_sets
        planned[(row.week, row.side)] = planned.get((row.week, row.side), 0) + row.planned_sets
    series = [
        SeriesSpec(
            label=f"{side} done",
            side=side,
            values=[float(done.get((w, side), 0)) for w in weeks],
        )
        for side in ("left", "right")
    ] + [
        SeriesSpec(
            label=f"{side} planned",
            side=side,
            values=[float(planned.get((w, side), 0)) for w in weeks],
            dashed=True,
        )
        for side in ("left", "right")
    ]
    return ChartSpec(
        id="volume",
        title="Weekly volume per side",
        kind="bars",
        x_kind="week",
        unit="hard sets",
        note="Hard sets per week summed over the muscles trained, each side; dashed: planned "
        "(tracking.volume's ledger).",
        x=[float(w) for w in weeks],
        series=series,
        remark=(
            "Appears once there is a program."
            if not weeks
            else "Nothing logged yet: the bars fill in as sessions are logged; the dashed "
            "lines are the plan."
            if not any(done.values())
            else None
        ),
    )


def strength_charts(progress: Progress) -> list[ChartSpec]:
    """Estimated 1RM of each side over time, for the exercises logged most often."""
    trends = sorted(progress.strength, key=lambda t: (-len(t.points), t.exercise_id))
    out = []
    for trend in trends[:MAX_STRENGTH_CHARTS]:
        name = _exercise_name(trend.exercise_id)
        slope = (
            f" The gap changes {trend.slope_pct_per_week:+.1f} % a week."
            if trend.slope_pct_per_week is not None
            else ""
        )
        out.append(
            ChartSpec(
                id=f"strength-{trend.exercise_id}",
                title=f"Strength per side: {name}",
                kind="line",
                x_kind="date",
                unit="kg (estimated 1RM)",
                note="Estimated one-rep max from each logged set (tracking.strength)." + slope,
                x=[_stamp(p.performed_on) for p in trend.points],
                series=[
                    SeriesSpec(label="left", side="left", values=[p.left_kg for p in trend.points]),
                    SeriesSpec(
                        label="right", side="right", values=[p.right_kg for p in trend.points]
                    ),
                ],
                remark=(
                    f"Logged once so far ({_day_words(trend.points[0].performed_on)}): "
                    "the lines start with the next session."
                    if len(trend.points) == 1
                    else None
                ),
            )
        )
    if not out:
        out.append(
            ChartSpec(
                id="strength",
                title="Strength per side",
                kind="line",
                x_kind="date",
                unit="kg (estimated 1RM)",
                note="Estimated one-rep max from each logged set (tracking.strength).",
                x=[],
                series=[],
                remark="Appears once loaded one-sided sets are logged.",
            )
        )
    return out


def _test_name(test_id: str) -> str:
    """A field test's name from the battery (its id in words if it is no longer there)."""
    from slingcoach.assessment.battery import battery

    known = {t.id: t.name for t in battery().tests}
    return known.get(test_id, test_id.replace("-", " "))


def _exercise_name(exercise_id: str) -> str:
    """An exercise's name from the library (its id in words if it is no longer there)."""
    from slingcoach.exercises import get_catalogue

    catalogue = get_catalogue()
    return (
        catalogue.get(exercise_id).name
        if exercise_id in catalogue
        else exercise_id.replace("-", " ")
    )


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def specs_json(specs: list[ChartSpec]) -> list[dict[str, Any]]:
    """The specs as JSON-ready dicts (for the template's ``tojson``)."""
    return [spec.model_dump(mode="json") for spec in specs]
