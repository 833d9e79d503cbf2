"""Stored documents and their upgrades: a registry of ``vN → vN+1`` functions per kind.

A document (intake, assessment, program) is stored whole, as the JSON its model dumps,
with its ``schema_version``. Loading an old one runs the registered upgrades in order, then
validates the result with today's model: there are no ad-hoc ``.get`` fallbacks in the
code that reads documents. A document written before its model had a ``schema_version``
counts as version ``"0"`` (our convention).

Each upgrade is a pure function of the JSON data, registered with :func:`upgrade_step` and
tested in ``tests/storage/test_documents.py`` against a stored old document.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from slingcoach.assessment import Assessment, Intake
    from slingcoach.programming import Program

DocumentKind = Literal["intake", "assessment", "program"]
Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
UNVERSIONED = "0"

_STEPS: dict[tuple[DocumentKind, str], tuple[str, Upgrade]] = {}
M = TypeVar("M", bound=BaseModel)


def upgrade_step(kind: DocumentKind, source: str, target: str) -> Callable[[Upgrade], Upgrade]:
    """Register ``function`` as the upgrade of ``kind`` documents from ``source`` to ``target``."""

    def register(function: Upgrade) -> Upgrade:
        key = (kind, source)
        if key in _STEPS:
            raise RuntimeError(f"two upgrades of {kind} documents from version {source}")
        _STEPS[key] = (target, function)
        return function

    return register


def model_of(kind: DocumentKind) -> type[BaseModel]:
    """The pydantic model of a document kind (imported on first use)."""
    if kind == "intake":
        from slingcoach.assessment import Intake

        return Intake
    if kind == "assessment":
        from slingcoach.assessment import Assessment

        return Assessment
    from slingcoach.programming import Program

    return Program


def current_version(kind: DocumentKind) -> str:
    """The ``schema_version`` today's model writes (``"0"`` for a model without one)."""
    field = model_of(kind).model_fields.get("schema_version")
    return str(field.default) if field is not None else UNVERSIONED


def version_of(document: dict[str, Any]) -> str:
    """The version a stored document declares (``"0"`` when it predates versioning)."""
    value = document.get("schema_version", UNVERSIONED)
    return str(value)


