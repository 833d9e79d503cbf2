"""Sensor analysis: EMG, force plates and pose, on the :class:`Recording` type."""

from slingcoach.signals.emg import (
    emg_clean,
    emg_envelope,
    emg_normalize,
    emg_onsets,
    emg_process,
    emg_rectify,
)
from slingcoach.signals.emg_firing import emg_evidence, emg_firing_order
from slingcoach.signals.recording import ChannelLabel, Event, Recording, RecordingWarning

__all__ = [
    "ChannelLabel",
    "Event",
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
