"""Charts for the reports: left vs right per test, asymmetry across tests, the ODI gauge.

Every chart is returned as an SVG string ready to be inlined in HTML (no XML
prolog, ids made unique per chart) and, on request, as PNG bytes. Output is
deterministic: matplotlib's SVG hash salt is fixed and no date is written, so
the same results give byte-identical SVG. matplotlib is imported inside the
functions (Agg backend) so that importing this module stays cheap.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Thresholds of the percentage difference, (max - min) / max x 100: under 10 % fine,
# 10-15 % watch, over 15 % address (Bishop et al. 2018 SCJ 40(4):1-6; Hewit, Cronin & Hume
# 2012 SCJ 34(1):82-86). The assessment may configure others; the charts take them as arguments.
WATCH_PCT = 10.0
ADDRESS_PCT = 15.0

# Colours (colour-blind safe pairing: blue vs orange; status colours also carry a text label).
STRONG = "#4a6fa5"
WEAK = "#e0661b"
EVEN = "#7d8a96"
INK = "#22262a"
MUTED = "#5f6b76"
BAND_FINE = "#e3f4e6"
BAND_WATCH = "#fff1c2"
BAND_ADDRESS = "#fde0dd"
STATUS_COLOURS = {
    "fine": "#2f8f46",
    "watch": "#d18b00",
    "address": "#c23b31",
    "within-error": "#8d969e",
    "incomplete": "#b5bcc3",
}
FONT = "DejaVu Sans"

_UNIT_LABELS = {
    "seconds": "seconds",
    "s": "seconds",
    "reps": "repetitions",
    "cm": "centimetres",
    "m": "metres",
    "metres": "metres",
    "n": "newtons (N)",
    "deg": "degrees",
    "degrees": "degrees",
    "%": "% of limb length",
}


class PairedResult(Protocol):
    """What the charts read from one bilateral test (``assessment.TestResult`` fits)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def left(self) -> float | None: ...
    @property
    def right(self) -> float | None: ...
    @property
    def higher_is_better(self) -> bool: ...
    @property
    def percent_difference(self) -> float | None: ...
    @property
    def weaker_side(self) -> Any: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class _Snapshot:
    """The chart-relevant values of a result, hashable so drawn charts can be cached."""

    id: str
    name: str
    unit: str
    left: float | None
    right: float | None
    higher_is_better: bool
    percent_difference: float | None
    weaker_side: str | None
    status: str

    @classmethod
    def of(cls, result: PairedResult) -> _Snapshot:
        return cls(
            id=str(result.id),
            name=str(result.name),
            unit=str(result.unit),
            left=None if result.left is None else float(result.left),
            right=None if result.right is None else float(result.right),
            higher_is_better=bool(result.higher_is_better),
            percent_difference=None
            if result.percent_difference is None
            else float(result.percent_difference),
            weaker_side=side_name(result.weaker_side),
            status=str(getattr(result.status, "value", result.status)),
        )


def unit_label(unit: str) -> str:
    """The axis label for a test's unit ("seconds", "N·m/kg", ...)."""
    return _UNIT_LABELS.get(str(unit).lower(), str(unit))


def side_name(side: Any) -> str | None:
    """``"left"``/``"right"`` from a Side enum, a string or None."""
    if side is None:
        return None
    value = str(getattr(side, "value", side)).lower()
    return value if value in ("left", "right") else None


def threshold_value(best: float, pct: float, *, higher_is_better: bool) -> float:
    """The weaker side's value at which the percentage difference reaches ``pct``.

    With PD = (max - min) / max x 100 (Bishop et al. 2018): when higher is better the
    weaker value is the minimum, so it is ``best x (1 - pct/100)``; when lower is better
    the weaker value is the maximum, so it is ``best / (1 - pct/100)``.
    """
    fraction = pct / 100.0
    if higher_is_better:
        return best * (1.0 - fraction)
    return best / (1.0 - fraction)


