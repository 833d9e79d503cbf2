"""The exercise catalogue: loading and validating the bundled data, and its queries.

The bundled exercises live in ``exercises/data/*.yaml`` (one file per movement
family). Each file holds ``licence``, ``author``, an optional ``defaults`` mapping
applied to every exercise of the file, and the ``exercises`` list.

Link rule: regressions and progressions are one graph. A file may declare a link
from either end ("A progresses to B" or "B regresses to A"); the catalogue adds
the other end, so that in a loaded catalogue ``B in A.progressions`` exactly when
``A in B.regressions``. The progression graph must have no cycle.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, Literal

from pydantic import ValidationError

from slingcoach.anatomy.models import suggest
from slingcoach.datafiles import read_yaml, yaml_names
from slingcoach.errors import (
    InvalidInputError,
    ReferenceDataError,
    UnknownExerciseError,
    UnknownMuscleError,
)
from slingcoach.exercises.contraindications import with_derived_tags
from slingcoach.exercises.model import DEFAULT_AUTHOR, DEFAULT_LICENCE, Exercise
from slingcoach.vocab import FOCUS_TAGS, Category, Equipment, Laterality, Pattern, SpinalLoad

_FILE_KEYS = {"licence", "author", "defaults", "exercises"}
_SPINAL_ORDER = {load: rank for rank, load in enumerate(SpinalLoad)}


def _variants(exercise_id: str, ids: list[str]) -> list[str]:
    """Ids that are ``exercise_id`` with a word added: its variants first (``...-dumbbell``),
    then the same exercise with other equipment in front (``band-...``)."""
    after = [i for i in ids if i.startswith(f"{exercise_id}-")]
    before = [i for i in ids if i.endswith(f"-{exercise_id}") and i not in after]
    return (after + before)[:5] if exercise_id else []


def reference_ids() -> tuple[frozenset[str], frozenset[str]]:
    """Muscle ids and sling ids the exercises may name, from :mod:`slingcoach.anatomy`."""
    from slingcoach.anatomy import get_anatomy

    anatomy = get_anatomy()
    muscles = frozenset(muscle.id for muscle in anatomy.muscles)
    slings = frozenset(sling.id for sling in anatomy.slings)
    return muscles, slings


def _where(source: str, exercise_id: str | None, field: str | None) -> str:
    parts = [source]
    if exercise_id:
        parts.append(f"exercise {exercise_id!r}")
    if field:
        parts.append(f"field {field!r}")
    return ", ".join(parts)


def parse_exercises(data: Any, source: str) -> list[Exercise]:
    """Validate one parsed catalogue file (``licence``, ``author``, ``defaults``, ``exercises``).

    Errors are :class:`ReferenceDataError` naming ``source``, the exercise id and the field.
    Cross-references (muscles, slings, links) are checked by :class:`Catalogue`.
    """
    if not isinstance(data, Mapping):
        raise ReferenceDataError(
            f"{source}: expected a mapping with an 'exercises' list at the top, "
            f"got {type(data).__name__}"
        )
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise ReferenceDataError(
            f"{source}: unknown top-level keys {unknown}; allowed: {sorted(_FILE_KEYS)}"
        )
    entries = data.get("exercises")
    if not isinstance(entries, list) or not entries:
        raise ReferenceDataError(f"{source}: 'exercises' must be a non-empty list")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise ReferenceDataError(f"{source}: 'defaults' must be a mapping of field: value")
    base: dict[str, Any] = {
        "licence": data.get("licence", DEFAULT_LICENCE),
        "author": data.get("author", DEFAULT_AUTHOR),
        **defaults,
    }
    exercises: list[Exercise] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise ReferenceDataError(
                f"{source}: exercise #{index + 1} is a {type(entry).__name__}, expected a mapping"
            )
        ident = str(entry.get("id") or f"#{index + 1}")
        try:
            exercises.append(Exercise.model_validate({**base, **entry}))
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                field = ".".join(str(part) for part in err["loc"]) or None
                problems.append(f"{_where(source, ident, field)}: {err['msg']}")
            raise ReferenceDataError("; ".join(problems)) from None
    return exercises


def _complete_links(exercises: Sequence[Exercise]) -> list[Exercise]:
    """Add the missing end of each regression/progression link (see the module docstring)."""
    extra_regressions: dict[str, list[str]] = {ex.id: [] for ex in exercises}
    extra_progressions: dict[str, list[str]] = {ex.id: [] for ex in exercises}
    for ex in exercises:
        for target in ex.progressions:
            if target in extra_regressions:
                extra_regressions[target].append(ex.id)
        for target in ex.regressions:
            if target in extra_progressions:
                extra_progressions[target].append(ex.id)
    completed = []
    for ex in exercises:
        regressions = tuple(dict.fromkeys(ex.regressions + tuple(extra_regressions[ex.id])))
        progressions = tuple(dict.fromkeys(ex.progressions + tuple(extra_progressions[ex.id])))
        if regressions != ex.regressions or progressions != ex.progressions:
            ex = ex.model_copy(update={"regressions": regressions, "progressions": progressions})
        completed.append(ex)
    return completed


def _find_cycle(exercises: Mapping[str, Exercise]) -> list[str] | None:
    """A progression cycle as a list of ids (first == last), or None (iterative DFS)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in exercises:
        if state.get(start):
            continue
        path: list[str] = [start]
        iters = [iter(exercises[start].progressions)]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and nxt in exercises:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(exercises[nxt].progressions))
    return None


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


