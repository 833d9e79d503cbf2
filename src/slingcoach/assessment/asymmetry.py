"""Left/right asymmetry maths: indices, direction, thresholds.

Every index takes the raw left and right values. Values must be finite and not
negative (field-test results are counts, times, distances, forces and ranges).
Conventions used throughout:

* the *weaker* side is the lower value when higher is better and the higher
  value (the slower time) when lower is better;
* signed indices are positive when the right value is larger (Bishop 2019 sign
  convention, ``IF(Left < Right, 1, -1)``); :func:`signed_percent_difference`
  instead signs by *performance*: positive when the left side is the weaker.

Examples
--------
>>> round(percent_difference(20, 25), 4), round(symmetry_angle(20, 25), 4)
(20.0, 7.0447)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from slingcoach.vocab import Side

Status = Literal["fine", "watch", "address", "within-error", "incomplete"]


def _check(left: float, right: float) -> None:
    for name, value in (("left", left), ("right", right)):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def weaker_side(left: float, right: float, *, higher_is_better: bool = True) -> Side | None:
    """The side that performed worse, or ``None`` when both are equal."""
    _check(left, right)
    if left == right:
        return None
    left_worse = left < right if higher_is_better else left > right
    return Side.LEFT if left_worse else Side.RIGHT


def percent_difference(left: float, right: float) -> float:
    """Unsigned percentage difference ``(max - min) / max x 100``, 0-100.

    Bishop, Read, Lake, Chavda & Turner 2018 SCJ 40(4):1-6 (= Impellizzeri 2007
    bilateral strength asymmetry). Both zero: 0. One zero: 100. The magnitude is
    the same whether higher or lower is better; only the weaker side differs.
    """
    _check(left, right)
    high = max(left, right)
    if high == 0:
        return 0.0
    return (high - min(left, right)) / high * 100.0


def signed_percent_difference(left: float, right: float, *, higher_is_better: bool = True) -> float:
    """Percentage difference with direction: positive when the left side is weaker.

    Magnitude from :func:`percent_difference`; sign as in Bishop 2019 (multiply by
    ``IF(Left < Right, 1, -1)``), read as performance so timed tests flip.
    """
    magnitude = percent_difference(left, right)
    side = weaker_side(left, right, higher_is_better=higher_is_better)
    if side is None:
        return 0.0
    return magnitude if side is Side.LEFT else -magnitude


def limb_symmetry_index(
    left: float,
    right: float,
    *,
    involved: Side | None = None,
    higher_is_better: bool = True,
) -> float | None:
    """Limb symmetry index in percent, 100 = symmetric.

    ``involved / uninvolved x 100`` (Noyes, Barber & Mangine 1991; Barber 1990);
    for lower-is-better tests inverted to ``uninvolved / involved x 100`` (Noyes 1991
    timed hop). Without an involved side: weaker / stronger x 100. Returns ``None``
    where the denominator is zero and the numerator is not (undefined); both zero: 100.
    """
    _check(left, right)
    if left == right:
        return 100.0
    if involved is None:
        side = weaker_side(left, right, higher_is_better=higher_is_better)
        involved = side if side is not None else Side.LEFT
    inv, uninv = (left, right) if involved is Side.LEFT else (right, left)
    num, den = (inv, uninv) if higher_is_better else (uninv, inv)
    if den == 0:
        return None
    return num / den * 100.0


def symmetry_angle(left: float, right: float) -> float:
    """Symmetry angle in percent, 0 = symmetric, positive when left < right.

    Zifchock, Davis, Higginson & Royer 2008 Gait Posture 27:622-627:
    ``SA = (45 deg - arctan(L/R)) / 90 deg x 100``; when ``45 deg - arctan(L/R) > 90 deg``
    (only possible for values of opposite sign) ``SA = (45 - arctan(L/R) - 180) / 90 x 100``.
    Unlike the other indices it accepts negative values (signed measures such as angles),
    which is what the second branch is for. ``R = 0`` is taken as the limit
    ``arctan = +-90 deg`` (sign of L); both zero is symmetric (0).
    """
    for name, value in (("left", left), ("right", right)):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if left == 0 and right == 0:
        return 0.0
    theta = math.copysign(90.0, left) if right == 0 else math.degrees(math.atan(left / right))
    angle = 45.0 - theta
    if angle > 90.0:
        angle -= 180.0
    return angle / 90.0 * 100.0


def bilateral_asymmetry_index(left: float, right: float) -> float:
    """Bilateral asymmetry index 1, ``(R - L) / (R + L) x 100``, -100..100.

    Bishop et al. 2016 SCJ 38(6):27-32 / 2018 SCJ 40(4):1-6, recommended for bilateral
    (two-limb) tests where both limbs produce one output (e.g. dual force plates).
    Both zero: 0.
    """
    _check(left, right)
    total = left + right
    return 0.0 if total == 0 else (right - left) / total * 100.0


def robinson_symmetry_index(left: float, right: float) -> float:
    """Robinson symmetry index ``(R - L) / (0.5 (R + L)) x 100``, signed.

    Robinson, Herzog & Nigg 1987 J Manipulative Physiol Ther 10:172-176. Both zero: 0.
    """
    _check(left, right)
    mean = 0.5 * (left + right)
    return 0.0 if mean == 0 else (right - left) / mean * 100.0


@dataclass(frozen=True)
class Thresholds:
    """Percentage-difference bands: below ``watch_pct`` fine, up to ``address_pct`` watch.

    Defaults 10 % and 15 %: Hewit, Cronin & Hume 2012 SCJ 34(1):82-86 (< 10 % typical of
    non-injured, >= 15 % of recently injured) and Bishop et al. 2018 (> 15 % "heightened risk").
    """

    watch_pct: float = 10.0
    address_pct: float = 15.0

    def __post_init__(self) -> None:
        if not (0 <= self.watch_pct <= self.address_pct <= 100):
            raise ValueError(
                "thresholds need 0 <= watch_pct <= address_pct <= 100, got "
                f"watch_pct={self.watch_pct}, address_pct={self.address_pct}"
            )


DEFAULT_THRESHOLDS = Thresholds()


def classify(
    percent_diff: float | None,
    *,
    absolute_difference: float | None = None,
    error: float | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Status:
    """Band a percentage difference: fine, watch, address, within-error or incomplete.

    A difference at or above ``watch_pct`` whose absolute size is not larger than the
    test's typical error or minimal detectable change (``error``, same unit as
    ``absolute_difference``) is "within-error", not an asymmetry (Bishop et al. 2021
    JSCR 35(3):695-701; Exell et al. 2012 J Sports Sci 30:403-409). Bands: below
    ``watch_pct`` fine, ``watch_pct``..``address_pct`` (inclusive) watch, above address.
    """
    if percent_diff is None:
        return "incomplete"
    if percent_diff < thresholds.watch_pct:
        return "fine"
    if error is not None and absolute_difference is not None and absolute_difference <= error:
        return "within-error"
    if percent_diff <= thresholds.address_pct:
        return "watch"
    return "address"
