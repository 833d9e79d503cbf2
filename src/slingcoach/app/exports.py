"""Render the exports of an assessment (JSON, HTML, PDF) and of a program (+ iCalendar, CSV).

Rendering gives bytes with their media type, for a file, standard output or an HTTP
response alike. :func:`write_exports` writes several at once, only after every one has
been rendered, and each through a temporary file renamed into place, so an error leaves
nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from pydantic import BaseModel

    from slingcoach.assessment import Assessment
    from slingcoach.programming import Program

ExportFormat = Literal["json", "html", "pdf", "ics", "csv"]

#: The formats of each document, in the order the CLI lists them.
ASSESSMENT_FORMATS: Final[tuple[ExportFormat, ...]] = ("json", "html", "pdf")
PROGRAM_FORMATS: Final[tuple[ExportFormat, ...]] = ("json", "html", "pdf", "ics", "csv")

MEDIA_TYPES: Final[dict[ExportFormat, str]] = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Export:
    """One rendered export: its format, bytes and media type."""

    format: ExportFormat
    data: bytes = field(repr=False)

    @property
    def media_type(self) -> str:
        """The HTTP media type (``application/pdf``, ``text/calendar; charset=utf-8``, ...)."""
        return MEDIA_TYPES[self.format]

    @property
    def is_text(self) -> bool:
        """Whether the bytes are UTF-8 text (everything but PDF)."""
        return self.format != "pdf"


def document_json(document: BaseModel) -> str:
    """A document (intake, assessment, program, ...) as the JSON text slingcoach publishes.

    Indented by two spaces, non-ASCII kept as is, ending in a newline; loading it with the
    document's model and dumping again gives the same text.
    """
    return document.model_dump_json(indent=2) + "\n"


def render_assessment(
    assessment: Assessment, fmt: ExportFormat, *, generated_on: dt.date | None = None
) -> Export:
    """The assessment as JSON, or its report as HTML or PDF (``generated_on`` is printed)."""
    _check(fmt, ASSESSMENT_FORMATS, "assessment")
    if fmt == "json":
        return Export(fmt, document_json(assessment).encode("utf-8"))
    from slingcoach.reports import assessment_report
    from slingcoach.reports.render import html_to_pdf

    html = assessment_report.render_html(assessment, generated_on=generated_on)
    return Export(fmt, html.encode("utf-8") if fmt == "html" else html_to_pdf(html))


def render_program(
    program: Program, fmt: ExportFormat, *, generated_on: dt.date | None = None
) -> Export:
    """The program as JSON, printable HTML or PDF, an iCalendar file or CSV rows."""
    _check(fmt, PROGRAM_FORMATS, "program")
    if fmt == "json":
        return Export(fmt, document_json(program).encode("utf-8"))
    from slingcoach.reports import program_export

    if fmt == "html":
        return Export(fmt, program_export.render_html(program, generated_on=generated_on).encode())
    if fmt == "pdf":
        return Export(fmt, program_export.render_pdf(program, generated_on=generated_on))
    if fmt == "ics":
        return Export(fmt, program_export.to_ics(program))
    return Export(fmt, program_export.csv_bytes(program))


def _check(fmt: str, allowed: Sequence[str], what: str) -> None:
    if fmt not in allowed:
        from slingcoach.errors import InvalidInputError

        raise InvalidInputError(
            f"{fmt!r} is not a format of the {what}; choose one of: {', '.join(allowed)}",
            source="format",
        )


def write_exports(targets: Sequence[tuple[Export, Path]]) -> list[Path]:
    """Write each export to its path; returns the paths in order.

    Each file is written to a temporary name in its folder and renamed into place, so a
    reader never sees half a file and a failure leaves the old file (if any) untouched.
    """
    written: list[Path] = []
    for export, path in targets:
        _write_atomically(path, export.data)
        written.append(path)
    return written


@cache
def _file_mode() -> int:
    """The mode a new file gets here (0o666 less the umask), read once."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp makes the file private (0o600); give it the mode a plain write would
        os.chmod(temporary, _file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
