"""Plain and technical explanations of any muscle, structure or sling, found by id or name.

:func:`resolve` accepts ids, technical and plain names and common aliases ("glute max",
"TLF", "POS", "posterior oblique sling") and tolerates small typos; anything else raises an
:class:`~slingcoach.errors.UnknownIdError` with "did you mean" suggestions.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict

from slingcoach.anatomy.data import get_anatomy
from slingcoach.anatomy.models import Kind
from slingcoach.anatomy.slings import chain_text, contralateral_partners, slings_of
from slingcoach.errors import UnknownIdError, UnknownMuscleError, UnknownSlingError
from slingcoach.vocab import Side

# A typo is accepted when the best plain Levenshtein ratio reaches this score and beats the
# runner-up clearly; below it the caller gets suggestions instead (our own choice, tested).
_ACCEPT_SCORE = 88.0
_ACCEPT_MARGIN = 4.0


class Explanation(BaseModel):
    """What one anatomy id is, in plain words and in technical words, with its sources."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    id: str
    name: str
    plain_name: str
    plain: str
    technical: str
    chain_right: str | None = None
    chain_left: str | None = None
    slings: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


def _and(items: list[str], *, article: str = "") -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"`` (with ``article`` before every item but the first)."""
    if len(items) <= 1:
        return "".join(items)
    rest = [article + item for item in items[1:]]
    return ", ".join([items[0], *rest[:-1]]) + " and " + rest[-1]


def _normalise(text: str) -> str:
    """Lowercase, hyphens/underscores to spaces, drop "the", "muscle(s)" and a trailing "sling"."""
    words = re.sub(r"[-_/,()]+", " ", text.lower()).split()
    words = [w for w in words if w not in ("the", "muscle", "muscles")]
    if len(words) > 1 and words[-1] == "sling":
        words = words[:-1]
    return " ".join(words)


@cache
def _index() -> dict[str, tuple[Kind, str]]:
    """Every accepted spelling (normalised) → (kind, id)."""
    anatomy = get_anatomy()
    index: dict[str, tuple[Kind, str]] = {}
    entries: list[tuple[Kind, str, tuple[str, ...]]] = []
    for m in anatomy.muscles:
        entries.append(
            ("muscle", m.id, (m.id, m.name, m.name.split(" (")[0], m.plain_name, *m.aliases))
        )
    for s in anatomy.structures:
        entries.append(
            ("structure", s.id, (s.id, s.name, s.name.split(" (")[0], s.plain_name, *s.aliases))
        )
    for sl in anatomy.slings:
        entries.append(
            ("sling", sl.id, (sl.id, sl.name, sl.abbreviation, sl.plain_name, *sl.aliases))
        )
    for kind, item_id, spellings in entries:
        for spelling in spellings:
            index.setdefault(_normalise(spelling), (kind, item_id))
    return index


def resolve(name: str, *, kind: Kind | None = None) -> tuple[Kind, str]:
    """Find the (kind, id) that ``name`` refers to; raise with suggestions when unsure.

    ``kind`` restricts the search to muscles, structures or slings.

    Examples
    --------
    >>> resolve("glute max")
    ('muscle', 'gluteus-maximus')
    >>> resolve("Posterior oblique sling")
    ('sling', 'posterior-oblique')
    """
    from rapidfuzz import fuzz, process

    index = {k: v for k, v in _index().items() if kind is None or v[0] == kind}
    key = _normalise(name)
    if key in index:
        return index[key]
    keys = list(index)
    best = process.extract(key, keys, scorer=fuzz.ratio, limit=5)
    if best:
        top_id = index[best[0][0]]
        runner_up = next(
            (score for spelling, score, _ in best[1:] if index[spelling] != top_id), 0.0
        )
        if best[0][1] >= _ACCEPT_SCORE and best[0][1] - runner_up >= _ACCEPT_MARGIN:
            return top_id
    # suggestions: the ids whose spellings (ids, names, aliases) come closest
    suggestions: list[str] = []
    long_keys = [
        k for k in keys if len(k) > 3
    ]  # short aliases ("st", "ql") match anything partially
    for spelling, _score, _ in process.extract(
        key, long_keys, scorer=fuzz.WRatio, limit=20, score_cutoff=50
    ):
        if index[spelling][1] not in suggestions:
            suggestions.append(index[spelling][1])
    suggestions = suggestions[:3]
    if kind == "muscle":
        raise UnknownMuscleError(name, suggestions)
    if kind == "sling":
        raise UnknownSlingError(name, suggestions)
    raise UnknownIdError(kind or "anatomy name", name, suggestions)


def explain(name: str) -> Explanation:
    """Explain a muscle, structure or sling given by id or (close) name.

    Examples
    --------
    >>> explain("TLF").id
    'thoracolumbar-fascia'
    """
    anatomy = get_anatomy()
    kind, item_id = resolve(name)
    if kind == "sling":
        sling = anatomy.sling(item_id)
        return Explanation(
            kind=kind,
            id=sling.id,
            name=sling.name,
            plain_name=sling.plain_name,
            plain=f"{sling.plain}\n\nWhen one link is weak or late: {sling.when_weak}",
            technical=f"{sling.technical}\n\nWeak or late link: {sling.when_weak_technical}",
            chain_right=chain_text(sling.id, Side.RIGHT),
            chain_left=chain_text(sling.id, Side.LEFT),
            sources=tuple(anatomy.sources[key] for key in sling.sources),
        )
    memberships = slings_of(item_id, None)
    sling_ids = tuple(dict.fromkeys(m.sling for m in memberships))
    sling_names = [anatomy.sling(s).name for s in sling_ids]
    in_slings = f" Part of the {_and(sling_names, article='the ')}." if sling_names else ""
    if kind == "muscle":
        muscle = anatomy.muscle(item_id)
        # partners of the right side; the left side mirrors them
        partners = tuple(link.structure for link in contralateral_partners(item_id, Side.RIGHT))
        partner_names = [anatomy.display_name(p).split(" (")[0] for p in partners]
        works_with = (
            f" Across the body it works with the {_and(partner_names)} of the other side."
            if partner_names
            else ""
        )
        technical = (
            f"{muscle.name[0].upper()}{muscle.name[1:]} ({muscle.region}, group {muscle.group}). "
            f"Actions: {'; '.join(muscle.actions)}.{in_slings}{works_with}"
        )
        return Explanation(
            kind=kind,
            id=muscle.id,
            name=muscle.name,
            plain_name=muscle.plain_name,
            plain=muscle.description,
            technical=technical,
            slings=sling_ids,
            partners=partners,
        )
    structure = anatomy.structure(item_id)
    return Explanation(
        kind=kind,
        id=structure.id,
        name=structure.name,
        plain_name=structure.plain_name,
        plain=structure.description,
        technical=structure.technical + in_slings,
        slings=sling_ids,
        sources=tuple(anatomy.sources[key] for key in structure.sources),
    )
