"""Close-match suggestions for "did you mean" hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(value: str, choices: Iterable[str], *, limit: int = 3) -> list[str]:
    """Up to ``limit`` choices that look like ``value`` (difflib ratio >= 0.6), best first."""
    options = list(choices)
    found = difflib.get_close_matches(value, options, n=limit, cutoff=0.6)
    if not found:
        # Also catch a missing or extra word: any choice that contains the value or vice versa.
        found = [c for c in options if value and (value in c or c in value)][:limit]
    return found
