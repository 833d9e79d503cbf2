"""Shared rendering helpers: Jinja2 templates, HTML → PDF, PDF → PNG pages.

Templates live in ``reports/templates/``. Imports of jinja2 and weasyprint are
inside the functions so that importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
"""Month names spelled out here, so that dates in reports never depend on the locale."""


def date_text(day: dt.date) -> str:
    """``"1 March 2026"``: a date as printed in reports, the same on every machine."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("slingcoach.reports", "templates"),
        autoescape=jinja2.select_autoescape(["html", "xml", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(name: str, **context: Any) -> str:
    """Render a template from ``reports/templates`` with ``context``."""
    return _environment().get_template(name).render(**context)


def html_layout(html: str, *, base_url: str | None = None) -> Any:
    """Lay out ``html`` on pages with WeasyPrint; the result's ``pages`` carry their anchors
    (the ids on each page) and ``write_pdf()`` gives the PDF bytes."""
    import logging

    import weasyprint

    # WeasyPrint and fontTools log every font subset at INFO/WARNING; keep the CLI quiet.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return weasyprint.HTML(string=html, base_url=base_url).render()


def page_of_anchors(document: Any) -> dict[str, int]:
    """``{id: 0-based page index}`` for every element id laid out in ``document``."""
    return {name: index for index, page in enumerate(document.pages) for name in page.anchors}


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Lay out ``html`` (with its inline CSS and SVG/PNG data URIs) as a PDF, with WeasyPrint."""
    pdf: bytes = html_layout(html, base_url=base_url).write_pdf()
    return pdf


def pdf_to_pngs(pdf_path: Path, out_dir: Path, *, scale: float = 1.5) -> list[Path]:
    """Render each page of a PDF to ``out_dir/page-N.png`` (pypdfium2, a test extra)."""
    import pypdfium2

    out_dir.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for index in range(len(pdf)):
            image = pdf[index].render(scale=scale).to_pil()
            target = out_dir / f"page-{index + 1}.png"
            image.save(target)
            pages.append(target)
    finally:
        pdf.close()
    return pages


def svg_to_png(svg: str, *, width_px: int | None = None) -> bytes:
    """Rasterise an SVG document to PNG bytes with CairoSVG."""
    import cairosvg

    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width_px)
    return png


def write_html_file(html: str, path: Path | str) -> Path:
    """Write an HTML document to ``path`` as UTF-8; returns the path."""
    target = Path(path)
    target.write_text(html, encoding="utf-8")
    return target


def write_pdf_file(html: str, path: Path | str, *, base_url: str | None = None) -> Path:
    """Lay out ``html`` as a PDF (:func:`html_to_pdf`) and write it to ``path``; returns the path."""
    target = Path(path)
    target.write_bytes(html_to_pdf(html, base_url=base_url))
    return target
