"""Regenerate the example body diagrams in this folder.

Run from the repository root: ``.venv/bin/python docs/diagrams/make_examples.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from slingcoach.reports.diagrams import body_svg, sling_views
from slingcoach.reports.render import svg_to_png

HERE = Path(__file__).parent
PNG_WIDTH_PX = 800


def _write(name: str, svg: str) -> None:
    (HERE / f"{name}.svg").write_text(svg, encoding="utf-8")
    png = Image.open(io.BytesIO(svg_to_png(svg, width_px=PNG_WIDTH_PX))).convert("RGB")
    png.save(HERE / f"{name}.png", optimize=True)
    print(f"wrote {name}.svg and {name}.png")


def main() -> None:
    for sling in ("posterior-oblique", "anterior-oblique", "deep-longitudinal", "lateral"):
        for side in ("right", "left"):
            views = sling_views(sling, side)
            view = views[0] if len(views) == 1 else "both"
            _write(f"{sling}-{side}", body_svg(view=view, sling=(sling, side)))  # type: ignore[arg-type]
    # An exercise as the exercises CLI draws it: primary muscles 1.0, secondary 0.5.
    primary = ["gluteus-maximus", "biceps-femoris", "semitendinosus", "semimembranosus"]
    highlights: dict[tuple[str, str], float] = {(m, "right"): 1.0 for m in primary}
    highlights.update(
        {
            ("latissimus-dorsi", "left"): 0.5,
            ("erector-spinae", "both"): 0.5,
            ("adductor-magnus", "right"): 0.5,
            ("gluteus-medius", "right"): 0.5,
            ("forearm-flexors", "left"): 0.5,
        }
    )
    _write(
        "single-leg-rdl-right-leg",
        body_svg(
            view="both",
            highlights=highlights,
            sling=("posterior-oblique", "right"),
            title="Single-leg RDL on the right leg, weight in the left hand",
            legend_label="primary muscles 1.0, secondary 0.5",
        ),
    )
    _write("body-plain", body_svg(view="both"))


if __name__ == "__main__":
    main()
