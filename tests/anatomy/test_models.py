"""Anatomy records: lookups, side parsing and link labels."""

from __future__ import annotations

import pytest

from slingcoach.anatomy import Link, get_anatomy, parse_side
from slingcoach.errors import InvalidInputError, UnknownIdError, UnknownMuscleError
from slingcoach.vocab import Side


@pytest.mark.parametrize(
    ("value", "expected"),
    [("right", Side.RIGHT), ("L", Side.LEFT), (" Left ", Side.LEFT), (Side.RIGHT, Side.RIGHT)],
)
def test_parse_side(value: str, expected: Side) -> None:
    assert parse_side(value) is expected


def test_parse_side_rejects_unknown_and_missing_sides() -> None:
    with pytest.raises(InvalidInputError, match="unknown side 'middle'; use 'left' or 'right'"):
        parse_side("middle")
    with pytest.raises(InvalidInputError, match="a side is required"):
        parse_side(None)
    assert parse_side("midline", allow_none=True) is None


def test_lookups_raise_with_suggestions() -> None:
    anatomy = get_anatomy()
    assert anatomy.muscle("soleus").group == "calves"
    with pytest.raises(UnknownMuscleError, match="Did you mean: latissimus-dorsi") as info:
        anatomy.muscle("latisimus-dorsi")
    assert isinstance(info.value, LookupError)
    with pytest.raises(UnknownIdError, match="unknown structure 'tlf-fascia'"):
        anatomy.structure("tlf-fascia")


def test_link_labels() -> None:
    anatomy = get_anatomy()
    assert (
        anatomy.link_label(Link(structure="gluteus-maximus", side=Side.RIGHT))
        == "right gluteus maximus"
    )
    assert (
        anatomy.link_label(Link(structure="thoracolumbar-fascia", side=None))
        == "thoracolumbar fascia"
    )
    assert anatomy.link_label(Link(structure="latissimus-dorsi", side=Side.LEFT), plain=True) == (
        "left lat — the largest back muscle"
    )


def test_records_are_frozen() -> None:
    muscle = get_anatomy().muscle("soleus")
    with pytest.raises(Exception, match="frozen"):
        muscle.group = "glutes"  # type: ignore[misc]
