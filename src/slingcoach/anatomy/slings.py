"""Queries on the four slings: their chains, which slings a muscle belongs to, its partners.

A sling "of side X" is named by the side of its hip/leg muscle, so

>>> from slingcoach.anatomy import chain, chain_text
>>> chain_text("posterior-oblique", "right")
'right gluteus maximus → thoracolumbar fascia → left latissimus dorsi'
"""

from __future__ import annotations

import re

from slingcoach.anatomy.data import get_anatomy
from slingcoach.anatomy.models import Link, SlingSide, parse_side
from slingcoach.errors import InvalidInputError, UnknownSlingError
from slingcoach.vocab import Side


def sling_id(name: str) -> str:
    """The id of the sling ``name`` means: its id, abbreviation, name or an alias, exactly.

    Case, spaces, underscores and a trailing "sling" do not matter; typos are refused (a
    wrong sling must not pass for another), with suggestions and the valid choices.

    Examples
    --------
    >>> sling_id("POS"), sling_id("Lateral sling"), sling_id("deep_longitudinal")
    ('posterior-oblique', 'lateral', 'deep-longitudinal')
    """
    from slingcoach.anatomy.models import suggest

    slings = get_anatomy().slings

    def key(text: str) -> str:
        return re.sub(r"[\s_]+", "-", text.strip().lower())

    wanted = key(name)
    short = wanted.removesuffix("-sling")  # "lateral sling" is the lateral sling
    for sling in slings:
        names = {sling.id, sling.abbreviation.lower(), key(sling.name).removesuffix("-sling")}
        if short in names or wanted in {key(alias) for alias in sling.aliases}:
            return sling.id
    choices = ", ".join(f"{s.id} ({s.abbreviation})" for s in slings)
    raise UnknownSlingError(name, suggest(wanted, [s.id for s in slings]), choices)


def chain_steps(sling_id: str, side: Side | str) -> list[list[Link]]:
    """The chain of ``sling_id`` on ``side`` as ordered steps of parallel links."""
    sling = get_anatomy().sling(sling_id)
    sling_side = parse_side(side)
    assert sling_side is not None
    return [[spec.resolve(sling_side) for spec in step] for step in sling.steps]


def chain(sling_id: str, side: Side | str) -> list[Link]:
    """The links of ``sling_id`` on ``side``, in chain order.

    Examples
    --------
    >>> [(link.structure, link.side) for link in chain("posterior-oblique", "right")]
    [('gluteus-maximus', <Side.RIGHT: 'right'>), ('thoracolumbar-fascia', None), ('latissimus-dorsi', <Side.LEFT: 'left'>)]
    """
    return [link for step in chain_steps(sling_id, side) for link in step]


def chain_text(sling_id: str, side: Side | str, *, plain: bool = False) -> str:
    """The chain in words, steps joined by arrows and parallel links by "/"."""
    anatomy = get_anatomy()
    parts = []
    for step in chain_steps(sling_id, side):
        labels = [anatomy.link_label(link, plain=plain) for link in step]
        parts.append(_merge_parallel(labels))
    return " → ".join(parts)


def _merge_parallel(labels: list[str]) -> str:
    """``["left adductor longus", "left adductor brevis"]`` → ``"left adductor longus / adductor brevis"``."""
    if len(labels) == 1:
        return labels[0]
    first_word = labels[0].split(" ")[0]
    if first_word in ("left", "right") and all(
        label.startswith(first_word + " ") for label in labels
    ):
        return first_word + " " + " / ".join(label[len(first_word) + 1 :] for label in labels)
    return " / ".join(labels)


def _check_member(item_id: str, side: Side | str | None) -> Side | None:
    """Validate an id/side pair for a query; midline structures take side None."""
    anatomy = get_anatomy()
    if anatomy.kind_of(item_id) == "sling":
        raise InvalidInputError(
            f"{item_id!r} is a sling; pass a muscle or structure id", source="muscle"
        )
    sided = anatomy.is_sided(item_id)
    parsed = parse_side(side, allow_none=True)
    if not sided and parsed is not None:
        raise InvalidInputError(
            f"{item_id!r} is a midline structure; pass side None, not {parsed.value!r}",
            source="side",
        )
    return parsed


def slings_of(muscle_id: str, side: Side | str | None) -> list[SlingSide]:
    """Every (sling, sling side) whose chain contains ``muscle_id`` on ``side``.

    ``muscle_id`` may also be a structure id; a midline structure takes ``side=None`` and a
    sided one with ``side=None`` matches either side.

    Examples
    --------
    >>> slings_of("latissimus-dorsi", "left")
    [SlingSide(sling='posterior-oblique', side=<Side.RIGHT: 'right'>)]
    """
    wanted = _check_member(muscle_id, side)
    found: list[SlingSide] = []
    for sling in get_anatomy().slings:
        for sling_side in (Side.LEFT, Side.RIGHT):
            for link in chain(sling.id, sling_side):
                if link.structure == muscle_id and (wanted is None or link.side is wanted):
                    found.append(SlingSide(sling=sling.id, side=sling_side))
                    break
    return found


def contralateral_partners(muscle_id: str, side: Side | str) -> list[Link]:
    """Muscles on the other side that share a sling with (``muscle_id``, ``side``).

    Partners are listed once each, in sling order then chain order.

    Examples
    --------
    >>> contralateral_partners("gluteus-maximus", "right")
    [Link(structure='latissimus-dorsi', side=<Side.LEFT: 'left'>)]
    """
    anatomy = get_anatomy()
    own_side = parse_side(side)
    assert own_side is not None
    _check_member(muscle_id, own_side)
    partners: list[Link] = []
    for membership in slings_of(muscle_id, own_side):
        for link in chain(membership.sling, membership.side):
            if (
                link.side is own_side.other
                and anatomy.kind_of(link.structure) == "muscle"
                and link not in partners
            ):
                partners.append(link)
    return partners
