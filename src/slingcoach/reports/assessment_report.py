"""The assessment report: a printable, self-contained HTML page and its PDF.

The report reads an :class:`slingcoach.assessment.Assessment` and lays it out for the
person assessed: who and when, a referral box first when the answers call for a
clinician (and no training advice after it), the findings in plain words with the
weak side's sling on a body diagram and the evidence behind each, the Oswestry
score with its band, what happens next, a left-vs-right chart per test, and
technical notes for the coach. The HTML carries its CSS and SVG inline (no network,
no files) and reflows on a phone; the PDF is the same HTML laid out on A4 by
WeasyPrint.

No clock is read here: the assessment date is the assessment's own ``assessed_on``, and
the "made on" line is printed only when the caller passes ``generated_on``. The same
assessment gives byte-identical HTML. The technical notes end with the assessment's
provenance (its id, the software version and the catalogue hash).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slingcoach.reports import plots
from slingcoach.reports.render import date_text

if TYPE_CHECKING:
    from markupsafe import Markup

    from slingcoach.assessment import Assessment, Finding, TestResult
    from slingcoach.assessment.findings import SidedMuscle

DEFAULT_RETEST_WEEKS = 8
"""Re-test after one 8-week block (the program's default length; its last week re-tests)."""

STATUS_WORDS = {
    "fine": "similar on both sides",
    "watch": "worth watching",
    "address": "worth working on",
    "within-error": "within the test's normal variation",
    "incomplete": "only one side measured",
}
NEUTRAL_STATUS_WORDS = {
    # For a referral: the size of the difference, with no advice attached.
    "fine": "difference under 10 %",
    "watch": "difference 10–15 %",
    "address": "difference over 15 %",
    "within-error": "within the test's normal variation",
    "incomplete": "only one side measured",
}
SEVERITY_WORDS = {"low": "mild", "moderate": "moderate", "high": "marked"}
CONFIDENCE_WORDS = {
    "low": "low confidence: few tests point this way, or they disagree",
    "moderate": "moderate confidence: more than one test points this way",
    "high": "high confidence: several independent tests agree",
}
LEVEL_WORDS = {1: "beginner", 2: "intermediate", 3: "advanced"}
VIEW_OF_SLING = {
    # Which side of the body shows a sling best on the diagram.
    "posterior-oblique": "back",
    "deep-longitudinal": "back",
    "anterior-oblique": "front",
    "lateral": "both",
}
UNIT_WORDS = {"s": "s", "deg": "°", "positive": "", "fraction": ""}


@dataclass
class EvidenceRow:
    """One row of a finding's evidence table."""

    name: str
    left: str
    right: str
    difference: str
    weaker: str
    status: str
    agrees: bool


@dataclass
class FindingView:
    """One finding, prepared for the template."""

    id: str
    title: str
    side: str
    sling_name: str
    sling_plain: str
    severity: str
    severity_words: str
    confidence: str
    confidence_words: str
    confidence_pct: int
    text: str
    technical: str
    weak_links: list[str]
    partners: list[str]
    suggestions: list[str]
    evidence: list[EvidenceRow]
    disagreements: list[str]
    diagram: Markup | None = None
    diagram_caption: str = ""


@dataclass
class TestView:
    """One test, prepared for the template (values formatted, chart as inline SVG)."""

    id: str
    name: str
    kind: str
    left: str
    right: str
    difference: str
    signed: str
    lsi: str
    angle: str
    weaker: str
    status: str
    status_words: str
    better: str
    chart: Markup | None
    sentence: str


@dataclass
class SensorView:
    """One analysed sensor recording (EMG, force plates, pose) for the technical notes."""

    title: str
    file: str
    ok: bool
    error: str | None
    method: str | None
    used_in: list[str]
    items: list[dict[str, str]]
    warnings: list[str]


@dataclass
class ReportContext:
    """Everything the assessment template shows, in display form."""

    person: dict[str, Any]
    assessed_on: str
    provenance: str
    generated_on: str | None
    refer: bool
    urgent: bool
    referral_text: str | None
    red_flags: list[str]
    unanswered: list[str]
    odi: dict[str, Any] | None
    odi_note: str | None
    tests: list[TestView]
    summary_chart: Markup | None
    findings: list[FindingView]
    focus: list[str]
    mobility: list[str]
    cautions: list[str]
    signs: list[str]
    notes: list[str]
    sensors: list[SensorView]
    retest_weeks: int
    retest_tests: list[str]
    watch_pct: float
    address_pct: float
    headline: str
    counts: dict[str, int] = field(default_factory=dict)


def _date_text(day: dt.date | None) -> str | None:
    return None if day is None else date_text(day)


def _number(value: float | None, unit: str = "") -> str:
    """A measured value with its unit: ``"24 reps"``, ``"2.22 N·m/kg"``, ``"80°"``."""
    if value is None:
        return "–"
    if value == int(value):
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    word = UNIT_WORDS.get(unit, unit)
    if not word:
        return text
    return f"{text}{word}" if word == "°" else f"{text} {word}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def _muscle_words(entry: SidedMuscle) -> str:
    """A muscle in words with its side: ``"right gluteus maximus (butt muscle)"``."""
    from slingcoach.anatomy import get_anatomy

    side, item_id = entry.side.value, entry.muscle
    anatomy = get_anatomy()
    kind = anatomy.kind_of(item_id)
    if kind == "muscle":
        muscle = anatomy.muscle(item_id)
        words = f"{muscle.name} ({muscle.plain_name})"
    elif kind == "structure":
        words = anatomy.structure(item_id).name
    else:
        words = anatomy.sling(item_id).name
    return f"{side} {words}"


def _binary_words(value: float | None) -> str:
    if value is None:
        return "–"
    return "positive" if value >= 0.5 else "negative"


def _test_view(
    result: TestResult, watch_pct: float, address_pct: float, *, neutral: bool
) -> TestView:
    from markupsafe import Markup

    weak = plots.side_name(result.weaker_side)
    status = str(result.status)
    binary = result.kind == "binary"
    if binary:
        left, right = _binary_words(result.left), _binary_words(result.right)
        chart = None
        sentence = f"left {left}, right {right}"
    else:
        left, right = _number(result.left, result.unit), _number(result.right, result.unit)
        chart = Markup(plots.side_chart_svg(result, watch_pct=watch_pct, address_pct=address_pct))
        sentence = ""
        if result.kind == "quality" and result.left is not None and result.right is not None:
            # fault counts stay counts
            sentence = f"{result.left:.0f} faults on the left, {result.right:.0f} on the right"
        elif weak and result.percent_difference is not None:
            direction = "lower" if result.higher_is_better else "higher"
            if result.percent_difference < 0.5:
                sentence = "practically the same on both sides"
            else:
                sentence = f"{weak} side {result.percent_difference:.0f} % {direction}"
    return TestView(
        id=result.id,
        name=result.name,
        kind=result.kind,
        left=left,
        right=right,
        difference=_pct(result.percent_difference),
        signed=_pct(result.signed_percent_difference),
        lsi=_pct(result.lsi),
        angle=_pct(result.symmetry_angle),
        weaker=weak or "–",
        status=status,
        status_words=(NEUTRAL_STATUS_WORDS if neutral else STATUS_WORDS).get(status, status),
        better="higher" if result.higher_is_better else "lower",
        chart=chart,
        sentence=sentence,
    )


def _finding_view(finding: Finding, *, diagram: bool) -> FindingView:
    from slingcoach.anatomy import get_anatomy

    anatomy = get_anatomy()
    side = finding.side.value
    sling = anatomy.sling(finding.sling)
    title = f"{side.capitalize()} {sling.name.lower()}"
    evidence = [
        EvidenceRow(
            name=item.name,
            left=_number(item.left, item.unit),
            right=_number(item.right, item.unit),
            difference=_pct(item.asymmetry),
            weaker=plots.side_name(item.weaker_side) or "",
            status=item.status,
            agrees=item.agrees,
        )
        for item in finding.evidence
    ]
    view = FindingView(
        id=finding.id,
        title=title,
        side=side,
        sling_name=sling.name,
        sling_plain=sling.plain_name,
        severity=finding.severity,
        severity_words=SEVERITY_WORDS.get(finding.severity, finding.severity),
        confidence=finding.confidence,
        confidence_words=CONFIDENCE_WORDS.get(finding.confidence, finding.confidence),
        confidence_pct=round(finding.confidence_score * 100),
        text=finding.text,
        technical=finding.technical,
        weak_links=[_muscle_words(m) for m in finding.muscles],
        partners=[_muscle_words(p) for p in finding.partners],
        suggestions=list(finding.suggestions),
        evidence=evidence,
        disagreements=list(finding.disagreements),
    )
    if diagram:
        view.diagram = _diagram(finding, title)
        view.diagram_caption = _diagram_caption(VIEW_OF_SLING.get(finding.sling, "back"), side)
    return view


def _diagram_caption(view: str, side: str) -> str:
    """How to read the diagram: which way it faces and what the colours mean."""
    colours = "Red: the muscles that tested weaker; blue arrow: the sling."
    if view == "back":
        where = f"Seen from behind: your {side} side is on the {side} of the picture."
    elif view == "front":
        mirror = "right" if side == "left" else "left"
        where = f"Seen from the front: your {side} side is on the {mirror} of the picture."
    else:
        where = "Front view on the left, back view on the right."
    return f"{where} {colours}"


def _diagram(finding: Finding, title: str) -> Markup:
    """The body with the finding's sling drawn (named by its hip side) and weak muscles highlighted."""
    from markupsafe import Markup

    from slingcoach.reports.diagrams import body_svg

    highlights: dict[tuple[str, str | None], float] = {}
    for entry in finding.muscles:
        highlights[(entry.muscle, entry.side.value)] = 1.0
    svg = body_svg(
        view=VIEW_OF_SLING.get(finding.sling, "back"),  # type: ignore[arg-type]
        highlights=highlights,
        sling=(finding.sling, finding.sling_side),
        title=title,
        legend_label="tested weaker",
        id_prefix=f"diagram-{finding.id}-",  # several diagrams share the page
    )
    return Markup(svg)


SENSOR_KIND_WORDS = {"emg": "Surface EMG", "forceplate": "Force plates", "pose": "Video keypoints"}
SENSOR_TASK_WORDS = {
    "cmj": "countermovement jump",
    "sj": "squat jump",
    "dj": "drop jump",
    "imtp": "isometric mid-thigh pull",
}


def _sensor_views(assessment: Assessment) -> list[SensorView]:
    views = []
    for recording in assessment.sensors:
        kind = str(recording.kind)
        views.append(
            SensorView(
                title=f"{SENSOR_KIND_WORDS.get(kind, kind)}: "
                + SENSOR_TASK_WORDS.get(recording.task, recording.task.replace("-", " ")),
                file=recording.file,
                ok=recording.status == "ok",
                error=recording.error,
                method=recording.method,
                used_in=list(recording.used_in),
                items=[
                    {
                        "name": item.name,
                        "left": _number(item.left, item.unit),
                        "right": _number(item.right, item.unit),
                        "side": plots.side_name(item.side) or "–",
                        "text": item.text,
                    }
                    for item in recording.items
                ],
                warnings=list(recording.warnings),
            )
        )
    return views


def _headline(findings: list[FindingView], tests: list[TestView], refer: bool) -> str:
    if refer:
        return "Some answers need a clinician's opinion before you train."
    if findings:
        top = findings[0]
        return (
            f"The tests suggest that your {top.side} side works less well in the "
            f"{top.sling_name.lower()} ({top.sling_plain}). Your plan puts extra work there, "
            "then the same tests are repeated."
        )
    if any(t.status == "watch" for t in tests):
        return "Your sides are close; a few tests are worth watching at the next re-test."
    return "Your left and right sides tested within normal variation of each other."


def build_context(
    assessment: Assessment,
    /,
    *,
    generated_on: dt.date | None = None,
    retest_weeks: int = DEFAULT_RETEST_WEEKS,
) -> ReportContext:
    """Turn an assessment into the display values the report template needs.

    The charts' bands are the thresholds the assessment was made with.
    """
    from markupsafe import Markup

    from slingcoach.vocab import CONTRAINDICATIONS, FOCUS_TAGS

    watch_pct = float(assessment.thresholds.watch_pct)
    address_pct = float(assessment.thresholds.address_pct)
    refer = assessment.refer
    tests = [_test_view(t, watch_pct, address_pct, neutral=refer) for t in assessment.tests]
    charted = [t for t in assessment.tests if t.kind != "binary"]
    summary_chart = (
        Markup(
            plots.summary_chart_svg(
                charted, watch_pct=watch_pct, address_pct=address_pct, neutral=refer
            )
        )
        if charted
        else None
    )
    # A referral carries no training advice: findings are then listed only as technical
    # notes for the clinician, without suggestions or diagrams.
    findings = [_finding_view(f, diagram=not refer) for f in assessment.findings]
    focus: list[str] = []
    for finding in findings:
        for suggestion in finding.suggestions:
            # The re-test is its own step of "what happens next", with the block's timing.
            if not suggestion.lower().startswith("re-test") and suggestion not in focus:
                focus.append(suggestion)
    retest_tests: list[str] = []
    for finding in findings:
        for row in finding.evidence:
            if row.name not in retest_tests:
                retest_tests.append(row.name)
    odi = None
    if assessment.odi is not None:
        score = assessment.odi.score_pct
        odi = {
            "score": f"{score:.0f}",
            "band": str(assessment.odi.band),
            "answered": assessment.odi.answered_sections,
            "gauge": Markup(plots.odi_gauge_svg(score)),
        }
    person = assessment.person
    counts = {status: sum(1 for t in tests if t.status == status) for status in STATUS_WORDS}
    return ReportContext(
        person={
            "name": person.name,
            "age": person.age,
            "body_mass": _number(person.body_mass_kg, "kg"),
            "level": LEVEL_WORDS.get(person.level, str(person.level)),
            "goals": [g.replace("-", " ") for g in person.goals],
            "days": person.days_per_week,
            "minutes": person.minutes_per_session,
        },
        assessed_on=date_text(assessment.assessed_on),
        provenance=(
            f"Assessment {assessment.id}, made by slingcoach {assessment.software_version} "
            f"with exercise catalogue {assessment.catalogue_hash[:12]}."
        ),
        generated_on=_date_text(generated_on),
        refer=refer,
        urgent=any(hit.urgent for hit in assessment.red_flags),
        referral_text=assessment.referral_text,
        # Reasons the referral text does not already give, so the box does not repeat itself.
        red_flags=[
            hit.text
            for hit in assessment.red_flags
            if hit.text not in (assessment.referral_text or "")
        ],
        unanswered=[flag.replace("-", " ") for flag in assessment.unanswered_red_flags],
        odi=odi,
        odi_note=assessment.odi_note,
        tests=tests,
        summary_chart=summary_chart,
        findings=findings,
        focus=focus,
        mobility=[FOCUS_TAGS.get(tag, tag) for tag in assessment.mobility_needs],
        cautions=[CONTRAINDICATIONS.get(tag, tag) for tag in assessment.contraindications],
        signs=sorted({sign for f in assessment.findings for sign in f.signs}),
        notes=list(assessment.notes),
        sensors=_sensor_views(assessment),
        retest_weeks=retest_weeks,
        retest_tests=retest_tests,
        watch_pct=watch_pct,
        address_pct=address_pct,
        headline=_headline(findings, tests, refer),
        counts=counts,
    )


def render_html(
    assessment: Assessment,
    /,
    *,
    generated_on: dt.date | None = None,
    retest_weeks: int = DEFAULT_RETEST_WEEKS,
) -> str:
    """The report as one self-contained HTML document (inline CSS and SVG).

    Parameters
    ----------
    assessment
        The result of :func:`slingcoach.assessment.assess`; its date is printed in the
        header and its thresholds are the bands drawn on the charts.
    generated_on
        Printed in the header and footer when given; the report never reads the clock.
    retest_weeks
        When the tests are repeated ("what happens next").
    """
    from slingcoach.reports.render import render_template

    context = build_context(assessment, generated_on=generated_on, retest_weeks=retest_weeks)
    return render_template("assessment_report.html.j2", c=context)


def render_pdf(assessment: Assessment, /, **options: Any) -> bytes:
    """The report on A4 pages as PDF bytes (WeasyPrint); options as for :func:`render_html`."""
    from slingcoach.reports.render import html_to_pdf

    return html_to_pdf(render_html(assessment, **options))


def write_html(assessment: Assessment, path: Path | str, /, **options: Any) -> Path:
    """Write the HTML report to ``path``; options as for :func:`render_html`."""
    from slingcoach.reports.render import write_html_file

    return write_html_file(render_html(assessment, **options), path)


def write_pdf(assessment: Assessment, path: Path | str, /, **options: Any) -> Path:
    """Write the PDF report to ``path``; options as for :func:`render_html`."""
    from slingcoach.reports.render import write_pdf_file

    return write_pdf_file(render_html(assessment, **options), path)
