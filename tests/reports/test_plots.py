"""Charts: left vs right per test, asymmetry summary, ODI gauge (deterministic SVG)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

from slingcoach.reports import plots


@dataclass
class Result:
    """A minimal stand-in with the fields the charts read (TestResult has the same names)."""

    id: str
    name: str
    unit: str
    left: float | None
    right: float | None
    higher_is_better: bool
    percent_difference: float | None
    weaker_side: str | None
    status: str


BRIDGE = Result("sl-bridge", "Single-leg bridge", "reps", 25, 20, True, 20.0, "right", "address")
HOP = Result("timed-hop", "Timed hop", "s", 2.0, 2.3, False, 13.0, "right", "watch")
ROW = Result("row", "Single-arm row", "reps", 14, 16, True, 12.5, "left", "watch")
HALF = Result("y-balance", "Y-balance", "%", None, 92.0, True, None, None, "incomplete")


@pytest.mark.parametrize(
    ("best", "pct", "higher", "expected"),
    [(25.0, 10.0, True, 22.5), (25.0, 15.0, True, 21.25), (2.0, 10.0, False, 2.0 / 0.9)],
)
def test_threshold_value_is_where_the_percentage_difference_reaches_pct(
    best: float, pct: float, higher: bool, expected: float
) -> None:
    weak = plots.threshold_value(best, pct, higher_is_better=higher)
    assert weak == pytest.approx(expected)
    # Round trip through PD = (max - min) / max x 100 (Bishop et al. 2018).
    assert (max(best, weak) - min(best, weak)) / max(best, weak) * 100 == pytest.approx(pct)


def test_directed_difference_points_to_the_weaker_side() -> None:
    assert plots.directed_difference(BRIDGE) == pytest.approx(20.0)
    assert plots.directed_difference(ROW) == pytest.approx(-12.5)
    assert plots.directed_difference(HALF) is None


def test_side_chart_svg_is_inline_ready_and_deterministic() -> None:
    svg = plots.side_chart_svg(BRIDGE)
    assert svg.startswith("<svg")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata>" not in svg
    plots._side_chart_svg.cache_clear()  # draw it again rather than reuse the cached chart
    assert svg == plots.side_chart_svg(BRIDGE)
    for text in ("Single-leg bridge", "Left", "Right", "25", "20", "repetitions", "10 %", "15 %"):
        assert f">{text}<" in svg, text
    assert 'aria-label="Single-leg bridge: left 25, right 20 reps; right 20 % lower"' in svg
    # The weaker (right) bar is orange, the other blue.
    assert plots.WEAK in svg and plots.STRONG in svg


def test_two_charts_share_no_element_id() -> None:
    ids_a = set(re.findall(r'id="([^"]+)"', plots.side_chart_svg(BRIDGE)))
    ids_b = set(re.findall(r'id="([^"]+)"', plots.side_chart_svg(ROW)))
    assert ids_a and ids_b
    assert not ids_a & ids_b
    assert all(i.startswith("side-sl-bridge-") for i in ids_a)


def test_every_reference_in_a_chart_points_to_an_id_of_that_chart() -> None:
    svg = plots.side_chart_svg(HOP)
    ids = set(re.findall(r'id="([^"]+)"', svg))
    refs = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(re.findall(r'href="#([^"]+)"', svg))
    assert refs <= ids


def test_prefix_ids_renames_ids_and_their_references_only() -> None:
    svg = (
        '<svg><defs><clipPath id="c1"/><clipPath id="c10"/></defs>'
        '<g data-id="keep" clip-path="url(#c1)"><use xlink:href="#c10"/></g></svg>'
    )
    out = plots.prefix_ids(svg, "Side Bridge")
    assert 'id="side-bridge-c1"' in out and 'id="side-bridge-c10"' in out
    assert "url(#side-bridge-c1)" in out and 'href="#side-bridge-c10"' in out
    assert 'data-id="keep"' in out


def test_lower_is_better_and_missing_sides_are_labelled() -> None:
    assert ">lower is better<" in plots.side_chart_svg(HOP)
    half = plots.side_chart_svg(HALF)
    assert ">not tested<" in half
    # No bands without both sides: no threshold labels.
    assert ">10 %<" not in half


def test_summary_chart_lists_every_test_and_the_incomplete_one() -> None:
    svg = plots.summary_chart_svg([BRIDGE, HOP, ROW, HALF])
    for result in (BRIDGE, HOP, ROW, HALF):
        assert f">{result.name}<" in svg
    assert ">20 %<" in svg and ">12 %<" in svg
    assert "incomplete" in svg
    assert "left side weaker" in svg and "right side weaker" in svg
    plots._summary_chart_svg.cache_clear()
    assert svg == plots.summary_chart_svg([BRIDGE, HOP, ROW, HALF])


def test_neutral_summary_legend_names_sizes_not_advice() -> None:
    advice = plots.summary_chart_svg([BRIDGE])
    neutral = plots.summary_chart_svg([BRIDGE], neutral=True)
    assert ">address<" in advice and ">address<" not in neutral
    assert ">&gt; 15 %<" in neutral and ">10–15 %<" in neutral


def test_png_variants_are_png_images() -> None:
    assert plots.side_chart_png(BRIDGE, dpi=60).startswith(b"\x89PNG\r\n\x1a\n")
    assert plots.summary_chart_png([BRIDGE, ROW], dpi=60).startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    ("score", "expected_x"), [(0.0, 10.0), (32.0, 10 + 378 * 0.32), (100.0, 388.0)]
)
def test_odi_gauge_marker_sits_at_the_score(score: float, expected_x: float) -> None:
    svg = plots.odi_gauge_svg(score)
    marker = re.search(r'<line x1="([0-9.]+)"', svg)
    assert marker is not None
    assert float(marker.group(1)) == pytest.approx(expected_x, abs=0.06)
    assert f">{score:.0f} %<" in svg
    for band in ("minimal", "moderate", "severe", "very severe", "bed-bound"):
        assert f">{band}<" in svg


def test_odi_gauge_clamps_out_of_range_scores() -> None:
    assert plots.odi_gauge_svg(140.0) == plots.odi_gauge_svg(100.0)


def test_report_modules_import_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "import slingcoach.reports.plots, slingcoach.reports.assessment_report\n"
        "import slingcoach.reports.program_export\n"
        "heavy = {'matplotlib', 'weasyprint', 'icalendar', 'cairosvg', 'pypdfium2'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_charts_are_identical_across_processes() -> None:
    # A fresh interpreter would pick a random SVG hash salt if the charts did not fix one.
    code = (
        "import hashlib\n"
        "from types import SimpleNamespace as R\n"
        "from slingcoach.reports import plots\n"
        "r = R(id='sl-bridge', name='Single-leg bridge', unit='reps', left=25, right=20,\n"
        "      higher_is_better=True, percent_difference=20.0, weaker_side='right', status='address')\n"
        "print(hashlib.sha256(plots.side_chart_svg(r).encode()).hexdigest())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    plots._side_chart_svg.cache_clear()
    assert out.stdout.strip() == hashlib.sha256(plots.side_chart_svg(BRIDGE).encode()).hexdigest()
