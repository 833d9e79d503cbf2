"""Sling queries: chains, memberships and contralateral partners."""

from __future__ import annotations

import pytest

from slingcoach.anatomy import (
    Link,
    SlingSide,
    chain,
    chain_steps,
    chain_text,
    contralateral_partners,
    get_anatomy,
    slings_of,
)
from slingcoach.errors import InvalidInputError, UnknownIdError, UnknownSlingError
from slingcoach.vocab import Side

R, L = Side.RIGHT, Side.LEFT


def test_right_posterior_oblique_chain_is_right_glute_fascia_left_lat() -> None:
    assert chain("posterior-oblique", Side.RIGHT) == [
        Link(structure="gluteus-maximus", side=R),
        Link(structure="thoracolumbar-fascia", side=None),
        Link(structure="latissimus-dorsi", side=L),
    ]
    assert (
        chain_text("posterior-oblique", "right")
        == "right gluteus maximus → thoracolumbar fascia → left latissimus dorsi"
    )


def test_left_posterior_oblique_chain_is_the_mirror() -> None:
    assert (
        chain_text("posterior-oblique", "left")
        == "left gluteus maximus → thoracolumbar fascia → right latissimus dorsi"
    )


def test_anterior_oblique_crosses_from_external_oblique_to_opposite_internal_oblique_and_adductors() -> (
    None
):
    links = chain("anterior-oblique", "right")
    assert links[0] == Link(structure="external-oblique", side=L)
    assert links[1] == Link(structure="anterior-abdominal-fascia", side=None)
    assert links[2] == Link(structure="internal-oblique", side=R)
    adductors = {link.structure for link in links[3:]}
    assert adductors == {"adductor-longus", "adductor-brevis", "adductor-magnus"}
    assert all(link.side is R for link in links[3:])


def test_deep_longitudinal_stays_on_one_side() -> None:
    links = chain("deep-longitudinal", "left")
    assert [link.structure for link in links] == [
        "erector-spinae",
        "thoracolumbar-fascia",
        "sacrotuberous-ligament",
        "biceps-femoris",
        "peroneus-longus",
    ]
    assert {link.side for link in links} == {L, None}


def test_lateral_sling_pairs_abductors_with_opposite_adductors_and_quadratus_lumborum() -> None:
    steps = chain_steps("lateral", "right")
    assert {(link.structure, link.side) for link in steps[0]} == {
        ("gluteus-medius", R),
        ("gluteus-minimus", R),
        ("tensor-fasciae-latae", R),
    }
    assert all(link.side is L for link in steps[1])
    assert steps[2] == [Link(structure="quadratus-lumborum", side=L)]


@pytest.mark.parametrize(
    "sling_id", ["posterior-oblique", "anterior-oblique", "deep-longitudinal", "lateral"]
)
def test_every_sling_is_named_by_its_hip_or_leg_muscle_side(sling_id: str) -> None:
    named_by = get_anatomy().sling(sling_id).named_by
    for side in Side:
        assert Link(structure=named_by, side=side) in chain(sling_id, side)


def test_left_and_right_chains_mirror_each_other() -> None:
    for sling in get_anatomy().slings:
        right = chain(sling.id, R)
        left = chain(sling.id, L)
        assert [(x.structure, x.side.other if x.side else None) for x in right] == [
            (x.structure, x.side) for x in left
        ]


def test_slings_of_glute_and_lat() -> None:
    assert slings_of("gluteus-maximus", "right") == [SlingSide(sling="posterior-oblique", side=R)]
    assert slings_of("latissimus-dorsi", L) == [SlingSide(sling="posterior-oblique", side=R)]
    assert slings_of("biceps-femoris", R) == [SlingSide(sling="deep-longitudinal", side=R)]
    adductor = slings_of("adductor-longus", R)
    assert adductor == [
        SlingSide(sling="anterior-oblique", side=R),
        SlingSide(sling="lateral", side=L),
    ]


def test_slings_of_a_midline_structure_takes_no_side() -> None:
    found = slings_of("thoracolumbar-fascia", None)
    assert {s.sling for s in found} == {"posterior-oblique", "deep-longitudinal"}
    with pytest.raises(InvalidInputError, match="midline structure"):
        slings_of("thoracolumbar-fascia", "left")


def test_muscle_in_no_sling_has_no_memberships() -> None:
    assert slings_of("deltoid", R) == []
    assert contralateral_partners("deltoid", R) == []


def test_contralateral_partners_of_right_glute_is_left_lat() -> None:
    assert contralateral_partners("gluteus-maximus", "right") == [
        Link(structure="latissimus-dorsi", side=L)
    ]
    assert contralateral_partners("latissimus-dorsi", "right") == [
        Link(structure="gluteus-maximus", side=L)
    ]


def test_contralateral_partners_are_symmetric_and_on_the_other_side() -> None:
    anatomy = get_anatomy()
    for muscle in anatomy.muscles:
        for side in Side:
            for partner in contralateral_partners(muscle.id, side):
                assert partner.side is side.other
                assert anatomy.kind_of(partner.structure) == "muscle"
                assert partner.side is not None
                back = contralateral_partners(partner.structure, partner.side)
                assert Link(structure=muscle.id, side=side) in back


def test_unknown_ids_raise_with_suggestions() -> None:
    with pytest.raises(UnknownSlingError, match="Did you mean: posterior-oblique"):
        chain("posterior-obliqe", "right")
    with pytest.raises(UnknownIdError, match="gluteus-maximus"):
        slings_of("gluteus-maximum", "right")


def test_bad_side_and_sling_as_muscle_raise() -> None:
    with pytest.raises(InvalidInputError, match="unknown side 'up'"):
        chain("lateral", "up")
    with pytest.raises(InvalidInputError, match="is a sling"):
        slings_of("lateral", "left")
    with pytest.raises(InvalidInputError, match="a side is required"):
        contralateral_partners("gluteus-maximus", None)  # type: ignore[arg-type]
