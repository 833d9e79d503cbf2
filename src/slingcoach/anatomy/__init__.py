"""Anatomy reference data: muscles (both sides), connective structures and the four slings.

Pure and cheap to import; the data lives in ``anatomy/data/*.yaml`` and is validated on first
use by :func:`get_anatomy`.

>>> from slingcoach.anatomy import chain_text
>>> chain_text("posterior-oblique", "left")
'left gluteus maximus → thoracolumbar fascia → right latissimus dorsi'
"""

from __future__ import annotations

from slingcoach.anatomy.data import get_anatomy
from slingcoach.anatomy.explain import Explanation, explain, resolve
from slingcoach.anatomy.models import (
    GROUPS,
    REGIONS,
    Anatomy,
    Link,
    LinkSpec,
    Muscle,
    Sling,
    SlingSide,
    Structure,
    parse_side,
)
from slingcoach.anatomy.slings import (
    chain,
    chain_steps,
    chain_text,
    contralateral_partners,
    slings_of,
)

__all__ = [
    "GROUPS",
    "REGIONS",
    "Anatomy",
    "Explanation",
    "Link",
    "LinkSpec",
    "Muscle",
    "Sling",
    "SlingSide",
    "Structure",
    "chain",
    "chain_steps",
    "chain_text",
    "contralateral_partners",
    "explain",
    "get_anatomy",
    "parse_side",
    "resolve",
    "slings_of",
]
