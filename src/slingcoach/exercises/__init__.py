"""The exercise library: a curated, validated catalogue of glute, back, leg, core and sandbag work.

>>> from slingcoach.exercises import get_catalogue
>>> get_catalogue().get("single-leg-rdl-contralateral-dumbbell").laterality.value
'contralateral-loaded'
"""

from __future__ import annotations

from slingcoach.exercises.catalogue import Catalogue, get_catalogue
from slingcoach.exercises.io import load_catalogue
from slingcoach.exercises.model import Dose, Exercise

__all__ = ["Catalogue", "Dose", "Exercise", "get_catalogue", "load_catalogue"]
