"""The export flags of ``assess`` and ``plan``: ``--json/--html/--pdf/--ics/--csv [PATH]``.

Each flag takes an optional PATH. A bare flag prints the export on standard output where
that makes sense (JSON, HTML, iCalendar, CSV); a bare ``--pdf`` writes
``<client>-<document>.pdf`` in the ``--out`` folder (a slug of the name, never outside the
folder). ``-`` as the PATH always means standard output. Several flags may be given in one
run; only one export can go to standard output.

Click has no options with an optional value, so :class:`CommandGroup` rewrites the
arguments before parsing: ``--html`` followed by a word ending in ``.html`` takes that word
as its PATH (``--html=PATH`` takes any name); otherwise the flag is bare.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from typer.core import TyperGroup

from slingcoach.app.exports import ASSESSMENT_FORMATS, PROGRAM_FORMATS, ExportFormat

if TYPE_CHECKING:
    from slingcoach.app.exports import Export

#: Which commands take export flags, and which formats.
EXPORT_COMMANDS: dict[str, tuple[ExportFormat, ...]] = {
    "assess": ASSESSMENT_FORMATS,
    "plan": PROGRAM_FORMATS,
}
#: The file endings that make the word after a flag its PATH.
_ENDINGS: dict[str, tuple[str, ...]] = {
    "json": (".json",),
    "html": (".html", ".htm"),
    "pdf": (".pdf",),
    "ics": (".ics",),
    "csv": (".csv",),
}
#: The value a bare flag is given (click needs a value; an empty one cannot be a PATH).
BARE = ""
STDOUT = "-"


def _takes_path(flag: str, word: str | None) -> bool:
    if word is None:
        return False
    if word == STDOUT:
        return True
    return not word.startswith("-") and word.lower().endswith(_ENDINGS[flag])


def rewrite_export_flags(args: Sequence[str], formats: Sequence[str]) -> list[str]:
    """``args`` with every export flag given its value explicitly (``--json=...``).

    >>> rewrite_export_flags(["a.yaml", "--json", "--html", "r.html", "--pdf"], ["json", "html", "pdf"])
    ['a.yaml', '--json=', '--html=r.html', '--pdf=']
    >>> rewrite_export_flags(["--json", "a.yaml"], ["json"])
    ['--json=', 'a.yaml']
    """
    flags = {f"--{name}": name for name in formats}
    out: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        if word == "--":
            out.extend(args[index:])
            break
        if word in flags:
            following = args[index + 1] if index + 1 < len(args) else None
            if _takes_path(flags[word], following):
                out.append(f"{word}={following}")
                index += 2
                continue
            out.append(f"{word}={BARE}")
        else:
            out.append(word)
        index += 1
    return out


class CommandGroup(TyperGroup):
    """The main command group: gives the export flags of ``assess`` and ``plan`` their values."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Rewrite the export flags of the command being run, then parse as usual."""
        position = next((i for i, word in enumerate(args) if not word.startswith("-")), None)
        if position is not None and args[position] in EXPORT_COMMANDS:
            formats = EXPORT_COMMANDS[args[position]]
            args = [*args[: position + 1], *rewrite_export_flags(args[position + 1 :], formats)]
        parsed: list[str] = super().parse_args(ctx, args)
        return parsed


@dataclass(frozen=True)
class Output:
    """One requested export: its format, and its file (``None`` = standard output)."""

    format: ExportFormat
    path: Path | None


def requested(
    values: dict[ExportFormat, str | None], *, default_file: Callable[[ExportFormat], Path]
) -> list[Output]:
    """The exports asked for, in format order; refused when two want standard output."""
    from slingcoach.errors import InvalidInputError

    outputs: list[Output] = []
    for fmt, value in values.items():
        if value is None:
            continue
        if value == STDOUT or (value == BARE and fmt != "pdf"):
            outputs.append(Output(fmt, None))
        elif value == BARE:
            outputs.append(Output(fmt, default_file(fmt)))
        else:
            outputs.append(Output(fmt, Path(value)))
    to_stdout = [f"--{o.format}" for o in outputs if o.path is None]
    if len(to_stdout) > 1:
        raise InvalidInputError(
            f"only one export can go to standard output ({' and '.join(to_stdout)} were given "
            "no file); give the others a PATH, e.g. --html report.html",
            source="command line",
        )
    return outputs


def deliver(outputs: Sequence[Output], render: Callable[[ExportFormat], Export]) -> list[Path]:
    """Render every output, then write the files and print the one for standard output.

    Nothing is written until every export has been rendered. Returns the files written.
    """
    from slingcoach.app.exports import write_exports

    rendered = [(output, render(output.format)) for output in outputs]
    written = write_exports(
        [(export, output.path) for output, export in rendered if output.path is not None]
    )
    for output, export in rendered:
        if output.path is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(export.data)
            sys.stdout.buffer.flush()
    return written


def to_stdout(outputs: Sequence[Output]) -> bool:
    """Whether one of the outputs goes to standard output (then nothing else is printed there)."""
    return any(output.path is None for output in outputs)
