"""Read an intake file (YAML or JSON) given by the caller, with errors that name the line.

The text is parsed by :mod:`slingcoach.structured` (within the limits of
:mod:`slingcoach.inputs`: size, nesting, YAML aliases, duplicate keys), which also knows
the line of every key. When the :class:`Intake` model refuses a value, the error's
location (a tuple of keys) is followed through those lines to the one the person has to
fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from slingcoach.assessment._suggest import suggest
from slingcoach.assessment.intake import FieldTests, Intake
from slingcoach.errors import InvalidInputError
from slingcoach.inputs import decode_text, read_bytes
from slingcoach.structured import Document, Located, parse_document

_TAG = re.compile(r"[\[\]]|^[A-Z]|^(int|float|bool|str|list|dict|none|constrained-\w+)$")


def load_intake(path: str | Path) -> Intake:
    """Load and validate an intake file; :class:`InvalidInputError` names file, line and field."""
    path = Path(path)
    source = str(path)
    text = decode_text(read_bytes(path, what="intake"), source=source)
    return parse_intake(text, source=source, json_only=path.suffix.lower() == ".json")


def parse_intake(text: str, *, source: str = "<text>", json_only: bool = False) -> Intake:
    """Validate intake ``text`` (YAML, or JSON when ``json_only``) into an :class:`Intake`."""
    if not text.strip():
        raise InvalidInputError(
            "the file is empty; expected a YAML or JSON intake "
            "(see `slingcoach schema intake` or samples/right-weak.yaml)",
            source=source,
        )
    if "\x00" in text:
        raise InvalidInputError("not a text file; expected a YAML or JSON intake", source=source)
    doc = parse_document(text, source=source, format="json" if json_only else "yaml", what="intake")
    data = doc.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"{type(data).__name__} {data!r:.40}"
        raise InvalidInputError(
            f"expected a mapping with keys such as person, training, tests; got {kind}",
            source=source,
            location="line 1",
        )
    try:
        return Intake.model_validate(data)
    except ValidationError as exc:
        raise _translate(exc, doc) from None


def _resolve(loc: tuple[Any, ...], doc: Document) -> tuple[list[Any], list[str], int | None]:
    """Follow ``loc`` through the data and its lines: (resolved keys, union tags skipped, line)."""
    data = doc.data
    here: Located | None = doc.located
    line: int | None = here.line if here is not None else None
    path: list[Any] = []
    tags: list[str] = []
    for part in loc:
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            found = here.child(part) if here is not None else None
            if found is not None:
                line, here = found
            else:
                here = None
            data = data[part]
            path.append(part)
        elif isinstance(part, str) and _TAG.search(part):
            tags.append(part)
        else:
            path.append(part)  # a missing or unknown key: name it, stay on the parent's line
            data = None
    return path, tags, line


def _dotted(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_GENERIC = {"list_type", "dict_type", "model_type", "model_attributes_type", "none_required"}


def _translate(exc: ValidationError, doc: Document) -> InvalidInputError:
    """The most useful one of the validation errors, as a clear message with its line."""
    data, source = doc.data, doc.source
    errors = exc.errors(include_url=False)
    resolved = [(_resolve(tuple(e["loc"]), doc), e) for e in errors]
    branch_sizes: dict[tuple[str, ...], int] = {}
    for (_, tags, _), _ in resolved:
        branch_sizes[tuple(tags)] = branch_sizes.get(tuple(tags), 0) + 1

    def rank(item: tuple[tuple[list[Any], list[str], int | None], Any]) -> tuple[int, int, int]:
        (path, tags, _), err = item
        kind = err["type"]
        # A misspelt key explains the "missing" error that comes with it, so it goes first.
        priority = 0 if kind == "extra_forbidden" else (2 if kind in _GENERIC else 1)
        return (branch_sizes[tuple(tags)], -len(path), priority)

    chosen = min(resolved, key=rank)
    (path, tags, line), err = chosen
    message = _message(err, path)
    if err["type"] == "value_error":
        # A validator that names a key (an unknown red-flag id): point at that key's line.
        target: Any = data
        for part in path:
            target = target[part] if isinstance(target, (dict, list)) else None
        if isinstance(target, dict):
            for key in target:
                if f"{key!r}" in message:
                    path, _, line = _resolve((*path, key), doc)
                    break

    def site(item: tuple[tuple[list[Any], list[str], int | None], Any]) -> tuple[Any, ...]:
        # Errors from the alternatives of one union value count as one problem.
        (p, t, _), e = item
        loc = [part for part in e["loc"]]
        if t:
            first = loc.index(t[0])
            return tuple(loc[:first])
        return tuple(p)

    chosen_site = site(chosen)
    others = len({site(item) for item in resolved} - {chosen_site})
    if others > 0:
        message += f" ({others} more problem{'s' if others > 1 else ''} after this one)"
    location = ", ".join(part for part in (f"line {line}" if line else None, _dotted(path)) if part)
    return InvalidInputError(message, source=source, location=location)


def _known_names() -> list[str]:
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            for arg in _model_args(info.annotation):
                walk(arg)

    walk(Intake)
    return sorted(names)


def _model_args(annotation: Any) -> list[type[BaseModel]]:
    import typing

    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in typing.get_args(annotation):
        found += _model_args(arg)
    return found


def _message(err: Any, path: list[Any]) -> str:
    kind = err["type"]
    value = err.get("input")
    field = path[-1] if path else "value"
    if kind == "missing":
        if field in ("left", "right"):
            return (
                f"the {field} side is missing; give its result (a number, a list of trials, "
                "or null if that side was not tested)"
            )
        return f"{field!r} is missing and is required"
    if kind == "extra_forbidden":
        if len(path) == 2 and path[0] == "tests":
            hint = suggest(str(field), FieldTests.ids())
            extra = f" Did you mean: {', '.join(hint)}?" if hint else ""
            return f"unknown field test {field!r}.{extra} (`slingcoach assess --help` lists them)"
        hint = suggest(str(field), _known_names())
        extra = f" Did you mean: {', '.join(hint)}?" if hint else ""
        return f"unknown field {field!r}.{extra}"
    if kind in ("int_type", "float_type", "int_parsing", "float_parsing", "int_from_float"):
        if isinstance(value, str):
            return f"expected a number, got text {value!r}"
        if isinstance(value, bool):
            return f"expected a number, got {str(value).lower()}"
        if kind == "int_from_float" or (kind == "int_type" and isinstance(value, float)):
            return f"expected a whole number, got {value!r}"
        return f"expected a number, got {value!r}"
    if kind == "bool_type":
        return f"expected true or false (yes/no), got {value!r}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = err.get("ctx", {})
        words = {
            "greater_than": f"more than {bound.get('gt')}",
            "greater_than_equal": f"at least {bound.get('ge')}",
            "less_than": f"less than {bound.get('lt')}",
            "less_than_equal": f"at most {bound.get('le')}",
        }[kind]
        return f"{value!r} is not plausible here; it must be {words}"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{value!r} is not one of {expected}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{value!r} is not one of {expected}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        want = "a list" if kind == "list_type" else "a mapping (key: value lines)"
        return f"expected {want}, got {value!r:.60}"
    if kind == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, ")
    return f"{err.get('msg', kind)} (got {value!r:.60})"
