"""Progress charts (matplotlib, PNG and SVG): asymmetry over time per test with its error
band, weekly hard sets per muscle per side, and estimated strength per side.

``write_progress_plots(progress, path)`` writes one figure of three panels to ``path``
and its twin in the other format (``out.png`` and ``out.svg``). Output is deterministic
(a fixed SVG hash salt, no dates in the files).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from slingcoach.app.progress import Progress

LEFT = "#4a6fa5"
RIGHT = "#e0661b"
MUTED = "#5f6b76"
BAND = "#e3f4e6"
FORMATS = (".png", ".svg")


def write_progress_plots(progress: Progress, path: Path) -> list[Path]:
    """Write the three charts as ``path`` (.png or .svg) and its twin; returns both paths."""
    if path.suffix.lower() not in FORMATS:
        raise InvalidInputError("write the charts to a .png or .svg file", source=str(path))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.hashsalt": "slingcoach-progress", "font.size": 9}):
        fig, axes = plt.subplots(3, 1, figsize=(8, 10), layout="constrained")
        try:
            _asymmetry(axes[0], progress)
            _volume(axes[1], progress)
            _strength(axes[2], progress)
            fig.suptitle(f"{progress.client}: progress to {progress.today.isoformat()}")
            written = []
            for suffix in FORMATS:
                target = path.with_suffix(suffix)
                metadata = {"Date": None} if suffix == ".svg" else {"Software": None}
                fig.savefig(target, metadata=metadata, dpi=120, facecolor="white")
                written.append(target)
        finally:
            plt.close(fig)
    return written


def _x(days: Sequence[dt.date]) -> list[float]:
    """Dates as matplotlib's day numbers."""
    import matplotlib.dates as mdates

    return [float(mdates.date2num(day)) for day in days]  # type: ignore[no-untyped-call]


def _date_axis(ax: Axes) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=1, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _empty(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", color=MUTED, transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _asymmetry(ax: Axes, progress: Progress) -> None:
    """Each test's percentage difference over the assessments, with its error band: the gap
    the test cannot tell from noise (its MDC or typical error as a percentage of the
    stronger side)."""
    ax.set_title(
        "Left/right difference per test over time (band: within the test's error)", loc="left"
    )
    series = {
        t: [p for p in points if p.percent_difference is not None]
        for t, points in progress.asymmetry.items()
    }
    series = {t: p for t, p in series.items() if p}
    if not series:
        _empty(ax, "no assessments yet")
        return
    for test, points in sorted(series.items()):
        days = _x([p.assessed_on for p in points])
        values = [float(p.percent_difference or 0) for p in points]
        line = ax.plot(days, values, marker="o", label=test)[0]
        bands = [
            (p.error / max(p.left, p.right) * 100) if p.error and max(p.left, p.right) else None
            for p in points
        ]
        if all(b is not None for b in bands):
            ax.fill_between(
                days, 0, [float(b or 0) for b in bands], color=line.get_color(), alpha=0.12
            )
    days_all = sorted({p.assessed_on for points in series.values() for p in points})
    if len(days_all) == 1:  # one assessment: a month either side, not matplotlib's years
        low, high = _x([days_all[0] - dt.timedelta(days=30), days_all[0] + dt.timedelta(days=30)])
        ax.set_xlim(low, high)
    _date_axis(ax)
    ax.set_ylabel("% difference, (max − min) / max")
    ax.legend(fontsize=7, ncol=2)


def _volume(ax: Axes, progress: Progress) -> None:
    """Hard sets done per week and side, summed over the muscles the program focuses on."""
    ax.set_title("Weekly hard sets per side (done; dashed: planned), gluteus maximus", loc="left")
    rows = [r for r in progress.ledger if r.muscle == "gluteus-maximus"]
    if not rows:
        _empty(ax, "no program yet")
        return
    done: dict[str, dict[int, int]] = defaultdict(dict)
    planned: dict[str, dict[int, int]] = defaultdict(dict)
    for r in rows:
        done[r.side][r.week] = r.done_sets
        planned[r.side][r.week] = r.planned_sets
    weeks = sorted({r.week for r in rows})
    width = 0.38
    for offset, side, colour in ((-width / 2, "left", LEFT), (width / 2, "right", RIGHT)):
        ax.bar(
            [w + offset for w in weeks],
            [done[side].get(w, 0) for w in weeks],
            width,
            color=colour,
            label=f"{side} done",
        )
        ax.plot(
            weeks,
            [planned[side].get(w, 0) for w in weeks],
            ls="--",
            color=colour,
            label=f"{side} planned",
        )
    ax.set_xlabel("program week")
    ax.set_ylabel("sets")
    ax.set_xticks(weeks)
    ax.legend(fontsize=7)


def _strength(ax: Axes, progress: Progress) -> None:
    """Estimated 1RM per side (Epley 1985) of each loaded one-sided exercise."""
    ax.set_title("Estimated 1RM per side (Epley)", loc="left")
    if not progress.strength:
        _empty(ax, "no loaded one-sided sets logged yet")
        return
    styles = ("-", "--", ":", "-.")
    for n, trend in enumerate(progress.strength):
        days = _x([p.performed_on for p in trend.points])
        style = styles[n % len(styles)]
        ax.plot(
            days,
            [p.left_kg for p in trend.points],
            marker="o",
            ls=style,
            color=LEFT,
            label=f"{trend.exercise_id} left",
        )
        ax.plot(
            days,
            [p.right_kg for p in trend.points],
            marker="s",
            ls=style,
            color=RIGHT,
            label=f"{trend.exercise_id} right",
        )
    _date_axis(ax)
    ax.set_ylabel("kg")
    ax.legend(fontsize=7)
