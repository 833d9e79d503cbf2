"""Printing helpers shared by the CLI commands: JSON for machines, Rich for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
"""The ``--json`` flag every result-printing command takes."""


def to_jsonable(obj: Any) -> Any:
    """Turn pydantic models, dataclasses, enums and sets into plain JSON values."""
    import dataclasses
    from enum import Enum

    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = [to_jsonable(v) for v in obj]
        return sorted(items) if isinstance(obj, (set, frozenset)) else items
    return obj


def json_text(obj: Any) -> str:
    """``obj`` as indented JSON text ending in a newline, as ``--json`` prints it."""
    return json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False) + "\n"


def print_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON on stdout (no Rich markup, no wrapping)."""
    sys.stdout.write(json_text(obj))


@contextmanager
def option_hints(**options: str) -> Iterator[None]:
    """Say which option gives the setting an input error asks for.

    The library's messages name the setting (``sampling_rate_hz``); on the command line it
    is an option: ``option_hints(sampling_rate_hz="--rate")`` adds "(give it with --rate)".
    """
    from slingcoach.errors import InvalidInputError

    try:
        yield
    except InvalidInputError as exc:
        option = options.get(exc.field) if exc.field else None
        if option is not None and exc.args:
            exc.args = (f"{exc.args[0]} (give it with {option})", *exc.args[1:])
        raise
