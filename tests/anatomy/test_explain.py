"""Name resolution and explanations of muscles, structures and slings."""

from __future__ import annotations

import json

import pytest

from slingcoach.anatomy import explain, resolve
from slingcoach.errors import UnknownIdError, UnknownMuscleError, UnknownSlingError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gluteus-maximus", ("muscle", "gluteus-maximus")),
        ("Gluteus Maximus", ("muscle", "gluteus-maximus")),
        ("glute max", ("muscle", "gluteus-maximus")),
        ("butt muscle", ("muscle", "gluteus-maximus")),
        ("lat", ("muscle", "latissimus-dorsi")),
        ("QL", ("muscle", "quadratus-lumborum")),
        ("TLF", ("structure", "thoracolumbar-fascia")),
        ("linea alba", ("structure", "anterior-abdominal-fascia")),
        ("SI joint", ("structure", "sacroiliac-joint")),
        ("POS", ("sling", "posterior-oblique")),
        ("the posterior oblique sling", ("sling", "posterior-oblique")),
        ("lateral", ("sling", "lateral")),
        ("gluteus maximums", ("muscle", "gluteus-maximus")),  # a typo is accepted when unambiguous
    ],
)
def test_resolve_accepts_ids_names_aliases_and_small_typos(
    name: str, expected: tuple[str, str]
) -> None:
    assert resolve(name) == expected


def test_ambiguous_or_unknown_names_raise_with_suggestions() -> None:
    with pytest.raises(
        UnknownIdError, match="Did you mean: gluteus-maximus, gluteus-medius, gluteus-minimus"
    ):
        resolve("gluteus")
    with pytest.raises(UnknownIdError, match="hamstring") as info:
        resolve("hamstring")
    assert set(info.value.suggestions) == {"biceps-femoris", "semitendinosus", "semimembranosus"}


def test_resolve_restricted_to_a_kind_raises_the_matching_error() -> None:
    assert resolve("pos", kind="sling") == ("sling", "posterior-oblique")
    with pytest.raises(UnknownSlingError, match="unknown sling 'glute max'"):
        resolve("glute max", kind="sling")
    with pytest.raises(UnknownMuscleError, match="unknown muscle 'TLF'"):
        resolve("TLF", kind="muscle")


def test_explain_a_sling_gives_chains_weak_link_text_and_sources() -> None:
    result = explain("posterior-oblique")
    assert result.kind == "sling"
    assert (
        result.chain_right == "right gluteus maximus → thoracolumbar fascia → left latissimus dorsi"
    )
    assert (
        result.chain_left == "left gluteus maximus → thoracolumbar fascia → right latissimus dorsi"
    )
    assert "weak or late" in result.plain
    assert "sacroiliac" in result.technical
    assert any("Vleeming A, Pool-Goudzwaard AL" in source for source in result.sources)
    assert any("Carvalhais" in source for source in result.sources)


def test_explain_a_muscle_names_its_slings_and_actions() -> None:
    result = explain("glute max")
    assert result.id == "gluteus-maximus"
    assert result.plain_name == "butt muscle"
    assert result.slings == ("posterior-oblique",)
    assert "hip extension" in result.technical
    assert "posterior oblique sling" in result.technical
    assert result.partners == ("latissimus-dorsi",)
    assert "works with the latissimus dorsi of the other side" in result.technical


def test_explain_a_structure() -> None:
    result = explain("TLF")
    assert result.kind == "structure"
    assert "across the midline" in result.plain
    assert set(result.slings) == {"posterior-oblique", "deep-longitudinal"}
    assert any("Willard FH" in source for source in result.sources)


def test_explanations_are_json_serialisable() -> None:
    data = json.loads(explain("lateral").model_dump_json())
    assert data["id"] == "lateral"
    assert data["chain_right"].startswith("right gluteus medius")
