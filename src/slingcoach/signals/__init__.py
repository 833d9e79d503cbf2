"""Sensor analysis: EMG, force plates and pose, on the :class:`Recording` type."""

from slingcoach.signals.recording import ChannelLabel, Event, Recording

__all__ = ["ChannelLabel", "Event", "Recording"]