def _fmt(value: float) -> str:
    """A value as people write it: no trailing .0, at most one decimal (two under 10)."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0") if abs(value) < 10 else f"{value:.1f}"


@contextmanager
def _figure(width_in: float, height_in: float, salt: str) -> Iterator[Figure]:
    """A matplotlib figure with deterministic SVG settings, closed afterwards."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    rc: dict[str, Any] = {
        "svg.hashsalt": f"slingcoach-{salt}",
        "svg.fonttype": "none",
        "font.family": FONT,
        "font.size": 8.0,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "xtick.color": MUTED,
        "ytick.color": INK,
        "text.color": INK,
    }
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig = Figure(figsize=(width_in, height_in), dpi=100)
        yield fig


def _svg_of(fig: Figure, prefix: str, label: str) -> str:
    """Serialise ``fig`` to SVG for inlining: no prolog, no metadata, unique ids, a text label."""
    from html import escape

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    # Screen readers read the label instead of the drawing.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return prefix_ids(svg, prefix)


def _png_of(fig: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def prefix_ids(svg: str, prefix: str) -> str:
    """Prefix every id and every reference to one so several SVGs can share one HTML page."""
    slug = re.sub(r"[^a-z0-9-]+", "-", prefix.lower()).strip("-") or "chart"
    id_attr = re.compile(r'(?<=\s)id="([^"]+)"')
    known = set(id_attr.findall(svg))

    def renamed(name: str) -> str:
        return f"{slug}-{name}" if name in known else name

    svg = id_attr.sub(lambda m: f'id="{renamed(m.group(1))}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{renamed(m.group(1))})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{renamed(m.group(1))}"', svg)


def _finish_axes(ax: Axes) -> None:
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _draw_side_chart(
    fig: Figure, result: PairedResult, watch_pct: float, address_pct: float
) -> None:
    """Two horizontal bars (left on top), weaker side in orange, threshold bands behind."""
    from matplotlib.patches import Patch, Rectangle

    left, right = result.left, result.right
    weak = side_name(result.weaker_side)
    ax = fig.add_axes((0.16, 0.30, 0.80, 0.46))
    values = [left, right]
    present = [v for v in values if v is not None]
    top = max(present) if present else 1.0
    higher = bool(result.higher_is_better)
    best = None
    if len(present) == 2 and max(present) > 0:
        best = max(present) if higher else min(present)
    xmax = top * 1.22 if top > 0 else 1.0
    if best is not None and best > 0:
        watch_at = threshold_value(best, watch_pct, higher_is_better=higher)
        address_at = threshold_value(best, address_pct, higher_is_better=higher)
        if not higher:
            xmax = max(xmax, address_at * 1.12)
        if higher:
            spans = (
                (watch_at, best, BAND_FINE),
                (address_at, watch_at, BAND_WATCH),
                (0.0, address_at, BAND_ADDRESS),
            )
        else:
            spans = (
                (best, watch_at, BAND_FINE),
                (watch_at, address_at, BAND_WATCH),
                (address_at, xmax, BAND_ADDRESS),
            )
        # The bands sit behind the weaker side's bar only: they show where its value falls.
        rows = [("left", "right").index(weak)] if weak else [0, 1]
        for row in rows:
            for lo, hi, colour in spans:
                ax.add_patch(
                    Rectangle((lo, row - 0.46), hi - lo, 0.92, color=colour, zorder=0, linewidth=0)
                )
        low_line = min(watch_at, address_at)
        for at, pct in ((watch_at, watch_pct), (address_at, address_pct)):
            ax.axvline(at, color=MUTED, linewidth=0.6, linestyle=(0, (2, 2)), zorder=1)
            # Label the two close lines away from each other: the lower one on its left.
            ha = "right" if at == low_line else "left"
            nudge = -0.008 * xmax if ha == "right" else 0.008 * xmax
            ax.text(
                at + nudge, -0.56, f"{_fmt(pct)} %", ha=ha, va="bottom", fontsize=6.5, color=MUTED
            )
    ax.set_xlim(0, xmax)
    ax.set_ylim(1.55, -0.55)
    for row, (label, value) in enumerate((("left", left), ("right", right))):
        if value is None:
            ax.text(
                0.01 * xmax,
                row,
                "not tested",
                va="center",
                fontsize=7.5,
                color=MUTED,
                style="italic",
            )
            continue
        colour = WEAK if weak == label else (STRONG if weak else EVEN)
        ax.barh(row, value, height=0.62, color=colour, zorder=2)
        ax.text(
            value + xmax * 0.015,
            row,
            _fmt(value),
            va="center",
            fontsize=8,
            color=INK,
            zorder=3,
            fontweight="bold" if weak == label else "normal",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        )
    ax.set_yticks([0, 1], ["Left", "Right"])
    ax.set_xlabel(unit_label(result.unit), fontsize=7.5, color=MUTED, labelpad=2)
    ax.tick_params(axis="x", labelsize=7, length=2)
    _finish_axes(ax)
    fig.text(0.02, 0.97, result.name, fontsize=9, fontweight="bold", va="top", ha="left")
    note = "higher is better" if higher else "lower is better"
    fig.text(0.02, 0.04, note, fontsize=6.5, color=MUTED, va="bottom", ha="left", style="italic")
    if best is not None:
        handles = [
            Patch(color=BAND_FINE, label=f"< {_fmt(watch_pct)} %"),
            Patch(color=BAND_WATCH, label=f"{_fmt(watch_pct)}–{_fmt(address_pct)} %"),
            Patch(color=BAND_ADDRESS, label=f"> {_fmt(address_pct)} %"),
        ]
        fig.legend(
            handles=handles,
            loc="lower right",
            ncols=3,
            fontsize=6,
            frameon=False,
            handlelength=1.0,
            handleheight=0.8,
            columnspacing=0.8,
            borderaxespad=0.1,
        )


def _side_label(result: _Snapshot) -> str:
    """The chart in words: ``"Single-leg bridge: left 25, right 20 reps; right 20 % lower"``."""

    def value(v: float | None) -> str:
        return "not tested" if v is None else _fmt(v)

    text = f"{result.name}: left {value(result.left)}, right {value(result.right)} {result.unit}"
    if result.weaker_side and result.percent_difference is not None:
        direction = "lower" if result.higher_is_better else "higher"
        text += f"; {result.weaker_side} {_fmt(round(result.percent_difference, 1))} % {direction}"
    return text


def side_chart_svg(
    result: PairedResult, /, *, watch_pct: float = WATCH_PCT, address_pct: float = ADDRESS_PCT
) -> str:
    """Left vs right bars for one test, with the 10 % / 15 % bands behind the weaker side.

    The bands show where the weaker side's value would sit at a given percentage
    difference from the better side; the weaker side is drawn in orange.
    """
    return _side_chart_svg(_Snapshot.of(result), watch_pct, address_pct)


@contextmanager
def _side_figure(result: PairedResult, watch_pct: float, address_pct: float) -> Iterator[Figure]:
    """The side chart of ``result`` drawn on its figure (the same for SVG and PNG)."""
    with _figure(3.6, 1.7, f"side-{result.id}") as fig:
        _draw_side_chart(fig, result, watch_pct, address_pct)
        yield fig


@lru_cache(maxsize=256)
def _side_chart_svg(result: _Snapshot, watch_pct: float, address_pct: float) -> str:
    # Cached: a report written as HTML and PDF draws each chart once.
    with _side_figure(result, watch_pct, address_pct) as fig:
        return _svg_of(fig, f"side-{result.id}", _side_label(result))


def side_chart_png(
    result: PairedResult,
    /,
    *,
    watch_pct: float = WATCH_PCT,
    address_pct: float = ADDRESS_PCT,
    dpi: int = 150,
) -> bytes:
    """The same chart as :func:`side_chart_svg`, as PNG bytes."""
    with _side_figure(result, watch_pct, address_pct) as fig:
        return _png_of(fig, dpi)


def directed_difference(result: PairedResult) -> float | None:
    """The percentage difference signed by the weaker side: negative left, positive right."""
    pct = result.percent_difference
    if pct is None or result.left is None or result.right is None:
        return None
    weak = side_name(result.weaker_side)
    if weak == "left":
        return -abs(pct)
    if weak == "right":
        return abs(pct)
    return 0.0


def _draw_summary(
    fig: Figure,
    results: Sequence[PairedResult],
    watch_pct: float,
    address_pct: float,
    neutral: bool = False,
) -> None:
    from matplotlib.patches import Patch

    n = len(results)
    height = fig.get_figheight()
    bottom = 0.55 / height
    top = 1 - 0.42 / height
    ax = fig.add_axes((0.34, bottom, 0.62, top - bottom))
    diffs = [directed_difference(r) for r in results]
    limit = max([address_pct * 1.6, *[abs(d) * 1.15 for d in diffs if d is not None]])
    limit = float(math.ceil(limit / 5.0) * 5)
    for sign in (-1, 1):
        ax.axvspan(0, sign * watch_pct, color=BAND_FINE, linewidth=0, zorder=0)
        ax.axvspan(sign * watch_pct, sign * address_pct, color=BAND_WATCH, linewidth=0, zorder=0)
        ax.axvspan(sign * address_pct, sign * limit, color=BAND_ADDRESS, linewidth=0, zorder=0)
    ax.axvline(0, color=INK, linewidth=0.8, zorder=1)
    for row, (result, diff) in enumerate(zip(results, diffs, strict=True)):
        if diff is None:
            ax.text(
                0,
                row,
                "  incomplete",
                va="center",
                ha="left",
                fontsize=7,
                color=MUTED,
                style="italic",
            )
            continue
        colour = STATUS_COLOURS.get(result.status, EVEN)
        ax.barh(
            row,
            diff,
            height=0.6,
            color=colour,
            zorder=2,
            hatch="////" if result.status == "within-error" else None,
            edgecolor="white",
            linewidth=0,
        )
        label = f"{abs(diff):.0f} %"
        offset = limit * 0.02
        if diff >= 0:
            ax.text(diff + offset, row, label, va="center", ha="left", fontsize=7)
        else:
            ax.text(diff - offset, row, label, va="center", ha="right", fontsize=7)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks(range(n), [r.name for r in results], fontsize=7.5)
    ticks = [t for t in range(-int(limit), int(limit) + 1, 5 if limit <= 40 else 10)]
    ax.set_xticks(ticks, [f"{abs(t)}" for t in ticks], fontsize=7)
    ax.set_xlabel("percentage difference between sides (%)", fontsize=7.5, color=MUTED)
    _finish_axes(ax)
    ax.text(-limit, -0.75, "◀ left side weaker", ha="left", va="bottom", fontsize=7, color=MUTED)
    ax.text(limit, -0.75, "right side weaker ▶", ha="right", va="bottom", fontsize=7, color=MUTED)
    if neutral:
        # Sizes only, no advice words (for a report that refers to a clinician).
        labels = (f"< {_fmt(watch_pct)} %", f"{_fmt(watch_pct)}–{_fmt(address_pct)} %",
                  f"> {_fmt(address_pct)} %")  # fmt: skip
    else:
        labels = ("fine", "watch", "address")
    handles = [
        Patch(color=STATUS_COLOURS[s], label=label)
        for s, label in (
            *zip(("fine", "watch", "address"), labels, strict=True),
            ("within-error", "within test error"),
        )
    ]
    fig.legend(
        handles=handles,
        loc="lower left",
        ncols=4,
        fontsize=6.5,
        frameon=False,
        handlelength=1.0,
        handleheight=0.8,
        bbox_to_anchor=(0.34, 0.0),
    )


def summary_chart_svg(
    results: Sequence[PairedResult],
    /,
    *,
    watch_pct: float = WATCH_PCT,
    address_pct: float = ADDRESS_PCT,
    neutral: bool = False,
) -> str:
    """Asymmetry of every test on one axis: bars point to the weaker side, coloured by status.

    ``neutral=True`` labels the colours by size ("> 15 %") instead of advice ("address").
    """
    snapshots = tuple(_Snapshot.of(r) for r in results)
    return _summary_chart_svg(snapshots, watch_pct, address_pct, neutral)


@contextmanager
def _summary_figure(
    results: Sequence[PairedResult], watch_pct: float, address_pct: float, neutral: bool
) -> Iterator[Figure]:
    """The summary chart drawn on a figure 0.26 in taller per test (the same for SVG and PNG)."""
    height = 0.95 + 0.26 * max(len(results), 1)
    with _figure(6.6, height, "summary") as fig:
        _draw_summary(fig, results, watch_pct, address_pct, neutral)
        yield fig


@lru_cache(maxsize=32)
def _summary_chart_svg(
    results: tuple[_Snapshot, ...], watch_pct: float, address_pct: float, neutral: bool
) -> str:
    with _summary_figure(results, watch_pct, address_pct, neutral) as fig:
        label = "Percentage difference between sides: " + "; ".join(
            f"{r.name} {_fmt(r.percent_difference)} %, {r.weaker_side} weaker"
            if r.percent_difference is not None and r.weaker_side
            else f"{r.name}: not compared"
            for r in results
        )
        return _svg_of(fig, "summary", label)


def summary_chart_png(
    results: Sequence[PairedResult],
    /,
    *,
    watch_pct: float = WATCH_PCT,
    address_pct: float = ADDRESS_PCT,
    neutral: bool = False,
    dpi: int = 150,
) -> bytes:
    """The same chart as :func:`summary_chart_svg`, as PNG bytes."""
    with _summary_figure(results, watch_pct, address_pct, neutral) as fig:
        return _png_of(fig, dpi)


# ODI 2.1a bands (Fairbank & Pynsent 2000 Spine 25(22):2940-2953): upper edges in %.
ODI_BANDS: tuple[tuple[float, str, str], ...] = (
    (20.0, "minimal", "#e3f4e6"),
    (40.0, "moderate", "#fff1c2"),
    (60.0, "severe", "#ffd8a8"),
    (80.0, "very severe", "#fde0dd"),  # "crippled" in the original; "very severe" on some forms
    (100.0, "bed-bound or exaggerating", "#f5c2c0"),
)


def odi_gauge_svg(score_pct: float, /, *, width: int = 400) -> str:
    """A horizontal 0-100 % gauge with the five ODI bands and a marker at ``score_pct``.

    Hand-written SVG (no matplotlib): a simple strip reads better than a chart here.
    """
    score = min(max(float(score_pct), 0.0), 100.0)
    height = 58
    left_pad, right_pad = 10, 12
    span = width - left_pad - right_pad
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="Oswestry Disability Index {score:.0f} %" '
        f'font-family="{FONT}, sans-serif">'
    ]
    start = 0.0
    for upper, label, colour in ODI_BANDS:
        x = left_pad + span * start / 100
        w = span * (upper - start) / 100
        parts.append(f'<rect x="{x:.1f}" y="18" width="{w:.1f}" height="16" fill="{colour}"/>')
        short = label if label == "very severe" else label.split(" ")[0]
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="46" font-size="10" text-anchor="middle" fill="{MUTED}">{short}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="57" font-size="9" text-anchor="middle" fill="{MUTED}">{start:.0f}</text>'
        )
        start = upper
    parts.append(
        f'<text x="{left_pad + span:.1f}" y="57" font-size="9" text-anchor="middle" fill="{MUTED}">100</text>'
    )
    mx = left_pad + span * score / 100
    parts.append(
        f'<line x1="{mx:.1f}" y1="14" x2="{mx:.1f}" y2="38" stroke="{INK}" stroke-width="2.5"/>'
    )
    anchor = "start" if score < 12 else ("end" if score > 88 else "middle")
    parts.append(
        f'<text x="{mx:.1f}" y="11" font-size="11" font-weight="bold" text-anchor="{anchor}" fill="{INK}">{score:.0f} %</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
