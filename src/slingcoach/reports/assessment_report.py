"""The assessment report: a printable, self-contained HTML page and its PDF.

The report reads an :class:`slingcoach.assessment.Assessment` and lays it out for the
person assessed: who and when, a referral box first when the answers call for a
clinician (and no training advice after it), the weak side's sling on a body
diagram, the findings in plain words with their evidence, the Oswestry score with
its band, a left-vs-right chart per test, what happens next, and technical notes
for the coach. The HTML carries its CSS and SVG inline (no network, no files) and
reflows on a phone; the PDF is the same HTML laid out on A4 by WeasyPrint.

No clock is read here: the assessment date comes from the assessment (or the
``assessed_on`` argument) and the "generated on" line is printed only when the
caller passes ``generated_on``. The same assessment gives byte-identical HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slingcoach.reports import plots

DEFAULT_RETEST_WEEKS = 8
"""Re-test after one 8-week block (the program's default length; its last week re-tests)."""

STATUS_WORDS = {
    "fine": "similar on both sides",
    "watch": "worth watching",
    "address": "worth working on",
    "within-error": "within the test's normal variation",
    "incomplete": "only one side measured",
}
SEVERITY_WORDS = {"low": "mild", "moderate": "moderate", "high": "marked"}
CONFIDENCE_WORDS = {
    "low": "low confidence: few tests point this way, or they disagree",
    "moderate": "moderate confidence: more than one test points this way",
    "high": "high confidence: several independent tests agree",
}
VIEW_OF_SLING = {
    # Which side of the body shows a sling best on the diagram.
    "posterior-oblique": "back",
    "deep-longitudinal": "back",
    "anterior-oblique": "front",
    "lateral": "both",
}


@dataclass
class _FindingView:
    """One finding, prepared for the template."""

    id: str
    title: str
    side: str | None
    sling_name: str
    sling_plain: str
    severity: str
    severity_words: str
    confidence: str
    confidence_words: str
    confidence_pct: int | None
    text: str
    technical: str
    weak_links: list[str]
    partners: list[str]
    suggestions: list[str]
    evidence: list[dict[str, Any]]
    disagreement: str | None
    diagram: Any = None


@dataclass
class _Context:
    """Everything the template shows, in display form."""

    person: dict[str, Any]
    assessed_on: str | None
    generated_on: str | None
    refer: bool
    referral_text: str | None
    red_flags: list[dict[str, str]]
    odi: dict[str, Any] | None
    tests: list[dict[str, Any]]
    summary_chart: Any
    findings: list[_FindingView]
    focus: list[str]
    mobility: list[str]
    cautions: list[str]
    signs: list[str]
    retest_weeks: int
    retest_tests: list[str]
    watch_pct: float
    address_pct: float
    headline: str
    counts: dict[str, int] = field(default_factory=dict)


def _value(obj: Any, name: str, default: Any = None) -> Any:
    """An attribute of a model, or a key of a dict."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _text(value: Any) -> str:
    """Enum values as their plain string."""
    return str(getattr(value, "value", value))


def _date_text(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return f"{day.day} {day:%B %Y}"


def _number(value: Any, unit: str = "") -> str:
    if value is None:
        return "–"
    number = float(value)
    text = (
        f"{number:.0f}"
        if number == int(number)
        else (f"{number:.1f}" if abs(number) >= 10 else f"{number:.2f}".rstrip("0"))
    )
    return (
        f"{text} {plots.unit_label(unit) if unit in ('s', 'seconds') else unit}".strip()
        if unit
        else text
    )


def _pct(value: Any) -> str:
    return "–" if value is None else f"{float(value):.1f} %"


def _split_sided(entry: Any, default_side: str | None) -> tuple[str | None, str]:
    """``"left latissimus-dorsi"`` → (``"left"``, ``"latissimus-dorsi"``); a bare id takes the default side."""
    text = _text(entry).strip()
    head, _, rest = text.partition(" ")
    if head.lower() in ("left", "right") and rest:
        return head.lower(), rest.strip()
    return default_side, text


def _muscle_words(entry: Any, default_side: str | None) -> str:
    """A muscle in plain words with its side: ``"right gluteus maximus (butt muscle)"``."""
    from slingcoach.anatomy import get_anatomy

    side, muscle_id = _split_sided(entry, default_side)
    anatomy = get_anatomy()
    try:
        kind = anatomy.kind_of(muscle_id)
    except LookupError:
        return f"{side} {muscle_id}" if side else muscle_id
    if kind == "muscle":
        muscle = anatomy.muscle(muscle_id)
        words = f"{muscle.name} ({muscle.plain_name})"
    elif kind == "structure":
        words = anatomy.structure(muscle_id).name
    else:
        words = anatomy.sling(muscle_id).name
    return f"{side} {words}" if side else words


def _evidence_rows(finding: Any, tests_by_id: dict[str, Any]) -> list[dict[str, Any]]:
    """The finding's evidence as table rows (test, left, right, difference, weaker side)."""
    rows: list[dict[str, Any]] = []
    for item in _value(finding, "evidence", []) or []:
        test_id = _value(item, "test") or _value(item, "test_id") or _value(item, "id")
        test = tests_by_id.get(str(test_id)) if test_id is not None else None
        name = _value(item, "name") or (_value(test, "name") if test is not None else None)
        kind = _value(item, "kind")
        unit = _value(item, "unit") or (_value(test, "unit") if test is not None else "") or ""
        left = _value(item, "left", _value(test, "left") if test is not None else None)
        right = _value(item, "right", _value(test, "right") if test is not None else None)
        pct = _value(
            item, "percent_difference", _value(test, "percent_difference") if test else None
        )
        weak = plots.side_name(
            _value(item, "weaker_side", _value(test, "weaker_side") if test else None)
        )
        status = _value(item, "status", _value(test, "status") if test is not None else None)
        note = _value(item, "note") or _value(item, "text") or ""
        rows.append(
            {
                "name": name or (str(test_id) if test_id else (kind or "sign")),
                "left": _number(left, unit) if left is not None else "",
                "right": _number(right, unit) if right is not None else "",
                "difference": _pct(pct) if pct is not None else "",
                "weaker": weak or "",
                "status": _text(status) if status else "",
                "note": _text(note),
                "agrees": _value(item, "agrees"),
            }
        )
    return rows


def _finding_view(finding: Any, tests_by_id: dict[str, Any], *, diagram: bool) -> _FindingView:
    from slingcoach.anatomy import get_anatomy

    anatomy = get_anatomy()
    side = plots.side_name(_value(finding, "side"))
    sling_id = _text(_value(finding, "sling"))
    sling = anatomy.sling(sling_id)
    weak_links = [_muscle_words(m, side) for m in _value(finding, "muscles", []) or []]
    other = "left" if side == "right" else "right" if side == "left" else None
    partners = [_muscle_words(p, other) for p in _value(finding, "partners", []) or []]
    severity = _text(_value(finding, "severity", "low"))
    confidence = _text(_value(finding, "confidence", "low"))
    score = _value(finding, "confidence_score")
    title = f"{side.capitalize() + ' ' if side else ''}{sling.name.lower()}"
    view = _FindingView(
        id=_text(_value(finding, "id")),
        title=title[0].upper() + title[1:],
        side=side,
        sling_name=sling.name,
        sling_plain=sling.plain_name,
        severity=severity,
        severity_words=SEVERITY_WORDS.get(severity, severity),
        confidence=confidence,
        confidence_words=CONFIDENCE_WORDS.get(confidence, confidence),
        confidence_pct=None if score is None else round(float(score) * 100),
        text=_text(_value(finding, "text", "")),
        technical=_text(_value(finding, "technical", "")),
        weak_links=weak_links,
        partners=partners,
        suggestions=[_text(s) for s in _value(finding, "suggestions", []) or []],
        evidence=_evidence_rows(finding, tests_by_id),
        disagreement=_value(finding, "disagreement") or _value(finding, "conflict_note"),
    )
    if diagram:
        view.diagram = _diagram(finding, sling_id, side, view.title)
    return view


def _diagram(finding: Any, sling_id: str, side: str | None, title: str) -> Any:
    """The body diagram with the finding's sling drawn and its weak muscles highlighted."""
    from markupsafe import Markup

    from slingcoach.reports.diagrams import body_svg
    from slingcoach.vocab import Side

    highlights: dict[tuple[str, Side], float] = {}
    for entry in _value(finding, "muscles", []) or []:
        muscle_side, muscle_id = _split_sided(entry, side)
        if muscle_side is not None:
            highlights[(muscle_id, Side(muscle_side))] = 1.0
    sling = (sling_id, Side(side)) if side else None
    svg = body_svg(
        view=VIEW_OF_SLING.get(sling_id, "back"), highlights=highlights, sling=sling, title=title
    )
    return Markup(_strip_prolog(svg))


def _strip_prolog(svg: str) -> str:
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _assessed_on(assessment: Any, assessed_on: dt.date | None) -> dt.date | None:
    if assessed_on is not None:
        return assessed_on
    for name in ("assessed_on", "date", "assessment_date"):
        value = _value(assessment, name)
        if isinstance(value, dt.date):
            return value
    intake = _value(assessment, "intake")
    if intake is not None:
        for name in ("assessed_on", "date"):
            value = _value(intake, name)
            if isinstance(value, dt.date):
                return value
    return None


def _signs(assessment: Any) -> list[str]:
    """The signs as given, in short phrases, for the "what you told us" line."""
    signs = _value(assessment, "signs")
    if signs is None:
        return []
    if hasattr(signs, "model_dump"):
        signs = signs.model_dump(mode="json")
    if isinstance(signs, dict):
        phrases = []
        for key, value in signs.items():
            if value in (None, False, [], {}, 0, ""):
                continue
            words = key.replace("_", " ")
            if isinstance(value, str):
                phrases.append(f"{words}: {value}")
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                phrases.append(f"{words}: {value:g}")
            elif isinstance(value, list):
                phrases.append(f"{words}: " + ", ".join(_short(v) for v in value))
            elif isinstance(value, dict):
                phrases.append(f"{words}: " + _short(value))
            else:
                phrases.append(words)
        return phrases
    if isinstance(signs, (list, tuple)):
        return [_short(s) for s in signs]
    return [_text(signs)]


def _short(value: Any) -> str:
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return " ".join(_text(v) for v in value.values() if v not in (None, False, "", [], True))
    return _text(value)


def _headline(findings: list[_FindingView], tests: list[dict[str, Any]], refer: bool) -> str:
    if refer:
        return "Some answers need a clinician's opinion before you train. Please read the box below first."
    if findings:
        top = findings[0]
        side = f"your {top.side} side" if top.side else "one side"
        return (
            f"The tests suggest that {side} works less well in the {top.sling_name.lower()} "
            f"({top.sling_plain}). The plan below puts extra work there, then re-tests."
        )
    if any(t["status"] == "watch" for t in tests):
        return "Your sides are close; a few tests are worth watching at the next re-test."
    return "Your left and right sides tested within normal variation of each other."


def build_context(
    assessment: Any,
    /,
    *,
    assessed_on: dt.date | None = None,
    generated_on: dt.date | None = None,
    retest_weeks: int = DEFAULT_RETEST_WEEKS,
    watch_pct: float = plots.WATCH_PCT,
    address_pct: float = plots.ADDRESS_PCT,
    diagrams: bool = True,
) -> _Context:
    """Turn an assessment into the display values the report template needs."""
    from markupsafe import Markup

    person = _value(assessment, "person")
    refer = bool(_value(assessment, "refer", False))
    results = list(_value(assessment, "tests", []) or [])
    tests_by_id = {str(_value(t, "id")): t for t in results}
    tests: list[dict[str, Any]] = []
    for result in results:
        status = _text(_value(result, "status", "incomplete"))
        weak = plots.side_name(_value(result, "weaker_side"))
        unit = _text(_value(result, "unit", ""))
        tests.append(
            {
                "id": _text(_value(result, "id")),
                "name": _text(_value(result, "name")),
                "unit": unit,
                "left": _number(_value(result, "left"), unit),
                "right": _number(_value(result, "right"), unit),
                "difference": _pct(_value(result, "percent_difference")),
                "signed": _pct(_value(result, "signed_percent_difference")),
                "lsi": _pct(_value(result, "lsi")),
                "angle": _pct(_value(result, "symmetry_angle")),
                "weaker": weak or "–",
                "status": status,
                "status_words": STATUS_WORDS.get(status, status),
                "better": "higher" if _value(result, "higher_is_better", True) else "lower",
                "chart": Markup(
                    plots.side_chart_svg(result, watch_pct=watch_pct, address_pct=address_pct)
                ),
            }
        )
    summary_chart = (
        Markup(plots.summary_chart_svg(results, watch_pct=watch_pct, address_pct=address_pct))
        if results
        else None
    )
    findings = [
        _finding_view(f, tests_by_id, diagram=diagrams and not refer)
        for f in _value(assessment, "findings", []) or []
    ]
    odi_score = _value(assessment, "odi")
    odi = None
    if odi_score is not None:
        score = float(_value(odi_score, "score_pct"))
        odi = {
            "score": f"{score:.0f}",
            "band": _text(_value(odi_score, "band")),
            "answered": _value(odi_score, "answered_sections"),
            "gauge": Markup(plots.odi_gauge_svg(score)),
        }
    from slingcoach.vocab import CONTRAINDICATIONS, FOCUS_TAGS

    focus: list[str] = []
    for finding in findings:
        for suggestion in finding.suggestions:
            if suggestion not in focus:
                focus.append(suggestion)
    mobility = [
        FOCUS_TAGS.get(tag, tag)
        for tag in map(_text, _value(assessment, "mobility_needs", []) or [])
    ]
    cautions = [
        CONTRAINDICATIONS.get(tag, tag)
        for tag in map(_text, _value(assessment, "contraindications", []) or [])
    ]
    retest_tests: list[str] = []
    for finding in findings:
        for row in finding.evidence:
            if row["left"] and row["name"] not in retest_tests:
                retest_tests.append(row["name"])
    red_flags = [
        {
            "id": _text(_value(hit, "id")),
            "text": _text(_value(hit, "text") or _value(hit, "plain") or ""),
        }
        for hit in _value(assessment, "red_flags", []) or []
    ]
    counts = {status: sum(1 for t in tests if t["status"] == status) for status in STATUS_WORDS}
    goals = [_text(g) for g in _value(person, "goals", []) or []]
    equipment = [_text(e) for e in _value(person, "equipment", []) or []]
    return _Context(
        person={
            "name": _text(_value(person, "name", "")),
            "age": _value(person, "age"),
            "body_mass": _number(_value(person, "body_mass_kg"), "kg")
            if _value(person, "body_mass_kg")
            else None,
            "level": {1: "beginner", 2: "intermediate", 3: "advanced"}.get(_value(person, "level")),
            "goals": goals,
            "equipment": equipment,
            "days": _value(person, "days_per_week"),
            "minutes": _value(person, "minutes_per_session"),
        },
        assessed_on=_date_text(_assessed_on(assessment, assessed_on)),
        generated_on=_date_text(generated_on),
        refer=refer,
        referral_text=_value(assessment, "referral_text"),
        red_flags=red_flags,
        odi=odi,
        tests=tests,
        summary_chart=summary_chart,
        findings=findings,
        focus=focus,
        mobility=mobility,
        cautions=cautions,
        signs=_signs(assessment),
        retest_weeks=retest_weeks,
        retest_tests=retest_tests,
        watch_pct=watch_pct,
        address_pct=address_pct,
        headline=_headline(findings, tests, refer),
        counts=counts,
    )


def render_html(
    assessment: Any,
    /,
    *,
    assessed_on: dt.date | None = None,
    generated_on: dt.date | None = None,
    retest_weeks: int = DEFAULT_RETEST_WEEKS,
) -> str:
    """The report as one self-contained HTML document (inline CSS and SVG).

    Parameters
    ----------
    assessment
        The result of :func:`slingcoach.assessment.assess`.
    assessed_on
        Date of the assessment when the assessment itself carries none.
    generated_on
        Printed in the footer when given; the report never reads the clock.
    retest_weeks
        When the tests are repeated ("what happens next").
    """
    from slingcoach.reports.render import render_template

    context = build_context(
        assessment, assessed_on=assessed_on, generated_on=generated_on, retest_weeks=retest_weeks
    )
    return render_template("assessment_report.html.j2", c=context)


def render_pdf(
    assessment: Any,
    /,
    *,
    assessed_on: dt.date | None = None,
    generated_on: dt.date | None = None,
    retest_weeks: int = DEFAULT_RETEST_WEEKS,
) -> bytes:
    """The report laid out on A4 pages as PDF bytes (WeasyPrint); options as for :func:`render_html`."""
    from slingcoach.reports.render import html_to_pdf

    html = render_html(
        assessment, assessed_on=assessed_on, generated_on=generated_on, retest_weeks=retest_weeks
    )
    return html_to_pdf(html)


def write_html(assessment: Any, path: Path | str, /, **options: Any) -> Path:
    """Write the HTML report to ``path``; options as for :func:`render_html`."""
    target = Path(path)
    target.write_text(render_html(assessment, **options), encoding="utf-8")
    return target


def write_pdf(assessment: Any, path: Path | str, /, **options: Any) -> Path:
    """Write the PDF report to ``path``; options as for :func:`render_pdf`."""
    target = Path(path)
    target.write_bytes(render_pdf(assessment, **options))
    return target
