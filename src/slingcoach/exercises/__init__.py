"""The exercise library: a curated, validated catalogue of glute, back, leg, core and sandbag work.

>>> from slingcoach.exercises import get_catalogue
>>> get_catalogue().get("single-leg-rdl-contralateral-dumbbell").laterality.value
'contralateral-loaded'

``load_catalogue`` (user files, in :mod:`.io`) is imported on first use so that the
``slingcoach exercises list`` start-up path does not pay for the importer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slingcoach.exercises.catalogue import Catalogue, catalogue_hash, get_catalogue
from slingcoach.exercises.model import Dose, Exercise

if TYPE_CHECKING:
    from slingcoach.exercises.io import load_catalogue

__all__ = ["Catalogue", "Dose", "Exercise", "catalogue_hash", "get_catalogue", "load_catalogue"]


def __getattr__(name: str) -> Any:
    if name == "load_catalogue":
        from slingcoach.exercises.io import load_catalogue

        return load_catalogue
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
