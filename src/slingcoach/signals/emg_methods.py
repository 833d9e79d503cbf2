"""The EMG onset methods by name, and the default: one vocabulary for every caller.

A light module (no NumPy) so that the intake model, the CLI's ``--help`` and the
application layer can name the methods without loading the numerics. The methods
themselves are in :mod:`slingcoach.signals.emg`.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

#: Onset detectors, each citing its paper in :data:`slingcoach.signals.emg.SOURCES`.
OnsetMethod = Literal["aglr-ramp", "aglr", "hodges-bui", "tkeo", "bonato"]

#: Every accepted ``method=`` value, in the order of :data:`OnsetMethod`.
ONSET_METHODS: Final[tuple[OnsetMethod, ...]] = get_args(OnsetMethod)

#: The method used whenever none is given (CLI, intake, batch runner, application layer).
#: AGLR detection, change time by maximum likelihood under a ramp template: on the simulations
#: of ``benchmarks/bench_emg.py`` (1 and 2 kHz, SNR 5-80 dB, rise times 0-200 ms) it had the
#: smallest errors and no late bias on ramped bursts (docs/signals-emg.md).
DEFAULT_ONSET_METHOD: Final[OnsetMethod] = "aglr-ramp"

__all__ = ["DEFAULT_ONSET_METHOD", "ONSET_METHODS", "OnsetMethod"]
