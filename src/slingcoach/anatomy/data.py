"""Load the bundled anatomy data (``anatomy/data/*.yaml``) and check every cross-reference.

Reference data is part of the code: it is read with :mod:`importlib.resources`, validated
into the frozen models of :mod:`slingcoach.anatomy.models` and cached. Any problem raises
:class:`~slingcoach.errors.ReferenceDataError` naming the file, the record and the field.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import ValidationError

from slingcoach.anatomy.models import GROUPS, REGIONS, Anatomy, Muscle, Sling, Structure
from slingcoach.datafiles import read_yaml
from slingcoach.errors import ReferenceDataError

_PACKAGE = "slingcoach.anatomy"


def _read(name: str) -> dict[str, Any]:
    """Parse one bundled YAML file into a mapping."""
    document = read_yaml(_PACKAGE, name)
    if not isinstance(document, dict):
        raise ReferenceDataError(f"anatomy/data/{name}: expected a mapping at the top level")
    return document


def _records(name: str, document: dict[str, Any], key: str, model: type[Any]) -> list[Any]:
    """Validate the list under ``key`` of file ``name`` into ``model`` instances."""
    items = document.get(key)
    if not isinstance(items, list):
        raise ReferenceDataError(f"anatomy/data/{name}: expected a list under {key!r}")
    records = []
    for index, item in enumerate(items):
        label = item.get("id", f"#{index}") if isinstance(item, dict) else f"#{index}"
        try:
            records.append(model.model_validate(item))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ReferenceDataError(
                f"anatomy/data/{name}: {key}[{index}] ({label}): {problems}"
            ) from exc
    return records


def build_anatomy(
    muscles: list[Muscle],
    structures: list[Structure],
    slings: list[Sling],
    sources: dict[str, str],
) -> Anatomy:
    """Cross-check already validated records and bundle them; raises ReferenceDataError."""
    _check_unique("muscles.yaml", [m.id for m in muscles])
    _check_unique("structures.yaml", [s.id for s in structures])
    _check_unique("slings.yaml", [s.id for s in slings])
    clash = sorted({m.id for m in muscles} & {s.id for s in structures})
    if clash:
        raise ReferenceDataError(f"anatomy ids used as both muscle and structure: {clash}")
    for muscle in muscles:
        if muscle.group not in GROUPS:
            raise ReferenceDataError(
                f"anatomy/data/muscles.yaml: {muscle.id}: group {muscle.group!r} is not one of {list(GROUPS)}"
            )
        if muscle.region not in REGIONS:
            raise ReferenceDataError(
                f"anatomy/data/muscles.yaml: {muscle.id}: region {muscle.region!r} is not one of {list(REGIONS)}"
            )
    for structure in structures:
        for key in structure.sources:
            if key not in sources:
                raise ReferenceDataError(
                    f"anatomy/data/structures.yaml: {structure.id}: sources: {key!r} is not in the sources table"
                )
    muscle_ids = {m.id for m in muscles}
    sided = {s.id: s.sided for s in structures}
    for sling in slings:
        _check_sling(sling, muscle_ids, sided, set(sources))
    return Anatomy(
        muscles=tuple(muscles), structures=tuple(structures), slings=tuple(slings), sources=sources
    )


def _check_unique(name: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ReferenceDataError(f"anatomy/data/{name}: duplicate id {item_id!r}")
        if item_id != item_id.lower() or " " in item_id or "_" in item_id:
            raise ReferenceDataError(
                f"anatomy/data/{name}: id {item_id!r} must be a lowercase slug with hyphens"
            )
        seen.add(item_id)


def _check_sling(
    sling: Sling, muscle_ids: set[str], sided: dict[str, bool], source_keys: set[str]
) -> None:
    where = f"anatomy/data/slings.yaml: {sling.id}"
    if not sling.steps or any(not step for step in sling.steps):
        raise ReferenceDataError(f"{where}: steps must be a non-empty list of non-empty lists")
    seen: set[str] = set()
    for number, step in enumerate(sling.steps):
        for spec in step:
            if spec.id in seen:
                raise ReferenceDataError(f"{where}: steps[{number}]: {spec.id!r} appears twice")
            seen.add(spec.id)
            if spec.id in muscle_ids:
                if spec.side == "midline":
                    raise ReferenceDataError(
                        f"{where}: steps[{number}]: muscle {spec.id!r} cannot be 'midline'; use same/opposite"
                    )
            elif spec.id in sided:
                if sided[spec.id] != (spec.side != "midline"):
                    rule = "same/opposite" if sided[spec.id] else "midline"
                    raise ReferenceDataError(
                        f"{where}: steps[{number}]: structure {spec.id!r} needs side {rule}, got {spec.side!r}"
                    )
            else:
                raise ReferenceDataError(
                    f"{where}: steps[{number}]: {spec.id!r} is neither a muscle nor a structure"
                )
    named = [spec for step in sling.steps for spec in step if spec.id == sling.named_by]
    if not named or named[0].side != "same" or sling.named_by not in muscle_ids:
        raise ReferenceDataError(
            f"{where}: named_by {sling.named_by!r} must be a muscle link of the sling with side 'same'"
        )
    for joint in sling.joints:
        if joint not in sided:
            raise ReferenceDataError(f"{where}: joints: {joint!r} is not a structure id")
    for key in sling.sources:
        if key not in source_keys:
            raise ReferenceDataError(f"{where}: sources: {key!r} is not in the sources table")


@cache
def get_anatomy() -> Anatomy:
    """The bundled anatomy data, validated and cross-checked (cached after the first call)."""
    muscles = _records("muscles.yaml", _read("muscles.yaml"), "muscles", Muscle)
    structures = _records("structures.yaml", _read("structures.yaml"), "structures", Structure)
    sling_document = _read("slings.yaml")
    slings = _records("slings.yaml", sling_document, "slings", Sling)
    sources = sling_document.get("sources")
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        raise ReferenceDataError(
            "anatomy/data/slings.yaml: 'sources' must map keys to reference text"
        )
    return build_anatomy(
        muscles, structures, slings, {str(k): v.strip() for k, v in sources.items()}
    )
