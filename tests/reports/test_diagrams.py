"""Body diagrams: rendered to PNG and checked pixel by pixel for colour and side."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from slingcoach.anatomy import get_anatomy
from slingcoach.errors import InvalidInputError, UnknownMuscleError, UnknownSlingError
from slingcoach.reports.diagrams import (
    FIGURE_H,
    FIGURE_TOP,
    MUSCLE_FILL,
    body_svg,
    scale_colour,
    sling_views,
)
from slingcoach.reports.render import svg_to_png

SCALE = 2  # render at twice the SVG's size
SVG_NS = "{http://www.w3.org/2000/svg}"


def _render(svg: str) -> np.ndarray:
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    png = svg_to_png(svg, width_px=int(width * SCALE))
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _midline(svg: str, view: str) -> float:
    """Pixel x of the figure's midline in ``view``."""
    match = re.search(rf'<g id="{view}-view".*?translate\(([\d.]+),', svg, re.S)
    assert match, view
    return float(match.group(1)) * SCALE


def _red(image: np.ndarray) -> np.ndarray:
    """Pixels of the strong end of the highlight scale (#b91c1c)."""
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (r > 150) & (g < 80) & (b < 80)


def _blue(image: np.ndarray) -> np.ndarray:
    """Pixels of the sling arrow (#1d4ed8)."""
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (r < 80) & (g < 120) & (b > 180)


def _figure_rows(mask: np.ndarray) -> np.ndarray:
    """Keep only the figure's rows (drop the title and the legend)."""
    out = np.zeros_like(mask)
    top, bottom = int(FIGURE_TOP * SCALE), int((FIGURE_TOP + FIGURE_H) * SCALE)
    out[top:bottom] = mask[top:bottom]
    return out


def _columns(mask: np.ndarray) -> np.ndarray:
    return np.nonzero(mask)[1]


def test_back_view_right_glute_is_coloured_on_the_viewers_right_only() -> None:
    svg = body_svg(view="back", highlights={("gluteus-maximus", "right"): 1.0})
    image = _render(svg)
    mid = _midline(svg, "back")
    cols = _columns(_figure_rows(_red(image)))
    assert cols.size > 500, "the highlighted glute is visibly coloured"
    assert cols.min() > mid, "nothing coloured on the person's left (viewer's left from behind)"


def test_back_view_left_glute_is_coloured_on_the_viewers_left_only() -> None:
    svg = body_svg(view="back", highlights={("gluteus-maximus", "left"): 1.0})
    image = _render(svg)
    cols = _columns(_figure_rows(_red(image)))
    assert cols.size > 500
    assert cols.max() < _midline(svg, "back")


def test_front_view_puts_the_persons_right_on_the_viewers_left() -> None:
    svg = body_svg(view="front", highlights={("quadriceps", "right"): 1.0})
    image = _render(svg)
    cols = _columns(_figure_rows(_red(image)))
    assert cols.size > 500
    assert cols.max() < _midline(svg, "front")


def test_both_views_show_one_side_on_opposite_halves() -> None:
    svg = body_svg(view="both", highlights={("gluteus-medius", "right"): 1.0})
    image = _render(svg)
    front_mid, back_mid = _midline(svg, "front"), _midline(svg, "back")
    cols = _columns(_figure_rows(_red(image)))
    boundary = (front_mid + back_mid) / 2
    front_cols, back_cols = cols[cols < boundary], cols[cols >= boundary]
    assert front_cols.size > 50 and back_cols.size > 50
    assert front_cols.max() < front_mid
    assert back_cols.min() > back_mid


def test_intensity_scale_changes_the_colour() -> None:
    assert scale_colour(0.0) == "#fde68a"
    assert scale_colour(1.0) == "#b91c1c"
    assert scale_colour(0.5) == "#f97316"
    svg = body_svg(view="back", highlights={("gluteus-maximus", "right"): 0.5})
    assert 'data-muscle="gluteus-maximus" data-side="right" data-view="back" fill="#f97316"' in svg
    image = _render(svg)
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    orange = _figure_rows((r > 220) & (g > 90) & (g < 150) & (b < 60))
    red = _figure_rows(_red(image))
    assert orange.sum() > 500
    assert red.sum() < orange.sum() / 10, "half intensity is orange, not deep red (outline aside)"


