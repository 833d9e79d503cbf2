"""YAML and JSON documents from users, parsed within limits and with the line of every value.

Intakes, label overrides and exercise catalogues are YAML or JSON files written by
people (or by other tools). This module turns their text into plain data and refuses,
with one :class:`~slingcoach.errors.InvalidInputError` naming the line:

* nesting deeper than :attr:`~slingcoach.inputs.Limits.max_depth` (Python's parsers
  recurse, and 500 levels used to end in ``RecursionError``);
* more YAML aliases than :attr:`~slingcoach.inputs.Limits.max_yaml_aliases`, or a
  document that grows past :attr:`~slingcoach.inputs.Limits.max_yaml_nodes` values once
  its aliases are expanded (a 432-byte "billion laughs" file expands to billions), or an
  alias that contains itself;
* a key given twice in one mapping (YAML and JSON parsers silently keep the last one);
* numbers that are not finite (``.inf``, ``1e999``, ``NaN``) or too long to convert;
* YAML tags other than the plain types (``!!python/object`` and the like).

Aliases stay allowed within the limits: repeating a block with ``&name``/``*name`` is
ordinary YAML. JSON is read with :mod:`json` (fast; a 12 MB file took 24 s through the
YAML composer); its lines are found only when an error needs them. A date that does not
exist (``2023-13-45``) is kept as text, so that the model validating the document names
the field.

>>> doc = parse_document("person:\\n  name: Sam\\n  age: 38\\n", source="a.yaml")
>>> doc.data
{'person': {'name': 'Sam', 'age': 38}}
>>> doc.line_of(("person", "age"))
3
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from slingcoach.errors import InvalidInputError
from slingcoach.inputs import Limits, limits

if TYPE_CHECKING:
    import yaml

__all__ = ["Document", "Format", "Located", "parse_document", "parse_json", "parse_yaml"]

Format = Literal["yaml", "json"]


@dataclass
class Located:
    """Where a value starts in its document (1-based line), and where its children are.

    ``keys`` maps each key of a mapping (as text) to the line of the key and its value's
    :class:`Located`; ``items`` holds the elements of a list. Scalars have neither.
    """

    line: int
    keys: dict[str, tuple[int, Located]] | None = None
    items: list[Located] | None = None

    def child(self, part: Any) -> tuple[int, Located] | None:
        """The line of key or index ``part`` and its value's :class:`Located`, if present."""
        if self.keys is not None:
            return self.keys.get(str(part))
        if self.items is not None and isinstance(part, int) and 0 <= part < len(self.items):
            item = self.items[part]
            return item.line, item
        return None


@dataclass(frozen=True)
class Document:
    """Parsed data, the name of its source and (on demand) the line of each value."""

    data: Any
    source: str
    format: Format
    locator: Callable[[], Located] = field(repr=False, compare=False)

    @cached_property
    def located(self) -> Located:
        """Line positions of every value (built on first use: only error messages need it)."""
        return self.locator()

    def line_of(self, path: Sequence[Any]) -> int | None:
        """The line of the deepest key or item of ``path`` that exists in the document."""
        here = self.located
        line: int | None = here.line
        for part in path:
            found = here.child(part)
            if found is None:
                break
            line, here = found
        return line


def parse_document(
    text: str, *, source: str, format: Format = "yaml", what: str = "document"
) -> Document:
    """Parse ``text`` as ``format`` within the limits in force (:func:`slingcoach.inputs.limits`).

    ``what`` names the kind of document in messages ("intake"). JSON files are also
    valid YAML, but reading them as JSON is much faster and is what callers do for a
    ``.json`` file.
    """
    if format == "json":
        return parse_json(text, source=source, what=what)
    return parse_yaml(text, source=source, what=what)


# -- YAML ------------------------------------------------------------------------------


def parse_yaml(
    text: str, *, source: str, what: str = "document", limit: Limits | None = None
) -> Document:
    """Parse one YAML document within ``limit`` (default: :func:`slingcoach.inputs.limits`)."""
    import yaml

    limit = limits() if limit is None else limit
    try:
        # the reader checks the characters as the loader is built: inside the try
        loader = _loader_class()(text, limit=limit, source=source)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source, what) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, source, "yaml", lambda: Located(1))
        _check_expansion(node, limit, source)
        _check_duplicate_keys(node, source)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source, what) from None
    finally:
        loader.dispose()
    return Document(data, source, "yaml", lambda: _locate_yaml(node))


