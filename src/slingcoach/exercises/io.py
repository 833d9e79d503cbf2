"""Reading and writing exercise files given by the caller: user catalogues and free-exercise-db imports.

A user catalogue is a YAML (or JSON) file in the same layout as the bundled
``exercises/data/*.yaml`` files: optional ``licence``, ``author`` and ``defaults``,
and an ``exercises`` list. It is merged over the bundled catalogue, so its
exercises may link to bundled ones; the bundled files are never changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from slingcoach.errors import InvalidInputError, ReferenceDataError
from slingcoach.exercises.catalogue import Catalogue, get_catalogue, parse_exercises
from slingcoach.exercises.freedb import ImportReport, convert_free_db
from slingcoach.exercises.model import Exercise
from slingcoach.inputs import limits, read_text
from slingcoach.structured import Format, parse_document, parse_json


def _read_text(path: Path, what: str) -> str:
    return read_text(path, what=what, max_bytes=limits().max_catalogue_bytes)


def parse_catalogue_text(text: str, source: str) -> list[Exercise]:
    """Validate the text of a user catalogue (YAML or JSON); errors name ``source``, id and field."""
    fmt: Format = "json" if source.lower().endswith(".json") else "yaml"
    data: Any = parse_document(text, source=source, format=fmt, what="exercise catalogue").data
    if data is None:
        raise InvalidInputError("the file is empty; expected an 'exercises' list", source=source)
    return parse_exercises(data, source)


def load_catalogue(path: str | Path, *, base: Catalogue | None = None) -> Catalogue:
    """A user's catalogue file merged over ``base`` (the bundled catalogue by default).

    Exercises whose id is already in ``base`` replace it. Raises
    :class:`~slingcoach.errors.InvalidInputError` for unreadable or malformed files and
    :class:`~slingcoach.errors.ReferenceDataError` for invalid exercises or links.
    """
    path = Path(path)
    exercises = parse_catalogue_text(_read_text(path, "exercise catalogue"), str(path))
    base = base if base is not None else get_catalogue()
    return base.merged(exercises, sources={ex.id: str(path) for ex in exercises})


def catalogue_yaml(exercises: list[Exercise], *, licence: str, author: str) -> str:
    """YAML text of a user catalogue file holding ``exercises`` (readable by :func:`load_catalogue`)."""
    rows = []
    for ex in exercises:
        row = ex.model_dump(mode="json", exclude={"licence", "author"})
        rows.append({key: value for key, value in row.items() if value not in ([], (), None)})
    document = {"licence": licence, "author": author, "exercises": rows}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def import_free_db(
    path: str | Path,
    out: str | Path,
    *,
    licence: str = "Unlicense",
    author: str = "free-exercise-db contributors",
) -> ImportReport:
    """Convert a free-exercise-db JSON file into a user catalogue YAML file at ``out``.

    The YAML text is parsed back and merged over the bundled catalogue before it is
    written, so a written file is always usable (and a broken one is never written).
    """
    path, out = Path(path), Path(out)
    text = _read_text(path, "free-exercise-db JSON export")
    records = parse_json(text, source=str(path), what="free-exercise-db export").data
    bundled = get_catalogue()
    exercises, report = convert_free_db(
        records, source=str(path), taken_ids=bundled.ids(), licence=licence, author=author
    )
    if not exercises:
        raise InvalidInputError(
            "no exercise could be imported; see the mapping issues: "
            + "; ".join(f"{i.exercise} {i.field}: {i.note}" for i in report.issues[:5]),
            source=str(path),
        )
    text = catalogue_yaml(exercises, licence=licence, author=author)
    try:
        written = parse_catalogue_text(text, str(out))
        bundled.merged(written, sources={ex.id: str(out) for ex in written})
    except ReferenceDataError as exc:  # pragma: no cover - would be a converter bug
        raise ReferenceDataError(f"the imported file {out} would not load back: {exc}") from exc
    out.write_text(text, encoding="utf-8")
    return report
