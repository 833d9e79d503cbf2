"""Sensor analysis: EMG, force plates and pose, on the :class:`Recording` type.

The names below are loaded on first use (PEP 562), so that light modules such as
:mod:`slingcoach.signals.emg_methods` can be imported without NumPy and SciPy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slingcoach.signals.emg import (
        emg_clean,
        emg_envelope,
        emg_normalize,
        emg_onsets,
        emg_process,
        emg_rectify,
    )
    from slingcoach.signals.emg_firing import emg_evidence, emg_firing_order
    from slingcoach.signals.emg_methods import DEFAULT_ONSET_METHOD, ONSET_METHODS, OnsetMethod
    from slingcoach.signals.recording import ChannelLabel, Event, Recording, RecordingWarning

_WHERE: dict[str, str] = {
    "ChannelLabel": "recording",
    "Event": "recording",
    "Recording": "recording",
    "RecordingWarning": "recording",
    "DEFAULT_ONSET_METHOD": "emg_methods",
    "ONSET_METHODS": "emg_methods",
    "OnsetMethod": "emg_methods",
    "emg_clean": "emg",
    "emg_envelope": "emg",
    "emg_normalize": "emg",
    "emg_onsets": "emg",
    "emg_process": "emg",
    "emg_rectify": "emg",
    "emg_evidence": "emg_firing",
    "emg_firing_order": "emg_firing",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'slingcoach.signals' has no attribute {name!r}")
    value = getattr(import_module(f"slingcoach.signals.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_ONSET_METHOD",
    "ONSET_METHODS",
    "ChannelLabel",
    "Event",
    "OnsetMethod",
    "Recording",
    "RecordingWarning",
    "emg_clean",
    "emg_envelope",
    "emg_evidence",
    "emg_firing_order",
    "emg_normalize",
    "emg_onsets",
    "emg_process",
    "emg_rectify",
]