def test_posterior_oblique_sling_runs_from_right_glute_across_to_left_lat() -> None:
    svg = body_svg(view="back", sling=("posterior-oblique", "right"))
    image = _render(svg)
    mid = _midline(svg, "back")
    blue = _figure_rows(_blue(image))
    rows, cols = np.nonzero(blue)
    glute_band = (rows > (FIGURE_TOP + 290) * SCALE) & (rows < (FIGURE_TOP + 330) * SCALE)
    lat_band = (rows > (FIGURE_TOP + 160) * SCALE) & (rows < (FIGURE_TOP + 215) * SCALE)
    assert np.any(glute_band & (cols > mid + 20 * SCALE)), "the arrow starts on the right glute"
    assert not np.any(glute_band & (cols < mid - 20 * SCALE)), "nothing on the left glute"
    assert np.any(lat_band & (cols < mid - 15 * SCALE)), "the arrow reaches the left lat"
    assert not np.any(lat_band & (cols > mid + 15 * SCALE)), "nothing on the right lat"


def test_anterior_oblique_sling_is_drawn_across_the_front() -> None:
    svg = body_svg(view="front", sling=("anterior-oblique", "right"))
    image = _render(svg)
    mid = _midline(svg, "front")
    cols = _columns(_figure_rows(_blue(image)))
    assert np.any(cols > mid + 15 * SCALE) and np.any(cols < mid - 15 * SCALE)


def test_sling_views_follow_where_links_show() -> None:
    assert sling_views("posterior-oblique", "right") == ("back",)
    assert sling_views("anterior-oblique", "left") == ("front",)
    assert sling_views("deep-longitudinal", "left") == ("back",)
    assert sling_views("lateral", "right") == ("front", "back")
    svg = body_svg(view="both", sling=("posterior-oblique", "right"))
    assert svg.count('class="sling-path"') == 1


