"""Free text people type (messages, topics, notes): no control characters but line breaks.

PostgreSQL text cannot hold NUL at all, and other C0 controls only garble a page or a mail.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> str:
    """``value`` if it holds no control character (tab and line breaks are fine).

    >>> plain_text("left hip\\nstill tight")
    'left hip\\nstill tight'
    >>> plain_text("a\\x00b")
    Traceback (most recent call last):
    ...
    ValueError: the text contains a control character (U+0000); remove it
    """
    found = _CONTROL.search(value)
    if found:
        raise ValueError(
            f"the text contains a control character (U+{ord(found.group()):04X}); remove it"
        )
    return value
