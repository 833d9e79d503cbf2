"""The EMG onset methods by name, and the default: one vocabulary for every caller.

A light module (no NumPy) so that the intake model, the CLI's ``--help`` and the
application layer can name the methods without loading the numerics. The methods
themselves are in :mod:`slingcoach.signals.emg`.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

#: Onset detectors, each citing its paper in :data:`slingcoach.signals.emg.SOURCES`.
OnsetMethod = Literal["hodges-bui", "tkeo", "bonato", "aglr"]

#: Every accepted ``method=`` value, in the order of :data:`OnsetMethod`.
ONSET_METHODS: Final[tuple[OnsetMethod, ...]] = get_args(OnsetMethod)

#: The method used whenever none is given (CLI, intake, batch runner, application layer).
#: On the benchmark of ``benchmarks/bench_emg.py`` it had the smallest errors (docs/signals-emg.md).
DEFAULT_ONSET_METHOD: Final[OnsetMethod] = "aglr"

__all__ = ["DEFAULT_ONSET_METHOD", "ONSET_METHODS", "OnsetMethod"]