def _line(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _yaml_error(exc: Exception, source: str, what: str) -> InvalidInputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return InvalidInputError(
        f"not valid YAML ({problem}); expected a YAML or JSON {what}",
        source=source,
        location=_line(mark) if mark is not None else None,
    )


_LOADER: type[Any] | None = None


def _loader_class() -> type[Any]:
    """A SafeLoader that counts aliases and nesting while it composes (built once, lazily)."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml

    class LimitedLoader(yaml.SafeLoader):
        def __init__(self, stream: str, *, limit: Limits, source: str) -> None:
            super().__init__(stream)
            self.limit = limit
            self.source = source
            self.depth = 0
            self.aliases = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > self.limit.max_yaml_aliases:
                    raise InvalidInputError(
                        f"more than {self.limit.max_yaml_aliases} aliases (*name); write the "
                        "values out (the limit keeps alias bombs out, see docs/limits.md)",
                        source=self.source,
                        location=_line(event.start_mark),
                    )
                return super().compose_node(parent, index)
            if not isinstance(event, yaml.CollectionStartEvent):
                return super().compose_node(parent, index)
            self.depth += 1
            try:
                if self.depth > self.limit.max_depth:
                    raise _too_deep(self.limit, self.source, _line(event.start_mark))
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            # A date that does not exist stays text, so the model names the field.
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

        def construct_yaml_int(self, node: Any) -> Any:
            try:
                return super().construct_yaml_int(node)
            except ValueError:  # Python refuses to convert more than 4300 digits
                raise _bad_number(str(node.value), self.source, _line(node.start_mark)) from None

        def construct_yaml_float(self, node: Any) -> Any:
            value = super().construct_yaml_float(node)
            if not math.isfinite(value):
                raise _bad_number(str(node.value), self.source, _line(node.start_mark))
            return value

    for tag, method in (
        ("tag:yaml.org,2002:timestamp", LimitedLoader.construct_yaml_timestamp),
        ("tag:yaml.org,2002:int", LimitedLoader.construct_yaml_int),
        ("tag:yaml.org,2002:float", LimitedLoader.construct_yaml_float),
    ):
        LimitedLoader.add_constructor(tag, method)
    _LOADER = LimitedLoader
    return LimitedLoader


def _too_deep(limit: Limits, source: str, location: str) -> InvalidInputError:
    return InvalidInputError(
        f"nested more than {limit.max_depth} levels deep; an intake needs 4 (see docs/limits.md)",
        source=source,
        location=location,
    )


def _bad_number(text: str, source: str, location: str | None) -> InvalidInputError:
    shown = text if len(text) <= 24 else f"{text[:12]}...{text[-6:]} ({len(text)} characters)"
    return InvalidInputError(
        f"{shown} is not a usable number (infinite, not a number, or too long); "
        "write a finite number, or null for a value you do not have",
        source=source,
        location=location,
    )


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node, limit: Limits, source: str) -> None:
    """Refuse a document whose aliases expand it past the node or depth limit, or into itself.

    Sizes and depths are counted once per node (aliases share nodes), bottom-up without
    recursion, so the check is linear in the size of the text.
    """
    done: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded values, nesting depth)
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            size = 1 + sum(done[id(child)][0] for child in children)
            depth = (1 + max((done[id(c)][1] for c in children), default=0)) if children else 0
            open_nodes.discard(key)
            done[key] = (size, depth)
            where = _line(node.start_mark)
            if size > limit.max_yaml_nodes:
                raise InvalidInputError(
                    f"the aliases (*name) here expand to more than {limit.max_yaml_nodes} "
                    "values; write the values out or shorten the file (see docs/limits.md)",
                    source=source,
                    location=where,
                )
            if depth > limit.max_depth:
                raise _too_deep(limit, source, where)
            continue
        if key in done:
            continue
        if key in open_nodes:
            raise InvalidInputError(
                "an alias (*name) refers to a value that contains it; a document cannot "
                "contain itself",
                source=source,
                location=_line(node.start_mark),
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in done)


def _check_duplicate_keys(root: yaml.Node, source: str) -> None:
    import yaml

    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key, _ in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                    continue
                name = str(key.value)
                if name in first_line:
                    raise InvalidInputError(
                        f"key {name!r} appears twice (first on line {first_line[name]}); keep one",
                        source=source,
                        location=_line(key.start_mark),
                    )
                first_line[name] = key.start_mark.line + 1
        stack.extend(_children(node))


def _locate_yaml(root: yaml.Node) -> Located:
    import yaml

    memo: dict[int, Located] = {}

    def walk(node: yaml.Node) -> Located:
        if id(node) in memo:
            return memo[id(node)]
        here = Located(node.start_mark.line + 1)
        memo[id(node)] = here
        if isinstance(node, yaml.MappingNode):
            here.keys = {}
            for key, value in node.value:
                here.keys.setdefault(str(key.value), (key.start_mark.line + 1, walk(value)))
        elif isinstance(node, yaml.SequenceNode):
            here.items = [walk(item) for item in node.value]
        return here

    return walk(root)


# -- JSON ------------------------------------------------------------------------------

# A JSON string (skipped whole) or a bracket, for the depth check before parsing.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class _DuplicateKey(Exception):
    pass


class _BadNumber(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text)
    return value


def _refuse_constant(text: str) -> Any:
    raise _BadNumber(text)


def parse_json(
    text: str, *, source: str, what: str = "document", limit: Limits | None = None
) -> Document:
    """Parse JSON text within ``limit``: depth checked first, duplicate keys refused."""
    limit = limits() if limit is None else limit
    _check_json_depth(text, limit, source)
    try:
        data = json.loads(
            text, object_pairs_hook=_pairs, parse_float=_finite, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"not valid JSON ({exc.msg}); expected a JSON {what}",
            source=source,
            location=f"line {exc.lineno}, column {exc.colno}",
        ) from None
    except _DuplicateKey:
        _locate_json(text, source)  # raises with the line of the second key
        raise AssertionError("a duplicate key was found and then lost") from None
    except _BadNumber as exc:
        raise _bad_number(str(exc), source, _json_line_of(text, str(exc))) from None
    except ValueError as exc:  # an integer too long for Python to convert
        number = re.search(r"\d{4000,}", text)
        raise _bad_number(
            number.group(0) if number else str(exc),
            source,
            _json_line_of(text, number.group(0)) if number else None,
        ) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise _too_deep(limit, source, "") from None
    return Document(data, source, "json", lambda: _locate_json(text, source))


def _json_line_of(text: str, needle: str) -> str | None:
    at = text.find(needle)
    if at < 0:
        return None
    line = text.count("\n", 0, at) + 1
    return f"line {line}, column {at - text.rfind(chr(10), 0, at)}"


def _check_json_depth(text: str, limit: Limits, source: str) -> None:
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        char = token.group(0)
        if char in "[{":
            depth += 1
            if depth > limit.max_depth:
                at = token.start()
                line = text.count("\n", 0, at) + 1
                column = at - text.rfind("\n", 0, at)
                raise _too_deep(limit, source, f"line {line}, column {column}")
        elif char in "]}":
            depth -= 1


_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A string, a number or a literal (the text is known to be valid JSON).
_JSON_SCALAR = re.compile(r'"(?:[^"\\]|\\.)*"|[-+.\w]+', re.DOTALL)


def _locate_json(text: str, source: str) -> Located:
    """Line positions of a valid JSON text; a key given twice in an object is refused."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line(at: int) -> int:
        return bisect.bisect_left(newlines, at) + 1

    def skip(at: int) -> int:
        match = _WHITESPACE.match(text, at)
        return match.end() if match else at

    def value(at: int) -> tuple[Located, int]:
        at = skip(at)
        here = Located(line(at))
        if text[at] == "{":
            here.keys = {}
            at = skip(at + 1)
            while text[at] != "}":
                key_at = at
                token = _JSON_SCALAR.match(text, at)
                assert token is not None  # the text parsed as JSON
                key, at = json.loads(token.group(0)), token.end()
                at = skip(at) + 1  # the colon
                child, at = value(at)
                if key in here.keys:
                    raise InvalidInputError(
                        f"key {key!r} appears twice (first on line {here.keys[key][0]}); keep one",
                        source=source,
                        location=f"line {line(key_at)}",
                    )
                here.keys[key] = (line(key_at), child)
                at = skip(at)
                if text[at] == ",":
                    at = skip(at + 1)
            return here, at + 1
        if text[at] == "[":
            here.items = []
            at = skip(at + 1)
            while text[at] != "]":
                child, at = value(at)
                here.items.append(child)
                at = skip(at)
                if text[at] == ",":
                    at = skip(at + 1)
            return here, at + 1
        token = _JSON_SCALAR.match(text, at)
        assert token is not None  # the text parsed as JSON
        return here, token.end()

    return value(0)[0]
