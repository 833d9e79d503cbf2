"""Channel labelling: the naming convention, overrides and unknown-name reporting."""

from __future__ import annotations

import numpy as np
import pytest

from slingcoach.errors import InvalidInputError
from slingcoach.signals.labels import (
    MUSCLE_ALIASES,
    MUSCLE_IDS,
    emg_label,
    label_channels,
    parse_channel_name,
    parse_label_overrides,
)
from slingcoach.signals.recording import ChannelLabel, Recording, RecordingWarning


@pytest.mark.parametrize(
    ("name", "muscle", "side"),
    [
        ("R_GMAX", "gluteus-maximus", "right"),
        ("gluteus_maximus_right", "gluteus-maximus", "right"),
        ("L Glut Max", "gluteus-maximus", "left"),
        ("RGluteusMaximus", "gluteus-maximus", "right"),
        ("LT LATS", "latissimus-dorsi", "left"),
        ("R ES", "erector-spinae", "right"),
        ("L BF", "biceps-femoris", "left"),
        ("R ST", "semitendinosus", "right"),
        ("RGMAX", "gluteus-maximus", "right"),
        ("LES", "erector-spinae", "left"),
        ("EMG1 Left Latissimus Dorsi", "latissimus-dorsi", "left"),
        ("right-gmed", "gluteus-medius", "right"),
        ("Biceps Femoral", "biceps-femoris", None),
        ("EMG Semitendinoso", "semitendinosus", None),
        ("VM", "quadriceps", None),
    ],
)
def test_convention_names(name: str, muscle: str, side: str | None) -> None:
    assert parse_channel_name(name) == ChannelLabel(muscle=muscle, side=side)


@pytest.mark.parametrize("name", ["Knee angle", "EMG", "ch3", "GM", "L R GMAX", "Flexo-Extension"])
def test_unknown_or_ambiguous_names_are_not_guessed(name: str) -> None:
    assert parse_channel_name(name) is None


def test_unknown_names_are_listed_and_warned() -> None:
    with pytest.warns(RecordingWarning, match="'ch7'"):
        result = label_channels(["R_GMAX", "ch7", "L BF"])
    assert result.unknown == ["ch7"]
    assert set(result.labels) == {"R_GMAX", "L BF"}
    assert result.origin == {"R_GMAX": "convention", "L BF": "convention"}


def test_skipped_channels_are_neither_labelled_nor_reported() -> None:
    result = label_channels(["R_GMAX", "knee"], skip=["knee"], warn=False)
    assert result.unknown == []
    assert list(result.labels) == ["R_GMAX"]


def test_overrides_win_and_accept_both_forms() -> None:
    overrides = parse_label_overrides(
        {"ch1": {"muscle": "gluteus-maximus", "side": "left"}, "R_GMAX": "left latissimus-dorsi"}
    )
    result = label_channels(["ch1", "R_GMAX"], overrides=overrides, warn=False)
    assert result.labels["ch1"] == ChannelLabel("gluteus-maximus", "left")
    assert result.labels["R_GMAX"] == ChannelLabel("latissimus-dorsi", "left")
    assert result.origin["R_GMAX"] == "override"


def test_override_aliases_resolve_to_ids() -> None:
    assert parse_label_overrides({"a": {"muscle": "glut max", "side": "right"}})["a"].muscle == (
        "gluteus-maximus"
    )


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            {"ch1": {"muscle": "gluteus-maximal", "side": "left"}},
            "unknown muscle 'gluteus-maximal'",
        ),
        ({"ch1": {"muscle": "gluteus-maximus", "side": "up"}}, "side must be 'left' or 'right'"),
        ({"ch1": 3}, "channel 'ch1'"),
    ],
)
def test_bad_overrides_name_the_channel(mapping: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_label_overrides(mapping, source="labels.yaml")


def test_emg_label_sets_labels_and_keeps_existing() -> None:
    rec = Recording.from_rate(
        {"R_GMAX": np.zeros(10), "x": np.zeros(10), "keep": np.zeros(10)},
        sampling_rate_hz=100.0,
        labels={"keep": ChannelLabel("soleus", "left")},
    )
    with pytest.warns(RecordingWarning):
        labelled, unknown = emg_label(rec)
    assert unknown == ["x"]
    assert labelled.labels["R_GMAX"] == ChannelLabel("gluteus-maximus", "right")
    assert labelled.labels["keep"] == ChannelLabel("soleus", "left")
    assert rec.labels == {"keep": ChannelLabel("soleus", "left")}  # not changed in place


def test_alias_table_uses_contract_ids_only() -> None:
    assert set(MUSCLE_ALIASES) <= set(MUSCLE_IDS)


def test_muscle_ids_match_the_anatomy_data() -> None:
    from slingcoach.anatomy import get_anatomy

    ids = {m.id for m in get_anatomy().muscles}
    assert set(MUSCLE_IDS) <= ids
