"""The parts of an assessment the generator reads, as structural types.

``slingcoach.assessment.Assessment`` satisfies these (docs/architecture.md); so do the
small fixture objects of the tests. Only attributes listed here are read, so the
generator does not depend on the assessment's internals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class PersonLike(Protocol):
    """``Assessment.person``: defaults for the preferences (level, days, minutes, ...)."""

    @property
    def name(self) -> Any: ...


class TestResultLike(Protocol):
    """One bilateral field test (``Assessment.tests``)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def percent_difference(self) -> float | None: ...

    @property
    def weaker_side(self) -> Any: ...


class FindingLike(Protocol):
    """One finding: the weaker side of a sling, its weak muscles and the evidence."""

    @property
    def id(self) -> str: ...

    @property
    def sling(self) -> str: ...

    @property
    def side(self) -> Any: ...

    @property
    def muscles(self) -> Sequence[str]: ...

    @property
    def severity(self) -> str: ...

    @property
    def evidence(self) -> Sequence[Any]: ...

    @property
    def text(self) -> str: ...


class AssessmentLike(Protocol):
    """What :func:`slingcoach.programming.generate` needs from an assessment."""

    @property
    def person(self) -> PersonLike: ...

    @property
    def refer(self) -> bool: ...

    @property
    def referral_text(self) -> str | None: ...

    @property
    def tests(self) -> Sequence[TestResultLike]: ...

    @property
    def findings(self) -> Sequence[FindingLike]: ...

    @property
    def contraindications(self) -> Sequence[str]: ...

    @property
    def mobility_needs(self) -> Sequence[str]: ...
