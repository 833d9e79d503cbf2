"""The bundled anatomy data: ids of the architecture contract, cross-references, validation."""

from __future__ import annotations

import pytest

from slingcoach.anatomy import GROUPS, REGIONS, get_anatomy
from slingcoach.anatomy.data import build_anatomy
from slingcoach.anatomy.models import LinkSpec, Muscle, Sling
from slingcoach.errors import ReferenceDataError

# docs/architecture.md, "Muscles" table: id -> group
CONTRACT_GROUPS = {
    "gluteus-maximus": "glutes",
    "gluteus-medius": "glutes",
    "gluteus-minimus": "glutes",
    "tensor-fasciae-latae": "hip",
    "piriformis": "hip",
    "deep-hip-rotators": "hip",
    "biceps-femoris": "hamstrings",
    "semitendinosus": "hamstrings",
    "semimembranosus": "hamstrings",
    "adductor-magnus": "adductors",
    "adductor-longus": "adductors",
    "adductor-brevis": "adductors",
    "quadriceps": "quadriceps",
    "iliopsoas": "hip-flexors",
    "erector-spinae": "low-back",
    "multifidus": "low-back",
    "quadratus-lumborum": "low-back",
    "latissimus-dorsi": "lats",
    "upper-trapezius": "upper-back",
    "middle-trapezius": "upper-back",
    "lower-trapezius": "upper-back",
    "rhomboids": "upper-back",
    "serratus-anterior": "shoulder",
    "external-oblique": "abdominals",
    "internal-oblique": "abdominals",
    "transversus-abdominis": "abdominals",
    "rectus-abdominis": "abdominals",
    "gastrocnemius": "calves",
    "soleus": "calves",
    "peroneus-longus": "lower-leg",
    "tibialis-anterior": "lower-leg",
    "pectoralis-major": "chest",
    "deltoid": "shoulder",
    "biceps-brachii": "arms",
    "triceps-brachii": "arms",
    "forearm-flexors": "arms",
}


def test_muscle_ids_and_groups_match_the_architecture_contract() -> None:
    anatomy = get_anatomy()
    assert {m.id: m.group for m in anatomy.muscles} == CONTRACT_GROUPS


def test_structures_and_slings_are_the_contract_ids() -> None:
    anatomy = get_anatomy()
    assert [s.id for s in anatomy.structures] == [
        "thoracolumbar-fascia",
        "sacrotuberous-ligament",
        "iliotibial-band",
        "anterior-abdominal-fascia",
        "sacroiliac-joint",
    ]
    assert [s.id for s in anatomy.slings] == [
        "posterior-oblique",
        "anterior-oblique",
        "deep-longitudinal",
        "lateral",
    ]


def test_every_cross_reference_resolves() -> None:
    anatomy = get_anatomy()
    muscle_ids = {m.id for m in anatomy.muscles}
    structure_ids = {s.id for s in anatomy.structures}
    assert not muscle_ids & structure_ids
    all_ids = [m.id for m in anatomy.muscles] + [s.id for s in anatomy.structures]
    assert len(all_ids) == len(set(all_ids)), "duplicate ids"
    for muscle in anatomy.muscles:
        assert muscle.group in GROUPS
        assert muscle.region in REGIONS
    used_sources: set[str] = set()
    for sling in anatomy.slings:
        for step in sling.steps:
            for spec in step:
                assert spec.id in muscle_ids | structure_ids, (sling.id, spec.id)
        assert all(joint in structure_ids for joint in sling.joints)
        assert all(key in anatomy.sources for key in sling.sources)
        used_sources.update(sling.sources)
    for structure in anatomy.structures:
        assert all(key in anatomy.sources for key in structure.sources)
        used_sources.update(structure.sources)
    assert used_sources == set(anatomy.sources), "every reference in the table is cited"


def test_every_record_has_plain_and_technical_words() -> None:
    anatomy = get_anatomy()
    for muscle in anatomy.muscles:
        assert muscle.name and muscle.plain_name and muscle.description and muscle.actions
    for structure in anatomy.structures:
        assert structure.description and structure.technical
    for sling in anatomy.slings:
        assert sling.plain and sling.technical and sling.when_weak and sling.when_weak_technical
        assert len(sling.sources) >= 2


def test_plain_names_follow_the_issue() -> None:
    anatomy = get_anatomy()
    assert anatomy.muscle("gluteus-maximus").plain_name == "butt muscle"
    assert anatomy.muscle("latissimus-dorsi").plain_name == "lat — the largest back muscle"


def test_get_anatomy_is_cached() -> None:
    assert get_anatomy() is get_anatomy()


def _muscle(muscle_id: str, group: str = "glutes", region: str = "hip") -> Muscle:
    return Muscle(
        id=muscle_id,
        name=muscle_id,
        plain_name=muscle_id,
        region=region,
        group=group,
        actions=("x",),
        description="d",
    )


def _sling(
    steps: list[list[tuple[str, str]]], named_by: str = "a", sources: tuple[str, ...] = ("k",)
) -> Sling:
    return Sling(
        id="s",
        name="s",
        abbreviation="S",
        plain_name="s",
        named_by=named_by,
        joints=(),
        steps=tuple(tuple(LinkSpec(id=i, side=side) for i, side in step) for step in steps),  # type: ignore[arg-type]
        activities=(),
        plain="p",
        technical="t",
        when_weak="w",
        when_weak_technical="wt",
        sources=sources,
    )


def test_build_rejects_duplicate_ids() -> None:
    with pytest.raises(ReferenceDataError, match="duplicate id 'a'"):
        build_anatomy([_muscle("a"), _muscle("a")], [], [], {})


def test_build_rejects_unknown_group_and_region() -> None:
    with pytest.raises(ReferenceDataError, match="group 'bums' is not one of"):
        build_anatomy([_muscle("a", group="bums")], [], [], {})
    with pytest.raises(ReferenceDataError, match="region 'neck' is not one of"):
        build_anatomy([_muscle("a", region="neck")], [], [], {})


def test_build_rejects_dangling_sling_link() -> None:
    sling = _sling([[("a", "same")], [("ghost", "opposite")]])
    with pytest.raises(ReferenceDataError, match="'ghost' is neither a muscle nor a structure"):
        build_anatomy([_muscle("a")], [], [sling], {"k": "ref"})


def test_build_rejects_midline_muscle_and_bad_names() -> None:
    with pytest.raises(ReferenceDataError, match="cannot be 'midline'"):
        build_anatomy([_muscle("a")], [], [_sling([[("a", "midline")]])], {"k": "ref"})
    with pytest.raises(ReferenceDataError, match="named_by 'b'"):
        build_anatomy([_muscle("a")], [], [_sling([[("a", "same")]], named_by="b")], {"k": "ref"})
    with pytest.raises(ReferenceDataError, match="sources: 'nope'"):
        build_anatomy(
            [_muscle("a")], [], [_sling([[("a", "same")]], sources=("nope",))], {"k": "ref"}
        )


def test_build_rejects_non_slug_ids() -> None:
    with pytest.raises(ReferenceDataError, match="lowercase slug"):
        build_anatomy([_muscle("Gluteus Maximus")], [], [], {})