def upgrade_document(kind: DocumentKind, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` brought to the current version by the registered steps: a new dict when
    a step runs, ``document`` itself when it is current already (it is only read then; a
    deep copy of a program document cost about 4 ms on every Today page).

    Raises
    ------
    InvalidInputError
        The version is newer than this slingcoach knows, or no upgrade path leads from it.
    """
    target = current_version(kind)
    version = version_of(document)
    if version == target:
        return document
    data = copy.deepcopy(document)  # the steps change it in place
    seen = {version}
    while version != target:
        step = _STEPS.get((kind, version))
        if step is None:
            raise InvalidInputError(
                f"a {kind} document of schema_version {version!r} cannot be read by this "
                f"slingcoach (it reads {kind} documents up to version {target!r})",
                location="schema_version",
            )
        version, function = step
        if version in seen:  # pragma: no cover - a registry bug, caught by the tests
            raise RuntimeError(f"the {kind} upgrades loop at version {version}")
        seen.add(version)
        data = function(data)
    return data


def load_document(kind: DocumentKind, document: dict[str, Any], model: type[M]) -> M:
    """Upgrade and validate a stored document into ``model``."""
    data = upgrade_document(kind, document)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInputError(
            f"a stored {kind} document does not validate after upgrading: {first['msg']}",
            location=where,
        ) from None


def dump_document(model: BaseModel) -> dict[str, Any]:
    """The JSON data of a model, as stored: ``mode="json"`` (dates as ISO strings), by alias
    (the names the model reads back, e.g. the intake's ODI section names)."""
    return model.model_dump(mode="json", by_alias=True)


def load_intake(document: dict[str, Any]) -> Intake:
    """A stored intake as today's :class:`~slingcoach.assessment.Intake`."""
    from slingcoach.assessment import Intake

    return load_document("intake", document, Intake)


def load_assessment(document: dict[str, Any]) -> Assessment:
    """A stored assessment as today's :class:`~slingcoach.assessment.Assessment`."""
    from slingcoach.assessment import Assessment

    return load_document("assessment", document, Assessment)


def load_program(document: dict[str, Any]) -> Program:
    """A stored program as today's :class:`~slingcoach.programming.Program`."""
    from slingcoach.programming import Program

    return load_document("program", document, Program)


# ---------------------------------------------------------------------------- upgrades
@upgrade_step("assessment", "1.0", "2.0")
def _assessment_1_0_to_2_0(data: dict[str, Any]) -> dict[str, Any]:
    """Assessments 2.0 type each recording's metrics by kind (``EmgMetrics``,
    ``ForceMetrics``, ``PoseMetrics``); 1.0 kept them in one flat mapping whose per-side
    keys began with ``left_``/``right_`` and whose force shares ended ``_left_share_pct``."""
    data["schema_version"] = "2.0"
    for recording in data.get("sensors", []):
        flat = recording.get("metrics") or {}
        recording["metrics"] = _metrics_1_0(str(recording.get("kind")), flat) if flat else None
    return data


@upgrade_step("assessment", "2.0", "3.0")
def _assessment_2_0_to_3_0(data: dict[str, Any]) -> dict[str, Any]:
    """Assessments 3.0 give each finding's muscles and partners as ``{side, muscle}``; 2.0
    wrote them as one string, ``"right gluteus-maximus"``."""
    data["schema_version"] = "3.0"
    for finding in data.get("findings", []):
        for key in ("muscles", "partners"):
            finding[key] = [_sided_2_0(entry) for entry in finding.get(key, [])]
    return data


def _sided_2_0(entry: Any) -> Any:
    """``"right gluteus-maximus"`` → ``{"side": "right", "muscle": "gluteus-maximus"}``;
    anything else is left for the model to refuse with its own message."""
    if not isinstance(entry, str):
        return entry
    side, _, muscle = entry.partition(" ")
    return {"side": side, "muscle": muscle}


_EMG_SIDE_1_0 = {
    "glute_minus_hamstrings_ms": "glute_minus_hamstrings_ms",
    "glute_minus_hamstrings_sd_ms": "glute_minus_hamstrings_sd_ms",
    "trials": "trials",
    "glute_late": "glute_late",
    "glute_opposite_lat_overlap": "glute_opposite_lat_overlap",
}


def _sides_1_0(flat: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    sides: dict[str, Any] = {}
    for side in ("left", "right"):
        values = {
            new: flat[f"{side}_{old}"] for old, new in names.items() if f"{side}_{old}" in flat
        }
        if values:
            sides[side] = values
    return sides


def _metrics_1_0(kind: str, flat: dict[str, Any]) -> dict[str, Any]:
    if kind == "emg":
        keep = ("sampling_rate_hz", "duration_s", "trials", "side_difference_ms")
        out = {"kind": "emg", **{k: flat.get(k) for k in keep}}
        out["side_difference_flag"] = flat.get("side_difference_flag")
        return {**out, **_sides_1_0(flat, _EMG_SIDE_1_0)}
    if kind == "forceplate":
        shares = {
            key.removesuffix("_left_share_pct"): value
            for key, value in flat.items()
            if key.endswith("_left_share_pct")
        }
        rest = {k: v for k, v in flat.items() if not k.endswith("_left_share_pct")}
        return {"kind": "forceplate", **rest, "left_share_pct": shares}
    angles = ("knee_fppa_deg", "hip_adduction_deg", "pelvic_drop_deg", "trunk_lean_deg")
    out = {"kind": "pose", "frames": flat.get("frames"), "reps": flat.get("reps", 0)}
    return {**out, **_sides_1_0(flat, {a: a for a in angles})}


@upgrade_step("program", "1.0", "2.0")
def _program_1_0_to_2_0(data: dict[str, Any]) -> dict[str, Any]:
    """Programs 2.0 add provenance, warnings, a stable key and a structured progression per
    item (docs/programming.md). A 1.0 program gets its keys from (week, session, position),
    the progression rule its sheet printed (double progression for hard reps, holds by time,
    carries, easy aerobic work, the same loads in deload and re-test weeks, none for easy
    work), no assessment id and an empty catalogue hash (not recorded in 1.0)."""
    data["schema_version"] = "2.0"
    data.setdefault("assessment_id", None)
    data.setdefault("catalogue_hash", "")
    data.setdefault("warnings", [])
    for week in data.get("weeks", []):
        for session in week.get("sessions", []):
            for item in session.get("items", []):
                item["key"] = f"w{week['number']:02d}-s{session['number']}-i{item['order']:02d}"
                item["progression"] = _progression_1_0(item, str(week.get("kind")))
                if item.get("kind") == "test":
                    item["retest"] = {
                        "trials": item.get("high", 1),
                        "measure": "as in the assessment",
                        "how": item.get("cue") or "as in the assessment",
                    }
    return data


def _progression_1_0(item: dict[str, Any], week_kind: str) -> dict[str, Any]:
    unit, hard = item.get("unit"), bool(item.get("hard"))
    if item.get("kind") == "test":
        return {"rule": "test", "loaded": False}
    if not hard:
        if unit == "metres" and item.get("block") == "accessory":
            return {"rule": "easy-aerobic", "loaded": False, "weekly_step_pct": 10}
        return {"rule": "none", "loaded": False}
    if week_kind != "build":
        return {"rule": "hold-steady", "loaded": unit != "seconds"}
    if unit == "seconds":
        return {"rule": "hold-time", "loaded": False}
    if unit == "metres":
        return {"rule": "carry", "loaded": True, "load_step_pct": [2.5, 5.0]}
    return {"rule": "double-progression", "loaded": True, "load_step_pct": [2.5, 5.0]}
