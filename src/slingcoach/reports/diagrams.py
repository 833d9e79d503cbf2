"""SVG body diagrams: front and back figures with one shape per muscle and side.

:func:`body_svg` draws our own stylised figure (coordinates in ``diagram_shapes.py``),
colours muscles by an intensity 0..1 and draws a sling as a thick arrow through its chain.
Sides are the person's own: from behind, the person's left is on the viewer's left; from the
front, the person's left is on the viewer's right. The figure says so and marks L and R.

>>> svg = body_svg(view="back", highlights={("gluteus-maximus", "right"): 1.0},
...                sling=("posterior-oblique", "right"))
>>> 'data-muscle="gluteus-maximus" data-side="right"' in svg
True
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from itertools import pairwise
from typing import Literal

from slingcoach.anatomy import Anatomy, chain_steps, chain_text, get_anatomy, parse_side
from slingcoach.anatomy.models import suggest
from slingcoach.errors import InvalidInputError, UnknownMuscleError
from slingcoach.reports.diagram_shapes import OUTLINE, SHAPES, Point, Shape, View
from slingcoach.vocab import Side

DiagramView = Literal["front", "back", "both"]

# Mapping is invariant in its key type, so name the key forms callers build.
Highlights = (
    Mapping[tuple[str, str], float]
    | Mapping[tuple[str, Side], float]
    | Mapping[tuple[str, str | None], float]
    | Mapping[tuple[str, Side | None], float]
    | Mapping[tuple[str, Side | str], float]
    | Mapping[tuple[str, Side | str | None], float]
)

#: Highlight scale stops (intensity, colour): pale amber → orange → deep red.
SCALE: tuple[tuple[float, str], ...] = ((0.0, "#fde68a"), (0.5, "#f97316"), (1.0, "#b91c1c"))
SLING_COLOUR = "#1d4ed8"
SLING_FILL = "#bfdbfe"
MUSCLE_FILL = "#e7dcd3"
MUSCLE_STROKE = "#a38b79"
SKIN_FILL = "#f6ece4"
SKIN_STROKE = "#7c6454"
FASCIA_FILL = "#dfe6f2"
FASCIA_STROKE = "#6b7a99"
TEXT = "#1f2937"
MUTED = "#4b5563"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"

PANEL_W = 250.0
FIGURE_TOP = 96.0  # y of the top of the head inside a panel
HEADER_H = 44.0
MIN_WIDTH = 380.0
CHAR_W = 5.9  # approximate advance of one 10 px DejaVu Sans character, for wrapping
FIGURE_H = 540.0


def _fmt(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros (stable text output)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _catmull_rom(points: Sequence[Point], *, closed: bool) -> str:
    """SVG path data for a Catmull–Rom spline through ``points`` (as cubic Béziers).

    Uniform Catmull–Rom to Bézier conversion: control points P1 + (P2 − P0)/6 and
    P2 − (P3 − P1)/6 (Catmull & Rom 1974).
    """
    n = len(points)
    if n < 3:
        return "M" + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)
    parts = [f"M{_fmt(points[0][0])},{_fmt(points[0][1])}"]
    last = n if closed else n - 1
    for i in range(last):
        p0 = points[(i - 1) % n] if closed or i > 0 else points[0]
        p1 = points[i]
        p2 = points[(i + 1) % n]
        p3 = points[(i + 2) % n] if closed or i + 2 < n else points[n - 1]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        parts.append(
            f"C{_fmt(c1[0])},{_fmt(c1[1])} {_fmt(c2[0])},{_fmt(c2[1])} {_fmt(p2[0])},{_fmt(p2[1])}"
        )
    if closed:
        parts.append("Z")
    return " ".join(parts)


def _polygon(points: Sequence[Point]) -> str:
    return "M" + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points) + " Z"


def _centroid(points: Sequence[Point]) -> Point:
    """Area centroid of a simple polygon (shoelace formula); vertex mean if degenerate."""
    area = 0.0
    cx = cy = 0.0
    n = len(points)
    for i in range(n):
        x0, y0 = points[i]
        x1, y1 = points[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return (sum(p[0] for p in points) / n, sum(p[1] for p in points) / n)
    return (cx / (3 * area), cy / (3 * area))


def scale_colour(intensity: float) -> str:
    """The highlight colour for ``intensity`` in 0..1 (linear RGB interpolation between SCALE stops)."""
    value = min(max(intensity, 0.0), 1.0)
    for (lo, lo_hex), (hi, hi_hex) in pairwise(SCALE):
        if value <= hi:
            t = 0.0 if hi == lo else (value - lo) / (hi - lo)
            a = [int(lo_hex[i : i + 2], 16) for i in (1, 3, 5)]
            b = [int(hi_hex[i : i + 2], 16) for i in (1, 3, 5)]
            return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))
    return SCALE[-1][1]


# ---------------------------------------------------------------------------------------------
# shapes placed on a panel


def _side_of_half(view: View, mirrored: bool) -> Side:
    """Which body side the viewer-right half (mirrored=False) or viewer-left half shows."""
    right_half = Side.RIGHT if view == "back" else Side.LEFT
    return right_half.other if mirrored else right_half


def _placed(shape: Shape, mirrored: bool) -> list[Point]:
    """Shape points in figure coordinates (x centred on the midline), mirrored if asked."""
    if shape.midline:
        right = list(shape.points)
        left = [(-x, y) for x, y in reversed(shape.points) if x != 0]
        return right + left
    if mirrored:
        return [(-x, y) for x, y in reversed(shape.points)]
    return list(shape.points)


@cache
def _instances(view: View) -> tuple[tuple[Shape, Side | None, list[Point]], ...]:
    """Every shape of ``view`` with the body side it shows and its placed points, in draw order."""
    out: list[tuple[Shape, Side | None, list[Point]]] = []
    for shape in SHAPES:
        if shape.view != view:
            continue
        if shape.midline:
            out.append((shape, None, _placed(shape, False)))
            continue
        for mirrored in (True, False):
            out.append((shape, _side_of_half(view, mirrored), _placed(shape, mirrored)))
    # superficial shapes first, then translucent fasciae, then dashed deep shapes on top
    return tuple(sorted(out, key=lambda item: (item[0].deep, item[0].midline and not item[0].deep)))


def _step_point(view: View, step: Sequence[tuple[str, Side | None]]) -> Point | None:
    """Mean centroid of the shapes of one chain step visible in ``view`` (None if none show)."""
    centres: list[Point] = []
    wanted = set(step)
    for shape, side, points in _instances(view):
        if (shape.item, side) in wanted:
            centres.append(_centroid(points))
    if not centres:
        return None
    return (sum(c[0] for c in centres) / len(centres), sum(c[1] for c in centres) / len(centres))


# ---------------------------------------------------------------------------------------------
# input checks


def _check_highlights(
    anatomy: Anatomy, highlights: Highlights
) -> dict[tuple[str, Side | None], float]:
    """Expand and validate highlights into {(item id, side or None): intensity}."""
    known = {m.id for m in anatomy.muscles} | {s.id for s in anatomy.structures}
    out: dict[tuple[str, Side | None], float] = {}
    for key, raw in highlights.items():
        if not isinstance(key, tuple) or len(key) != 2:
            raise InvalidInputError(
                f"highlight keys are (muscle id, side) pairs, got {key!r}", source="highlights"
            )
        item, side_value = key
        if item not in known:
            raise UnknownMuscleError(item, suggest(item, sorted(known)))
        try:
            intensity = float(raw)
        except (TypeError, ValueError):
            intensity = math.nan
        if not 0.0 <= intensity <= 1.0:
            raise InvalidInputError(
                f"intensity for ({item}, {side_value}) must be a number from 0 to 1, got {raw!r}",
                source="highlights",
            )
        sides: Iterable[Side | None]
        if not anatomy.is_sided(item):
            sides = (None,)
        elif side_value is None or (isinstance(side_value, str) and side_value.lower() == "both"):
            sides = (Side.LEFT, Side.RIGHT)
        else:
            sides = (parse_side(side_value, field=f"highlights[{item!r}]"),)
        for side in sides:
            out[(item, side)] = max(intensity, out.get((item, side), 0.0))
    return out


# ---------------------------------------------------------------------------------------------
# drawing


def _shape_element(
    anatomy: Anatomy,
    shape: Shape,
    side: Side | None,
    points: list[Point],
    fill: str | None,
    *,
    in_sling: bool,
) -> str:
    kind = "muscle" if anatomy.kind_of(shape.item) == "muscle" else "structure"
    side_text = side.value if side is not None else "midline"
    d = _catmull_rom(points, closed=True) if shape.smooth else _polygon(points)
    label = anatomy.display_name(shape.item).split(" (")[0]
    title = f"{side.value} {label}" if side is not None else label
    if kind == "structure":
        base_fill, stroke, opacity = FASCIA_FILL, FASCIA_STROKE, "0.55"
    else:
        base_fill, stroke, opacity = MUSCLE_FILL, MUSCLE_STROKE, "1"
    attrs = [
        f'id="{shape.view}-{shape.item}-{side_text}-{_index_of(shape)}"',
        f'class="{kind}{" deep" if shape.deep else ""}"',
        f'data-{kind}="{shape.item}"',
        f'data-side="{side_text}"',
        f'data-view="{shape.view}"',
    ]
    stroke_width, stroke_opacity = "0.8", "1"
    if fill is not None:  # highlighted: the scale colour, even for deep muscles
        fill_colour, fill_opacity = fill, "0.85" if shape.deep else "1"
        stroke, stroke_width = "#7f1d1d", "1.1"
    elif in_sling:
        fill_colour = SLING_FILL
        fill_opacity = "0.8" if shape.deep else "0.6" if kind == "structure" else "0.95"
    elif shape.deep:
        fill_colour, fill_opacity, stroke_opacity = "none", "1", "0.4"
    else:
        fill_colour, fill_opacity = base_fill, opacity
    if in_sling:
        stroke, stroke_width = SLING_COLOUR, "1.4"
    attrs += [
        f'fill="{fill_colour}"',
        f'fill-opacity="{fill_opacity}"',
        f'stroke="{stroke}"',
        f'stroke-width="{stroke_width}"',
        f'stroke-opacity="{stroke_opacity}"',
    ]
    if shape.deep:
        attrs.append('stroke-dasharray="3 2"')
    return f'<path {" ".join(attrs)} d="{d}"><title>{html.escape(title)}</title></path>'


@cache
def _index_of(shape: Shape) -> int:
    """Position of ``shape`` among the shapes of the same item and view (for unique ids)."""
    same = [s for s in SHAPES if s.item == shape.item and s.view == shape.view]
    return same.index(shape)


def _decorations(view: View) -> list[str]:
    """Non-muscle landmarks: spine and shoulder blades from behind, navel and kneecaps in front."""
    line = f'fill="none" stroke="{SKIN_STROKE}" stroke-width="0.7" stroke-opacity="0.6"'
    out: list[str] = []
    if view == "back":
        out.append(f'<path {line} stroke-dasharray="2 3" d="M0,80 L0,300"/>')
        for sign in (-1, 1):
            blade = [(sign * x, y) for x, y in ((30, 112), (48, 114), (44, 140), (32, 160))]
            out.append(f'<path {line} d="{_catmull_rom(blade, closed=False)}"/>')
    else:
        out.append(f'<circle cx="0" cy="242" r="1.8" {line}/>')
        for sign in (-1, 1):
            out.append(f'<ellipse cx="{sign * 27}" cy="404" rx="6" ry="7" {line}/>')
            for y in (184, 212, 240):
                out.append(f'<path {line} d="M{sign * 3},{y} L{sign * 20},{y - 2}"/>')
    return out


def _panel(
    anatomy: Anatomy,
    view: View,
    x0: float,
    colours: dict[tuple[str, Side | None], float],
    sling_links: set[tuple[str, Side | None]],
    sling_points: list[Point],
) -> list[str]:
    """One view of the figure, placed with its midline at ``x0 + PANEL_W / 2``."""
    cx = x0 + PANEL_W / 2
    left_side, right_side = ("L", "R") if view == "back" else ("R", "L")
    heading = "BACK VIEW" if view == "back" else "FRONT VIEW"
    note = (
        "seen from behind: the person's left is on your left"
        if view == "back"
        else "facing you: the person's left is on your right"
    )
    out = [f'<g id="{view}-view" data-view="{view}">']
    out.append(
        f'<text x="{_fmt(cx)}" y="{_fmt(HEADER_H + 18)}" text-anchor="middle" font-size="13" '
        f'font-weight="bold" fill="{TEXT}">{heading}</text>'
    )
    out.append(
        f'<text x="{_fmt(cx)}" y="{_fmt(HEADER_H + 33)}" text-anchor="middle" font-size="9.5" '
        f'fill="{MUTED}">{note}</text>'
    )
    for letter, sign in ((left_side, -1), (right_side, 1)):
        lx = cx + sign * 104
        out.append(
            f'<g class="side-marker" data-marker="{letter}">'
            f'<circle cx="{_fmt(lx)}" cy="{_fmt(FIGURE_TOP + 40)}" r="11" fill="#ffffff" '
            f'stroke="{TEXT}" stroke-width="1.2"/>'
            f'<text x="{_fmt(lx)}" y="{_fmt(FIGURE_TOP + 45)}" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="{TEXT}">{letter}</text></g>'
        )
    out.append(f'<g transform="translate({_fmt(cx)},{_fmt(FIGURE_TOP)})">')
    half = list(OUTLINE)
    outline = _catmull_rom(half + [(-x, y) for x, y in reversed(half) if x != 0], closed=True)
    # muscles are clipped to the body so none pokes past the skin line
    out.append(f'<clipPath id="{view}-body-clip"><path d="{outline}"/></clipPath>')
    out.append(f'<path class="outline" fill="{SKIN_FILL}" stroke="none" d="{outline}"/>')
    out.append(f'<g clip-path="url(#{view}-body-clip)">')
    decorations_done = False
    for shape, side, points in _instances(view):
        if shape.deep and not decorations_done:  # landmarks over the surface, under deep outlines
            out.extend(_decorations(view))
            decorations_done = True
        key = (shape.item, side)
        intensity = colours.get(key)
        fill = scale_colour(intensity) if intensity is not None else None
        out.append(_shape_element(anatomy, shape, side, points, fill, in_sling=key in sling_links))
    if not decorations_done:
        out.extend(_decorations(view))
    out.append("</g>")
    out.append(
        f'<path class="outline-stroke" fill="none" stroke="{SKIN_STROKE}" stroke-width="1.4" '
        f'stroke-linejoin="round" d="{outline}"/>'
    )
    if len(sling_points) >= 2:
        out.extend(_sling_arrow(sling_points, view))
    out.append("</g></g>")
    return out


def _sling_arrow(points: list[Point], view: View) -> list[str]:
    """A thick arrow with a white halo along a smooth curve through ``points``."""
    d = _catmull_rom(points, closed=False)
    start = points[0]
    return [
        f'<g class="sling-path" data-view="{view}">',
        f'<path fill="none" stroke="#ffffff" stroke-width="7.5" stroke-linecap="round" '
        f'stroke-linejoin="round" stroke-opacity="0.9" d="{d}"/>',
        f'<path fill="none" stroke="{SLING_COLOUR}" stroke-width="5" stroke-linecap="round" '
        f'stroke-linejoin="round" marker-end="url(#sling-arrow)" d="{d}"/>',
        f'<circle cx="{_fmt(start[0])}" cy="{_fmt(start[1])}" r="5.5" fill="{SLING_COLOUR}" '
        f'stroke="#ffffff" stroke-width="2"/>',
        "</g>",
    ]


def _legend(
    x: float,
    y: float,
    width: float,
    *,
    show_scale: bool,
    legend_label: str,
    sling_lines: tuple[str, str] | None,
    hidden: Sequence[str] = (),
) -> tuple[list[str], float]:
    """Colour scale, sling key (chain text wrapped to ``width``) and a note on deep muscles.

    ``hidden`` names highlighted items that have no shape in the views drawn. Returns the
    elements and the y just below the legend.
    """
    out: list[str] = ['<g class="legend">']
    row = y
    if show_scale:
        bar_w = min(240.0, width)
        out.append(
            f'<text x="{_fmt(x)}" y="{_fmt(row + 9)}" font-size="10" fill="{TEXT}">'
            f"{html.escape(legend_label)}</text>"
        )
        row += 14
        out.append(
            f'<rect x="{_fmt(x)}" y="{_fmt(row)}" width="{_fmt(bar_w)}" height="10" '
            f'fill="url(#scale-gradient)" stroke="{MUSCLE_STROKE}" stroke-width="0.6"/>'
        )
        for value in (0.0, 0.5, 1.0):
            tx = x + bar_w * value
            anchor = "start" if value == 0 else "end" if value == 1 else "middle"
            out.append(
                f'<text x="{_fmt(tx)}" y="{_fmt(row + 21)}" text-anchor="{anchor}" font-size="9" '
                f'fill="{MUTED}">{_fmt(value)}</text>'
            )
        row += 28
    if sling_lines is not None:
        out.append(
            f'<path d="M{_fmt(x + 3)},{_fmt(row + 8)} L{_fmt(x + 26)},{_fmt(row + 8)}" '
            f'stroke="{SLING_COLOUR}" stroke-width="4" stroke-linecap="round" '
            f'marker-end="url(#sling-arrow)"/>'
        )
        lines = [sling_lines[0], *_wrap(sling_lines[1], int((width - 40) / CHAR_W))]
        for offset, text in enumerate(lines):
            out.append(
                f'<text x="{_fmt(x + 40)}" y="{_fmt(row + 11 + offset * 13)}" font-size="10" '
                f'fill="{TEXT if offset == 0 else MUTED}">{html.escape(text)}</text>'
            )
        row += 8 + 13 * len(lines)
    if hidden:
        note = "Highlighted but not visible in this view: " + ", ".join(hidden)
        for line in _wrap(note, int(width / 5.1)):
            out.append(
                f'<text x="{_fmt(x)}" y="{_fmt(row + 8)}" font-size="8.5" fill="{TEXT}">'
                f"{html.escape(line)}</text>"
            )
            row += 12
    out.append(
        f'<text x="{_fmt(x)}" y="{_fmt(row + 8)}" font-size="8.5" fill="{MUTED}">'
        "Dashed outlines: deep muscles under the surface ones. Stylised, not to scale."
        "</text>"
    )
    out.append("</g>")
    return out, row + 14


def _defs() -> str:
    stops = "".join(
        f'<stop offset="{_fmt(offset * 100)}%" stop-color="{colour}"/>' for offset, colour in SCALE
    )
    return (
        "<defs>"
        f'<linearGradient id="scale-gradient" x1="0" y1="0" x2="1" y2="0">{stops}</linearGradient>'
        '<marker id="sling-arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="3.2" '
        'markerHeight="3.2" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 Z" fill="{SLING_COLOUR}"/></marker>'
        "</defs>"
    )


def body_svg(
    *,
    view: DiagramView = "both",
    highlights: Highlights | None = None,
    sling: tuple[str, Side | str] | None = None,
    title: str | None = None,
    legend_label: str = "emphasis (0 = light, 1 = strong)",
    id_prefix: str = "",
) -> str:
    """Draw the body from the front, the back or both, with highlights and a sling.

    Parameters
    ----------
    view
        ``"front"``, ``"back"`` or ``"both"`` (front on the left, back on the right).
    highlights
        ``{(muscle or structure id, side): intensity}`` with intensity from 0 to 1, coloured on
        a pale-amber → deep-red scale. Side is ``"left"``/``"right"`` (or a :class:`Side`),
        ``"both"``/``None`` for both sides; midline structures ignore the side.
    sling
        ``(sling id, side)``: its links are tinted blue and a thick arrow runs through the
        centres of its chain (e.g. right gluteus maximus → thoracolumbar fascia → left
        latissimus dorsi) on each view where at least two of its steps show.
    title
        Heading text; defaults to the sling's chain, or none.
    legend_label
        Caption of the colour scale (e.g. ``"primary 1.0, secondary 0.5"``).
    id_prefix
        Prepended to every element id (and ``url(#…)`` reference) so several diagrams can be
        inlined in one HTML page without clashing ids.

    Returns
    -------
    str
        A standalone SVG document (deterministic for the same arguments).

    Raises
    ------
    UnknownMuscleError, UnknownSlingError, InvalidInputError
    """
    if id_prefix and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", id_prefix):
        raise InvalidInputError(
            f"id_prefix must start with a letter and hold only letters, digits, '-' or '_', got {id_prefix!r}",
            source="id_prefix",
        )
    if view not in ("front", "back", "both"):
        raise InvalidInputError(
            f"view must be 'front', 'back' or 'both', got {view!r}", source="view"
        )
    anatomy = get_anatomy()
    colours = _check_highlights(anatomy, highlights or {})
    views: tuple[View, ...] = ("front", "back") if view == "both" else (view,)

    sling_links: set[tuple[str, Side | None]] = set()
    sling_lines: tuple[str, str] | None = None
    steps: list[list[tuple[str, Side | None]]] = []
    if sling is not None:
        sling_id, sling_side_value = sling
        record = anatomy.sling(sling_id)
        sling_side = parse_side(sling_side_value, field="sling side")
        assert sling_side is not None
        steps = _sling_steps(sling_id, sling_side)
        sling_links = {pair for step in steps for pair in step}
        sling_lines = (f"{record.name}, {sling_side.value} side", chain_text(sling_id, sling_side))
        if title is None:
            title = f"{record.name[0].upper()}{record.name[1:]}, {sling_side.value} side"

    shown = {(shape.item, side) for v in views for shape, side, _ in _instances(v)}
    hidden = sorted(
        {
            f"{side.value} {anatomy.display_name(item)}" if side else anatomy.display_name(item)
            for item, side in colours
            if (item, side) not in shown
        }
    )
    width = max(PANEL_W * len(views), MIN_WIDTH)
    panel_x0 = (width - PANEL_W * len(views)) / 2
    body: list[str] = []
    if title:
        body.append(f"<title>{html.escape(title)}</title>")
        body.append(
            f'<text x="{_fmt(width / 2)}" y="28" text-anchor="middle" font-size="15" '
            f'font-weight="bold" fill="{TEXT}">{html.escape(title)}</text>'
        )
    for index, panel_view in enumerate(views):
        points = _arrow_points(panel_view, steps)
        body.extend(
            _panel(anatomy, panel_view, panel_x0 + index * PANEL_W, colours, sling_links, points)
        )
    legend, bottom = _legend(
        12,
        FIGURE_TOP + FIGURE_H + 10,
        width - 24,
        show_scale=bool(colours),
        legend_label=legend_label,
        sling_lines=sling_lines,
        hidden=hidden,
    )
    body.extend(legend)
    height = bottom + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_fmt(width)}" height="{_fmt(height)}" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" font-family="{FONT}" role="img">',
        _defs(),
        f'<rect x="0" y="0" width="{_fmt(width)}" height="{_fmt(height)}" fill="#ffffff"/>',
        *body,
    ]
    parts.append("</svg>")
    document = "\n".join(parts) + "\n"
    if id_prefix:
        document = document.replace(' id="', f' id="{id_prefix}').replace(
            "url(#", f"url(#{id_prefix}"
        )
    return document


def sling_views(sling_id: str, side: Side | str) -> tuple[View, ...]:
    """The views on which at least two steps of the sling's chain show (where its arrow is drawn)."""
    parsed = parse_side(side, field="sling side")
    assert parsed is not None
    steps = _sling_steps(sling_id, parsed)
    views: tuple[View, ...] = ("front", "back")
    return tuple(view for view in views if len(_arrow_points(view, steps)) >= 2)


def _sling_steps(sling_id: str, side: Side) -> list[list[tuple[str, Side | None]]]:
    """The sling's chain as steps of (item id, side) pairs, hip/leg muscle first."""
    return [[(link.structure, link.side) for link in step] for step in chain_steps(sling_id, side)]


def _arrow_points(view: View, steps: Sequence[Sequence[tuple[str, Side | None]]]) -> list[Point]:
    """Where the sling arrow passes on ``view``: one point per visible step, close ones merged."""
    return _drop_close([p for p in (_step_point(view, step) for step in steps) if p is not None])


def _wrap(text: str, max_chars: int) -> list[str]:
    """Break ``text`` into lines of at most ``max_chars``, preferring breaks after arrows."""
    lines: list[str] = []
    current = ""
    for token in text.replace(" → ", " →\n").split("\n"):
        candidate = f"{current} {token}".strip() if current else token
        if len(candidate) <= max_chars or not current:
            current = candidate
        else:
            lines.append(current)
            current = token
    if current:
        lines.append(current)
    out: list[str] = []
    for line in lines:  # a single over-long step: break between words
        while len(line) > max_chars and " " in line[:max_chars]:
            cut = line.rfind(" ", 0, max_chars)
            out.append(line[:cut])
            line = line[cut + 1 :]
        out.append(line)
    return out


def _drop_close(points: list[Point], *, min_distance: float = 8.0) -> list[Point]:
    """Drop path points closer than ``min_distance`` to the previous kept one."""
    kept: list[Point] = []
    for point in points:
        if not kept or math.dist(point, kept[-1]) >= min_distance:
            kept.append(point)
    return kept
