"""Sensor analysis: EMG, force plates and pose, on the :class:`Recording` type."""

from slingcoach.signals.recording import ChannelLabel, Event, Recording, RecordingWarning

__all__ = ["ChannelLabel", "Event", "Recording", "RecordingWarning"]
