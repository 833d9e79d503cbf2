"""An item's progression and sides in words: the one place the plan's dose prose is made.

The generator stores the progression as data (:class:`~slingcoach.programming.model.Progression`)
and the set-up of one-sided work as data (:class:`~slingcoach.programming.model.Setup`);
these functions word them in full (``Item.load``, the exercise notes) and in a few words
(the gym sheet, the CLI table). Nothing is parsed back from text.

>>> from slingcoach.vocab import Side
>>> from slingcoach.exercises.sides import Limb, Setup
>>> setup_text(Setup(limb=Limb.LEG, load_hand=Side.LEFT), Side.RIGHT)
'R leg · weight in L hand'
>>> reps_in_reserve(1)
'1 rep in reserve'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slingcoach.exercises.sides import setup_text
from slingcoach.programming.model import ProgressionRule
from slingcoach.vocab import Unit

if TYPE_CHECKING:
    from slingcoach.programming.model import Item

UNIT_SHORT = {Unit.REPS: "reps", Unit.SECONDS: "s", Unit.METRES: "m"}


def reps_in_reserve(rir: int) -> str:
    """``"1 rep in reserve"``, ``"3 reps in reserve"``."""
    return f"{rir} rep in reserve" if rir == 1 else f"{rir} reps in reserve"


def _amount(value: int, unit: Unit) -> str:
    if unit is Unit.REPS:
        return f"{value} rep" if value == 1 else f"{value} reps"
    return f"{value} {UNIT_SHORT[unit]}"


def _step(low: float, high: float) -> str:
    return f"{low:g}–{high:g} %"


def dose_text(item: Item) -> str:
    """``"3 × 8–12 reps"``, ``"2 × 30 s"``; a test: ``"3 trials per side"``."""
    if item.retest is not None:
        trials = item.retest.trials
        return f"{trials} trial{'s' if trials != 1 else ''} per side"
    amount = f"{item.low}" if item.low == item.high else f"{item.low}–{item.high}"
    word = {Unit.REPS: "reps", Unit.SECONDS: "s", Unit.METRES: "m"}[item.unit]
    return f"{item.sets} × {amount} {word}"


def item_side_text(item: Item) -> str:
    """The side label of an item ('' for bilateral work)."""
    if item.setup is None:
        return ""
    return setup_text(item.setup, item.side.side)


def progression_text(item: Item) -> str:
    """The item's progression in full sentences (``Item.load``)."""
    p = item.progression
    unit, target, high, low = item.unit, item.target, item.high, item.low
    aim = target if target is not None else low
    rir = item.rir
    rule = p.rule
    if rule is ProgressionRule.TEST:
        dose = item.retest
        if dose is None:
            return "as in the assessment"
        trials = "1 trial" if dose.trials == 1 else f"best of {dose.trials} trials"
        return f"{trials} per side, after the warm-up; write down the {dose.measure}"
    if rule is ProgressionRule.NONE:
        if item.block.value == "mobility":
            return "slow and comfortable; ease off at any pain"
        return "easy and controlled; no load needed"
    if rule is ProgressionRule.HOLD_STEADY:
        if unit is Unit.SECONDS:
            return "deload: the same holds as last week, stopping well before your form fails"
        if p.weekly_step_pct is not None:
            return "deload: the same easy pace and distance as last week"
        if p.loaded:
            return f"deload: the same load as last week, stop with {reps_in_reserve(rir or 4)}"
        return f"deload: the same variation as last week, stop with {reps_in_reserve(rir or 4)}"
    if rule is ProgressionRule.EASY_AEROBIC:
        text = (
            f"easy pace, able to talk in full sentences (RPE 4-5); {_amount(aim, unit)} this week"
        )
        if aim < high and p.weekly_step_pct:
            text += f", about {p.weekly_step_pct} % more each week up to {_amount(high, unit)}"
        return text
    if rule is ProgressionRule.HOLD_TIME:
        nxt = p.harder or "a harder variation (longer lever or added load)"
        return (
            f"hold {aim} s, stopping before your form fails; when every hold reaches "
            f"{high} s, move on to {nxt}"
        )
    if rule is ProgressionRule.CARRY:
        step = _step(*p.load_step_pct) if p.load_step_pct else "2.5–5 %"
        return (
            f"{aim} m per set with a weight you could carry a little further; when every set "
            f"reaches {high} m with good posture, carry {step} more weight"
        )
    lead = f"{reps_in_reserve(rir)} (RPE {10 - rir}); " if rir is not None else ""
    effort = f"aim for {_amount(aim, unit)}"
    if p.intensity_pct_1rm is not None:
        effort = f"about {p.intensity_pct_1rm} % of your one-rep max; " + effort
    ramp = ""
    if p.ramp_sets:
        ramp = (
            f"; {p.ramp_sets} lighter warm-up set{'s' if p.ramp_sets > 1 else ''} first "
            f"(about half, then three quarters of the working weight)"
        )
    if rule is ProgressionRule.DOUBLE:
        step = _step(*p.load_step_pct) if p.load_step_pct else "2.5–5 %"
        then = f"add {step} load and start again at {_amount(low, unit)}"
    elif rule is ProgressionRule.BAND:
        then = f"use a stronger band and start again at {_amount(low, unit)}"
    elif p.harder:
        then = f"move on to {p.harder}"
    else:
        then = "make it harder: slower reps, a pause at the hardest point or a longer lever"
    return f"{lead}{effort}; when every set reaches {_amount(high, unit)}, {then}{ramp}"


def progression_short(item: Item) -> str:
    """The progression in a few words for the gym sheet and the CLI table."""
    p = item.progression
    unit, target, high, low = item.unit, item.target, item.high, item.low
    aim = target if target is not None else low
    rule = p.rule
    if rule is ProgressionRule.TEST:
        dose = item.retest
        if dose is None:
            return "as in the assessment"
        return ("1 trial" if dose.trials == 1 else f"best of {dose.trials}") + f" · {dose.measure}"
    if rule is ProgressionRule.NONE:
        return "slow, comfortable" if item.block.value == "mobility" else "easy, no load"
    if rule is ProgressionRule.HOLD_STEADY:
        if unit is Unit.SECONDS:
            return "deload · same holds, easy"
        if p.weekly_step_pct is not None:
            return "deload · same easy pace"
        return f"deload · same load · RIR {item.rir}" if item.rir is not None else "deload"
    if rule is ProgressionRule.EASY_AEROBIC:
        parts = ["easy pace, RPE 4–5"]
        if aim < high and p.weekly_step_pct:
            parts.append(f"build to {_amount(high, unit)}")
        return " · ".join(parts)
    if rule is ProgressionRule.HOLD_TIME:
        return f"hold {aim} s · harder at {high} s"
    if rule is ProgressionRule.CARRY:
        return f"{aim} m · heavier at {high} m"
    parts = []
    if item.rir is not None:
        parts.append(f"RIR {item.rir}")
    if p.intensity_pct_1rm is not None:
        parts.append(f"~{p.intensity_pct_1rm} % 1RM")
    if target is not None and low != high:
        parts.append(f"aim {_amount(aim, unit) if unit is not Unit.REPS else aim}")
    top = _amount(high, unit) if unit is not Unit.REPS else str(high)
    if rule is ProgressionRule.DOUBLE:
        step = _step(*p.load_step_pct) if p.load_step_pct else "2.5–5 %"
        parts.append(f"+{step} at {top}")
    elif rule is ProgressionRule.BAND:
        parts.append(f"stronger band at {top}")
    else:
        parts.append(f"harder at {top}")
    return " · ".join(parts)