_NAME_NOISE = frozenset(
    [
        "barbell",
        "dumbbell",
        "kettlebell",
        "sandbag",
        "band",
        "banded",
        "cable",
        "landmine",
        "trap",
        "hex",
        "bar",
        "bench",
        "box",
        "machine",
        "sled",
        "mini",
        "body",
        "weight",
        "bodyweight",
        "the",
        "in",
        "a",
        "an",
        "with",
        "to",
        "of",
        "and",
        "on",
        "hand",
        "opposite",
        "same",
        "side",
        "loaded",
    ]
)


def _name_tokens(name: str) -> set[str]:
    """Words of a name without implements and filler, to match variants ("barbell deadlift")."""
    words = "".join(ch if ch.isalnum() else " " for ch in name.lower()).split()
    return {word for word in words if word not in _NAME_NOISE}


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").replace("/", " ").split())


def _enum(enum: type[Any], value: Any, what: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        valid = ", ".join(member.value for member in enum)
        raise InvalidInputError(f"unknown {what} {value!r}; choose one of: {valid}") from None


class Catalogue:
    """A validated, read-only set of exercises with queries.

    Build one with :func:`get_catalogue` (bundled data), :func:`slingcoach.exercises.io.load_catalogue`
    (a user's file merged over the bundled data) or ``Catalogue(exercises)``.

    Parameters
    ----------
    exercises
        The exercises, in catalogue order.
    sources
        Optional ``{exercise id: file name}`` used in error messages.
    """

    def __init__(
        self, exercises: Iterable[Exercise], *, sources: Mapping[str, str] | None = None
    ) -> None:
        # every contraindication tag the exercise's muscles, pattern and load imply is added
        # (exercises.contraindications), so a new exercise cannot miss one
        items = [with_derived_tags(ex) for ex in exercises]
        self._sources = dict(sources or {})
        by_id: dict[str, Exercise] = {}
        for ex in items:
            if ex.id in by_id:
                raise ReferenceDataError(
                    f"{self._source(ex.id)}: exercise {ex.id!r}, field 'id': "
                    "the id is used twice; ids must be unique"
                )
            by_id[ex.id] = ex
        self._check_references(items, by_id)
        completed = _complete_links(items)
        self._exercises = tuple(completed)
        self._by_id = {ex.id: ex for ex in completed}
        cycle = _find_cycle(self._by_id)
        if cycle:
            raise ReferenceDataError(
                f"{self._source(cycle[0])}: exercise {cycle[0]!r}, field 'progressions': "
                f"progressions form a cycle: {' -> '.join(cycle)}"
            )

    def _source(self, exercise_id: str) -> str:
        return self._sources.get(exercise_id, "catalogue")

    def _check_references(self, items: Sequence[Exercise], by_id: Mapping[str, Exercise]) -> None:
        muscles, slings = reference_ids()
        for ex in items:
            where = self._source(ex.id)
            for field in ("primary_muscles", "secondary_muscles"):
                for muscle in getattr(ex, field):
                    if muscle not in muscles:
                        hint = suggest(muscle, muscles)
                        raise ReferenceDataError(
                            f"{_where(where, ex.id, field)}: unknown muscle {muscle!r}"
                            + (f"; did you mean {', '.join(hint)}?" if hint else "")
                        )
            for sling in ex.slings:
                if sling not in slings:
                    raise ReferenceDataError(
                        f"{_where(where, ex.id, 'slings')}: unknown sling {sling!r}; "
                        f"known slings: {', '.join(sorted(slings))}"
                    )
            for field in ("regressions", "progressions"):
                for target in getattr(ex, field):
                    if target not in by_id:
                        hint = suggest(target, by_id)
                        raise ReferenceDataError(
                            f"{_where(where, ex.id, field)}: links to unknown exercise {target!r}"
                            + (f"; did you mean {', '.join(hint)}?" if hint else "")
                        )
            both = set(ex.regressions) & set(ex.progressions)
            if both:
                raise ReferenceDataError(
                    f"{_where(where, ex.id, 'progressions')}: {sorted(both)} listed as both "
                    "regression and progression"
                )

    # -- access -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._exercises)

    def all(self) -> tuple[Exercise, ...]:
        """Every exercise, in catalogue order."""
        return self._exercises

    def ids(self) -> tuple[str, ...]:
        """Every exercise id, in catalogue order."""
        return tuple(self._by_id)

    def source_of(self, exercise_id: str) -> str:
        """The file an exercise came from ("catalogue" when unknown)."""
        self.get(exercise_id)
        return self._source(exercise_id)

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; :class:`UnknownExerciseError` with suggestions otherwise."""
        try:
            return self._by_id[exercise_id]
        except KeyError:
            hints = _variants(exercise_id, list(self._by_id))
            hints += [h for h in suggest(exercise_id, self._by_id) if h not in hints]
            if not hints:
                hints = [ex.id for ex, _ in self.search(exercise_id, limit=3)]
            raise UnknownExerciseError(exercise_id, hints[:5]) from None

    def merged(
        self, others: Iterable[Exercise], *, sources: Mapping[str, str] | None = None
    ) -> Catalogue:
        """A new catalogue with ``others`` added; an exercise with an existing id replaces it."""
        extra = list(others)
        replaced = {ex.id for ex in extra}
        kept = [ex for ex in self._exercises if ex.id not in replaced]
        merged_sources = {**self._sources, **dict(sources or {})}
        return Catalogue([*kept, *extra], sources=merged_sources)

    # -- queries ------------------------------------------------------------------------------

    def filter(
        self,
        *,
        pattern: Pattern | str | None = None,
        laterality: Laterality | str | None = None,
        category: Category | str | None = None,
        equipment_available: Iterable[Equipment | str] | None = None,
        requires: Iterable[Equipment | str] | None = None,
        muscle: str | None = None,
        muscle_role: Literal["primary", "any"] = "any",
        sling: str | None = None,
        level: int | None = None,
        max_level: int | None = None,
        focus: str | Iterable[str] | None = None,
        exclude_contraindications: Iterable[str] | None = None,
        impact: bool | None = None,
        max_spinal_load: SpinalLoad | str | None = None,
    ) -> list[Exercise]:
        """Exercises matching every criterion given (``None`` means "any").

        ``equipment_available``: doable with only this equipment (body weight always is).
        ``requires``: uses all of this equipment. ``muscle`` with ``muscle_role="primary"``
        matches primary muscles only. ``focus``: carries all of these tags.
        ``exclude_contraindications``: drops exercises that list any of these tags.
        """
        pattern_v = _enum(Pattern, pattern, "pattern") if pattern is not None else None
        lat_v = _enum(Laterality, laterality, "laterality") if laterality is not None else None
        cat_v = _enum(Category, category, "category") if category is not None else None
        avail = (
            {_enum(Equipment, e, "equipment") for e in equipment_available}
            if equipment_available is not None
            else None
        )
        req = {_enum(Equipment, e, "equipment") for e in requires} if requires else set()
        max_load = (
            _enum(SpinalLoad, max_spinal_load, "spinal load")
            if max_spinal_load is not None
            else None
        )
        if muscle is not None or sling is not None:
            muscles, _ = reference_ids()
            if muscle is not None and muscle not in muscles:
                raise UnknownMuscleError(muscle, suggest(muscle, muscles))
            if sling is not None:
                from slingcoach.anatomy.slings import sling_id

                sling = sling_id(sling)  # an id, abbreviation (POS) or name; typos refused
        if muscle_role not in ("primary", "any"):
            raise InvalidInputError(f"muscle_role must be 'primary' or 'any', got {muscle_role!r}")
        focus_set = {focus} if isinstance(focus, str) else set(focus or ())
        for tag in focus_set:
            if tag not in FOCUS_TAGS:
                raise InvalidInputError(
                    f"unknown focus tag {tag!r}; choose from: {', '.join(FOCUS_TAGS)}"
                )
        for value in (level, max_level):
            if value is not None and value not in (1, 2, 3):
                raise InvalidInputError(f"level must be 1, 2 or 3, got {value!r}")
        excluded = set(exclude_contraindications or ())

        found = []
        for ex in self._exercises:
            if pattern_v is not None and ex.pattern is not pattern_v:
                continue
            if lat_v is not None and ex.laterality is not lat_v:
                continue
            if cat_v is not None and ex.category is not cat_v:
                continue
            if avail is not None and not ex.usable_with(avail):
                continue
            if req and not req <= set(ex.equipment):
                continue
            if muscle is not None:
                pool = ex.primary_muscles if muscle_role == "primary" else ex.all_muscles
                if muscle not in pool:
                    continue
            if sling is not None and sling not in ex.slings:
                continue
            if level is not None and ex.level != level:
                continue
            if max_level is not None and ex.level > max_level:
                continue
            if focus_set and not focus_set <= set(ex.focus):
                continue
            if excluded & set(ex.contraindications):
                continue
            if impact is not None and ex.impact is not impact:
                continue
            if max_load is not None and _SPINAL_ORDER[ex.spinal_load] > _SPINAL_ORDER[max_load]:
                continue
            found.append(ex)
        return found

    def search(
        self, text: str, limit: int = 10, *, min_score: float = 60.0
    ) -> list[tuple[Exercise, float]]:
        """Typo-tolerant search over ids, names, aliases and cues, best first.

        Text is lower-cased with hyphens as spaces. A name or alias scores the best of
        rapidfuzz ``ratio`` (typos), ``token_sort_ratio`` (word order) and, when the
        query is shorter than the name, 0.95 x ``partial_ratio`` (a part of a name,
        e.g. "rdl"); an exact name scores 100. A cue scores 0.8 x ``partial_ratio``, so a
        phrase from a cue finds its exercise but names rank first. Ties go to the
        shorter name.
        """
        from rapidfuzz import fuzz

        query = _normalise(text)
        if not query:
            raise InvalidInputError("search text is empty; give a name, alias or cue word")

        def name_score(name: str) -> float:
            if name == query:
                return 100.0
            score = max(fuzz.ratio(query, name), fuzz.token_sort_ratio(query, name))
            if len(query) <= len(name):
                score = max(score, 0.95 * fuzz.partial_ratio(query, name))
            return float(score)

        def cue_score(cue: str) -> float:
            if len(query) > len(cue):
                return 0.8 * fuzz.ratio(query, cue)
            return 0.8 * fuzz.partial_ratio(query, cue)

        scored: list[tuple[Exercise, float]] = []
        for ex in self._exercises:
            best = max(name_score(_normalise(n)) for n in (ex.id, ex.name, *ex.aliases))
            best = max(best, *(cue_score(_normalise(c)) for c in ex.cues))
            if best >= min_score:
                scored.append((ex, round(best, 1)))
        scored.sort(key=lambda pair: (-pair[1], len(pair[0].name), pair[0].id))
        return scored[:limit]

    def substitutes(
        self,
        exercise_id: str,
        equipment_available: Iterable[Equipment | str],
        *,
        limit: int | None = None,
    ) -> list[Exercise]:
        """Exercises that can stand in for ``exercise_id`` with the equipment at hand.

        Same pattern, at least one shared primary muscle, all equipment available.
        Ranked by our similarity score: 3 x Jaccard(primary muscles) + Jaccard(all
        muscles) + Jaccard(slings) + 2 x Jaccard(name words without implements, so
        "sandbag deadlift" matches "barbell deadlift") + 1 for the same laterality + 1
        for the same category - 0.5 per level of difference; ties go to the nearer
        level, then id.
        """
        target = self.get(exercise_id)
        avail = {_enum(Equipment, e, "equipment") for e in equipment_available}
        target_words = _name_tokens(target.name)
        ranked: list[tuple[float, int, str, Exercise]] = []
        for ex in self._exercises:
            if ex.id == target.id or ex.pattern is not target.pattern:
                continue
            if not set(ex.primary_muscles) & set(target.primary_muscles):
                continue
            if not ex.usable_with(avail):
                continue
            gap = abs(ex.level - target.level)
            score = (
                3 * _jaccard(ex.primary_muscles, target.primary_muscles)
                + _jaccard(ex.all_muscles, target.all_muscles)
                + _jaccard(ex.slings, target.slings)
                + 2 * _jaccard(_name_tokens(ex.name), target_words)
                + (1.0 if ex.laterality is target.laterality else 0.0)
                + (1.0 if ex.category is target.category else 0.0)
                - 0.5 * gap
            )
            ranked.append((-score, gap, ex.id, ex))
        ranked.sort(key=lambda item: item[:3])
        result = [item[3] for item in ranked]
        return result if limit is None else result[:limit]

    def progression_chain(self, exercise_id: str) -> list[Exercise]:
        """The harder steps after ``exercise_id``, nearest first, following the first progression."""
        return self._chain(exercise_id, "progressions")

    def regression_chain(self, exercise_id: str) -> list[Exercise]:
        """The easier steps before ``exercise_id``, nearest first, following the first regression."""
        return self._chain(exercise_id, "regressions")

    def _chain(self, exercise_id: str, field: str) -> list[Exercise]:
        current = self.get(exercise_id)
        seen = {current.id}
        chain: list[Exercise] = []
        while True:
            links = [link for link in getattr(current, field) if link not in seen]
            if not links:
                return chain
            current = self._by_id[links[0]]
            seen.add(current.id)
            chain.append(current)


_PACKAGE = "slingcoach.exercises"


def _read_bundled() -> tuple[list[Exercise], dict[str, str]]:
    exercises: list[Exercise] = []
    sources: dict[str, str] = {}
    for name in yaml_names(_PACKAGE):
        source = f"exercises/data/{name}"
        data = read_yaml(_PACKAGE, name)
        for ex in parse_exercises(data, source):
            sources.setdefault(ex.id, source)
            exercises.append(ex)
    return exercises, sources


@cache
def get_catalogue() -> Catalogue:
    """The bundled catalogue, validated once and cached."""
    exercises, sources = _read_bundled()
    return Catalogue(exercises, sources=sources)


def catalogue_hash(catalogue: Catalogue | None = None) -> str:
    """SHA-256 (hex) of a catalogue's canonical content; the bundled catalogue by default.

    The content is every validated exercise (links completed, defaults applied) as JSON,
    sorted by id with sorted keys, so the hash changes exactly when an exercise changes and
    not when a data file is merely reordered or reformatted. Programs and assessments record
    it to say which catalogue they were made with.

    >>> len(catalogue_hash()), catalogue_hash() == catalogue_hash(get_catalogue())
    (64, True)
    """
    if catalogue is None:
        return _bundled_hash()
    return _content_hash(catalogue)


@cache
def _bundled_hash() -> str:
    return _content_hash(get_catalogue())


def _content_hash(catalogue: Catalogue) -> str:
    exercises = sorted(catalogue.all(), key=lambda ex: ex.id)
    content = [ex.model_dump(mode="json") for ex in exercises]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
