"""The one time-series type of slingcoach: :class:`Recording`.

A recording holds a time axis in seconds, named channels whose first axis is
time, events, a unit per channel and labels (muscle, side, plate) per channel.
Functions in :mod:`slingcoach.signals` take a recording and return a new one;
a recording is never changed in place.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from slingcoach.errors import InvalidRecordingError

FloatArray = NDArray[np.float64]


class RecordingWarning(UserWarning):
    """A recording that can be used but looks suspicious (clipping, gaps, unknown labels)."""


@dataclass(frozen=True, order=True)
class Event:
    """A named instant of a recording (``time`` in seconds)."""

    time: float
    name: str


@dataclass(frozen=True)
class ChannelLabel:
    """What a channel measures: a muscle (EMG) or a plate (force), and a side.

    ``muscle`` is an anatomy id such as ``"gluteus-maximus"``; ``side`` is
    ``"left"``/``"right"`` or ``None`` for a channel with no side (a single plate's total).
    ``plate`` names the force plate (``"left"``, ``"right"``, ``"total"``).
    """

    muscle: str | None = None
    side: str | None = None
    plate: str | None = None


@dataclass(frozen=True)
class Recording:
    """A multi-channel time series.

    Parameters
    ----------
    time
        Sample times in seconds, strictly increasing, shape ``(n,)``.
    data
        Channel name → array whose first axis is time (``(n,)`` or ``(n, k)``).
    units
        Channel name → unit string (``"V"``, ``"mV"``, ``"N"``, ``"px"``); missing means unitless.
    labels
        Channel name → :class:`ChannelLabel`.
    events
        Sorted events.
    source
        Where the data came from (a file path), used in error messages.
    """

    time: FloatArray
    data: Mapping[str, FloatArray]
    units: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, ChannelLabel] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    source: str = "<memory>"

    def __post_init__(self) -> None:
        time = np.asarray(self.time, dtype=float)
        if time.ndim != 1:
            raise InvalidRecordingError(
                f"time must be one-dimensional, got shape {time.shape}", source=self.source
            )
        n = time.shape[0]
        data: dict[str, FloatArray] = {}
        for name, values in self.data.items():
            arr = np.asarray(values, dtype=float)
            if arr.ndim == 0 or arr.shape[0] != n:
                raise InvalidRecordingError(
                    f"channel {name!r} has {arr.shape[0] if arr.ndim else 0} samples, "
                    f"the time axis has {n}",
                    source=self.source,
                )
            data[name] = arr
        for name in (*self.units, *self.labels):
            if name not in data:
                raise InvalidRecordingError(
                    f"unit or label given for channel {name!r}, which is not in the data",
                    source=self.source,
                )
        object.__setattr__(self, "time", time)
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "units", dict(self.units))
        object.__setattr__(self, "labels", dict(self.labels))
        object.__setattr__(self, "events", tuple(sorted(self.events)))

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_rate(
        cls,
        data: Mapping[str, Iterable[float] | FloatArray],
        *,
        sampling_rate_hz: float,
        start_s: float = 0.0,
        units: Mapping[str, str] | None = None,
        labels: Mapping[str, ChannelLabel] | None = None,
        events: Iterable[Event] = (),
        source: str = "<memory>",
    ) -> Recording:
        """Build a recording from equally spaced samples at ``sampling_rate_hz``."""
        if not (sampling_rate_hz > 0 and math.isfinite(sampling_rate_hz)):
            raise InvalidRecordingError(
                f"sampling_rate_hz must be a positive number, got {sampling_rate_hz!r}",
                source=source,
            )
        arrays = {name: np.asarray(values, dtype=float) for name, values in data.items()}
        if not arrays:
            raise InvalidRecordingError("a recording needs at least one channel", source=source)
        n = next(iter(arrays.values())).shape[0]
        time = start_s + np.arange(n, dtype=float) / sampling_rate_hz
        return cls(
            time=time,
            data=arrays,
            units=dict(units or {}),
            labels=dict(labels or {}),
            events=tuple(events),
            source=source,
        )

    # -- properties ---------------------------------------------------------------------

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        return int(self.time.shape[0])

    @property
    def channels(self) -> list[str]:
        """Channel names in insertion order."""
        return list(self.data)

    @property
    def duration_s(self) -> float:
        """Time from the first to the last sample, in seconds."""
        return float(self.time[-1] - self.time[0]) if self.n_samples > 1 else 0.0

    @property
    def sampling_rate_hz(self) -> float:
        """Sampling rate from the median sample interval, to 8 significant digits.

        The rounding removes the float noise of ``1 / Δt`` (999.9999999999991 Hz is 1000 Hz);
        8 digits keep any rate a lab states (2148.1481 Hz stays as it is).
        Raises :class:`InvalidRecordingError` if the time axis is not strictly increasing.
        """
        steps = self._checked_steps()
        if self.n_samples < 2:
            raise InvalidRecordingError("need at least two samples for a rate", source=self.source)
        # the steps are a fresh array: the median may reorder it instead of copying it
        return float(f"{1.0 / np.median(steps, overwrite_input=True):.8g}")

    # -- checks -------------------------------------------------------------------------

    def check_time(self) -> None:
        """Raise if time has NaNs or is not strictly increasing, naming the first bad sample."""
        self._checked_steps()

    def _checked_steps(self) -> FloatArray:
        """:meth:`check_time`, returning the sample intervals it checked."""
        if self.n_samples == 0:
            raise InvalidRecordingError("the recording is empty (no samples)", source=self.source)
        bad = np.flatnonzero(~np.isfinite(self.time))
        if bad.size:
            raise InvalidRecordingError(
                f"time is not a number at sample {int(bad[0])}", source=self.source
            )
        steps = np.diff(self.time)
        bad = np.flatnonzero(steps <= 0)
        if bad.size:
            i = int(bad[0]) + 1
            kind = "duplicated" if steps[i - 1] == 0 else "going backwards"
            raise InvalidRecordingError(
                f"time is {kind} at sample {i} (t={self.time[i]:.6g} s after "
                f"{self.time[i - 1]:.6g} s); it must be strictly increasing",
                source=self.source,
            )
        return steps

    def channel(self, name: str) -> FloatArray:
        """The array of one channel; a clear error lists the channels there are."""
        try:
            return self.data[name]
        except KeyError:
            raise InvalidRecordingError(
                f"missing channel {name!r}; channels are: {', '.join(self.channels) or 'none'}",
                source=self.source,
            ) from None

    def label(self, name: str) -> ChannelLabel:
        """The label of a channel (an empty label if none was given)."""
        self.channel(name)
        return self.labels.get(name, ChannelLabel())

    # -- derivation ---------------------------------------------------------------------

    def with_data(
        self,
        data: Mapping[str, FloatArray],
        *,
        units: Mapping[str, str] | None = None,
        time: FloatArray | None = None,
    ) -> Recording:
        """A copy with new channel data (same labels and events for channels kept)."""
        new_units = {
            k: v for k, v in (units if units is not None else self.units).items() if k in data
        }
        new_labels = {k: v for k, v in self.labels.items() if k in data}
        return replace(
            self,
            time=self.time if time is None else time,
            data=dict(data),
            units=new_units,
            labels=new_labels,
        )

    def select(self, names: Iterable[str]) -> Recording:
        """A copy with only the named channels."""
        wanted = list(names)
        return self.with_data({name: self.channel(name) for name in wanted})

    def with_events(self, events: Iterable[Event]) -> Recording:
        """A copy with the given events added."""
        return replace(self, events=(*self.events, *events))

    def slice_time(self, start_s: float, end_s: float) -> Recording:
        """Samples with ``start_s <= t <= end_s``; events outside are dropped."""
        mask = (self.time >= start_s) & (self.time <= end_s)
        return replace(
            self,
            time=self.time[mask],
            data={k: v[mask] for k, v in self.data.items()},
            events=tuple(e for e in self.events if start_s <= e.time <= end_s),
        )
