"""The field-test battery: bundled reference data (``assessment/data/field_tests.yaml``).

>>> battery().get("y-balance").unit
'%'
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from slingcoach.datafiles import read_yaml
from slingcoach.errors import ReferenceDataError, UnknownTestError

TestKind = Literal["numeric", "y-balance", "hhd", "quality", "binary"]
SlingEnd = Literal["leg", "arm", "both"]
SLING_IDS = ("posterior-oblique", "anterior-oblique", "deep-longitudinal", "lateral")


class SlingLoad(BaseModel):
    """A sling a test taxes and which end of it (leg, arm = the latissimus end, or both)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sling: Literal["posterior-oblique", "anterior-oblique", "deep-longitudinal", "lateral"]
    end: SlingEnd


class FieldTest(BaseModel):
    """One bilateral field test and its protocol."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    plain: str
    kind: TestKind
    unit: str
    higher_is_better: bool
    trials: int = Field(ge=1, le=10)
    aggregation: Literal["best", "mean"]
    typical_error: float | None = Field(default=None, gt=0)
    mdc: float | None = Field(default=None, gt=0)
    error_unit: str | None = None
    watch_pct: float | None = None
    address_pct: float | None = None
    lat_side: bool = False
    muscles: tuple[str, ...]
    opposite_muscles: tuple[str, ...] = ()
    slings: tuple[SlingLoad, ...]
    impact: bool = Field(
        default=False, description="hops and landings: left out while impact is ruled out"
    )
    range_of_motion: bool = Field(
        default=False,
        description="measures range, not strength: suggests mobility work, never a weaker side",
    )
    mobility_focus: str | None = None
    mobility_below: float | None = None
    protocol: tuple[str, ...] = Field(min_length=2)
    sources: tuple[str, ...] = Field(min_length=1)

    @property
    def error(self) -> float | None:
        """The error figure used to call a difference noise: MDC if published, else typical error."""
        return self.mdc if self.mdc is not None else self.typical_error

    @model_validator(mode="after")
    def _range_is_not_strength(self) -> FieldTest:
        if self.range_of_motion and self.slings:
            raise ValueError(
                f"test {self.id!r} measures range of motion: it names no sling end (range "
                "suggests mobility work, never a weaker side)"
            )
        return self

    @property
    def tests_lat_side(self) -> bool:
        """True when the test loads the latissimus (back/arm) end of the posterior oblique sling."""
        return self.lat_side


class Battery(BaseModel):
    """All field tests, in data order, plus the squat-quality angle cut-offs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tests: tuple[FieldTest, ...]
    quality_angle_faults_deg: dict[Literal["pelvic_drop", "knee_valgus", "trunk_lean"], float]

    @model_validator(mode="after")
    def _unique(self) -> Battery:
        ids = [t.id for t in self.tests]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate test ids: {', '.join(duplicates)}")
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        """Every test id, in data order."""
        return tuple(t.id for t in self.tests)

    def get(self, test_id: str) -> FieldTest:
        """The test with ``test_id``; :class:`UnknownTestError` with suggestions otherwise."""
        for test in self.tests:
            if test.id == test_id:
                return test
        from slingcoach.assessment._suggest import suggest

        raise UnknownTestError(test_id, suggest(test_id, self.ids))


def _read_yaml(name: str) -> Any:
    return read_yaml("slingcoach.assessment", name)


@cache
def battery() -> Battery:
    """The bundled battery, validated once and cached."""
    try:
        return Battery.model_validate(_read_yaml("field_tests.yaml"))
    except ValidationError as exc:
        raise ReferenceDataError(f"assessment/data/field_tests.yaml is invalid: {exc}") from exc
