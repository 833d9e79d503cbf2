"""Sling names: ids, the abbreviations the tables print and names are accepted; typos are not."""

from __future__ import annotations

import pytest

from slingcoach.anatomy.slings import sling_id
from slingcoach.cli import main
from slingcoach.errors import UnknownSlingError

CHOICES = (
    "Valid slings: posterior-oblique (POS), anterior-oblique (AOS), "
    "deep-longitudinal (DLS), lateral (LAT)."
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("POS", "posterior-oblique"),
        ("aos", "anterior-oblique"),
        ("DLS", "deep-longitudinal"),
        ("LAT", "lateral"),
        ("posterior-oblique", "posterior-oblique"),
        ("Posterior oblique sling", "posterior-oblique"),
        ("deep_longitudinal", "deep-longitudinal"),
    ],
)
def test_accepted_spellings(name: str, expected: str) -> None:
    assert sling_id(name) == expected


@pytest.mark.parametrize("name", ["posterior-obliqe", "posterior", "xyz", ""])
def test_wrong_names_list_the_choices(name: str) -> None:
    with pytest.raises(UnknownSlingError) as info:
        sling_id(name)
    assert str(info.value).endswith(CHOICES)


@pytest.mark.parametrize(
    "argv",
    [["anatomy", "sling", "{}"], ["exercises", "list", "--sling", "{}"]],
    ids=["anatomy sling", "exercises list --sling"],
)
def test_cli_accepts_abbreviations_and_refuses_typos(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    def run(name: str) -> int:
        try:
            main([part.format(name) for part in argv])
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    assert run("LAT") == 0
    capsys.readouterr()
    for wrong in ("posterior-obliqe", "posterior", "xyz"):
        assert run(wrong) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: unknown sling '{wrong}'.") and CHOICES in err


def test_anatomy_header_and_tables_use_the_same_abbreviations() -> None:
    from slingcoach.anatomy import get_anatomy
    from slingcoach.cli.exercises import SLING_SHORT

    assert {s.id: s.abbreviation for s in get_anatomy().slings} == SLING_SHORT


def test_unknown_exercise_suggests_its_variants(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        main(["exercises", "show", "single-leg-rdl-contralateral"])
    except SystemExit as exc:
        assert exc.code == 2
    err = capsys.readouterr().err
    hint = err.split("Did you mean: ")[1]
    first_two = hint.split(", ")[:2]
    assert first_two == [
        "single-leg-rdl-contralateral-dumbbell",
        "single-leg-rdl-contralateral-kettlebell",
    ]