def _shapes(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [el for el in root.iter(f"{SVG_NS}path") if el.get("data-side")]


def test_every_muscle_and_structure_has_a_shape_per_side() -> None:
    anatomy = get_anatomy()
    shapes = _shapes(body_svg(view="both"))
    drawn = {
        (el.get("data-muscle") or el.get("data-structure"), el.get("data-side")) for el in shapes
    }
    for muscle in anatomy.muscles:
        assert (muscle.id, "left") in drawn and (muscle.id, "right") in drawn, muscle.id
    for structure in anatomy.structures:
        sides = ("left", "right") if structure.sided else ("midline",)
        for side in sides:
            assert (structure.id, side) in drawn, (structure.id, side)
    ids = [el.get("id") for el in ET.fromstring(body_svg(view="both")).iter() if el.get("id")]
    assert len(ids) == len(set(ids)), "element ids are unique"


def test_side_markers_and_note_state_the_orientation() -> None:
    svg = body_svg(view="both")
    root = ET.fromstring(svg)
    for view, left_letter in (("back", "L"), ("front", "R")):
        group = next(el for el in root.iter(f"{SVG_NS}g") if el.get("id") == f"{view}-view")
        mid = float(
            re.search(r"translate\(([\d.]+),", ET.tostring(group, encoding="unicode")).group(1)
        )  # type: ignore[union-attr]
        markers = {
            el.get("data-marker"): float(el.find(f"{SVG_NS}circle").get("cx"))  # type: ignore[union-attr,arg-type]
            for el in group.iter(f"{SVG_NS}g")
            if el.get("data-marker")
        }
        assert markers[left_letter] < mid < markers["R" if left_letter == "L" else "L"]
    assert "the person's left is on your left" in svg
    assert "the person's left is on your right" in svg


def test_highlight_sides_both_and_midline_structures() -> None:
    svg = body_svg(
        view="back",
        highlights={("latissimus-dorsi", "both"): 1.0, ("thoracolumbar-fascia", None): 0.0},
    )
    fills = {
        (el.get("data-muscle") or el.get("data-structure"), el.get("data-side")): el.get("fill")
        for el in _shapes(svg)
    }
    assert fills[("latissimus-dorsi", "left")] == fills[("latissimus-dorsi", "right")] == "#b91c1c"
    assert fills[("thoracolumbar-fascia", "midline")] == "#fde68a"


def test_output_is_deterministic_and_valid_xml() -> None:
    kwargs = {
        "highlights": {("soleus", "left"): 0.3},
        "sling": ("lateral", "left"),
        "title": "A & B",
    }
    first = body_svg(**kwargs)  # type: ignore[arg-type]
    assert first == body_svg(**kwargs)  # type: ignore[arg-type]
    root = ET.fromstring(first)
    assert root.find(f"{SVG_NS}title").text == "A & B"  # type: ignore[union-attr]


def test_bad_input_raises_clear_errors() -> None:
    with pytest.raises(UnknownMuscleError, match="Did you mean: gluteus-maximus"):
        body_svg(highlights={("gluteus-maximum", "right"): 1.0})
    with pytest.raises(InvalidInputError, match=r"from 0 to 1, got 1\.5"):
        body_svg(highlights={("soleus", "right"): 1.5})
    with pytest.raises(InvalidInputError, match="unknown side 'up'"):
        body_svg(highlights={("soleus", "up"): 1.0})
    with pytest.raises(UnknownSlingError, match="Did you mean: posterior-oblique"):
        body_svg(sling=("posterior", "right"))
    with pytest.raises(InvalidInputError, match="view must be"):
        body_svg(view="side")  # type: ignore[arg-type]


def test_id_prefix_namespaces_ids_and_references() -> None:
    svg = body_svg(view="back", sling=("posterior-oblique", "right"), id_prefix="f1-")
    root = ET.fromstring(svg)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert ids and all(i.startswith("f1-") for i in ids)  # type: ignore[union-attr]
    assert "url(#f1-sling-arrow)" in svg and "url(#sling-arrow)" not in svg
    with pytest.raises(InvalidInputError, match="id_prefix must start with a letter"):
        body_svg(id_prefix="1 bad")


def _inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """Ray-casting point-in-polygon test."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            result = not result
    return result


def _distance_to_outline(point: tuple[float, float], polygon: list[tuple[float, float]]) -> float:
    px, py = point
    best = float("inf")
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1.0)))
        best = min(best, float(np.hypot(px - ax - t * dx, py - ay - t * dy)))
    return best


def test_muscle_shapes_lie_inside_the_body_outline() -> None:
    from slingcoach.reports.diagram_shapes import OUTLINE, SHAPES

    body = [(float(x), float(y)) for x, y in OUTLINE]
    body += [(-x, y) for x, y in reversed(body) if x != 0]
    for shape in SHAPES:
        for point in shape.points:
            p = (float(point[0]), float(point[1]))
            # the drawing clips muscles to the outline; vertices may touch it, not stray from it
            assert _inside(p, body) or _distance_to_outline(p, body) < 2.5, (shape.item, point)


_MUSCLE_IDS = [m.id for m in get_anatomy().muscles]


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(_MUSCLE_IDS), st.sampled_from(["left", "right"])),
        st.floats(min_value=0.0, max_value=1.0),
        max_size=8,
    ),
    st.sampled_from(["front", "back", "both"]),
)
def test_every_highlight_colours_exactly_its_own_shapes(
    highlights: dict[tuple[str, str], float], view: str
) -> None:
    svg = body_svg(view=view, highlights=highlights)  # type: ignore[arg-type]
    for el in _shapes(svg):
        key = (el.get("data-muscle"), el.get("data-side"))
        if key in highlights:
            assert el.get("fill") == scale_colour(highlights[key])  # type: ignore[index]
        elif el.get("data-muscle") and "deep" not in (el.get("class") or ""):
            assert el.get("fill") == MUSCLE_FILL, key
