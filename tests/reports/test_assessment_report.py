"""The assessment report on real assessments of the sample clients: HTML, PDF, PNG pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markupsafe import escape

from slingcoach.assessment import Assessment, assess
from slingcoach.assessment.io import load_intake
from slingcoach.reports import assessment_report
from tests.assessment.helpers import ASSESSED_ON

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _assessment(name: str) -> Assessment:
    return assess(load_intake(SAMPLES / f"{name}.yaml"), assessed_on=ASSESSED_ON)


@pytest.fixture(scope="module")
def right_weak() -> Assessment:
    return _assessment("right-weak")


@pytest.fixture(scope="module")
def red_flag() -> Assessment:
    return _assessment("red-flag")


@pytest.fixture(scope="module")
def right_weak_html(right_weak: Assessment) -> str:
    return assessment_report.render_html(right_weak)


@pytest.fixture(scope="module")
def red_flag_html(red_flag: Assessment) -> str:
    return assessment_report.render_html(red_flag)


def _pdf_page_texts(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_the_sample_clients_give_the_findings_the_report_is_built_for(
    right_weak: Assessment, red_flag: Assessment
) -> None:
    # Guards the fixtures: the report tests below assume these shapes.
    assert not right_weak.refer and right_weak.findings
    assert right_weak.findings[0].side.value == "right"
    assert red_flag.refer and red_flag.referral_text


def test_html_shows_each_finding_its_evidence_and_diagram(
    right_weak: Assessment, right_weak_html: str
) -> None:
    html = right_weak_html
    for finding in right_weak.findings:
        assert "suggests" in finding.text
        assert str(escape(finding.text)) in html
        assert str(escape(finding.technical)) in html
        for evidence in finding.evidence:
            assert str(escape(evidence.name)) in html
    assert "Right posterior oblique sling" in html
    # One body diagram per finding, inline.
    assert html.count('class="diagram"') == len(right_weak.findings)
    assert "What happens next" in html
    assert "Re-test in 8 weeks" in html
    assert "Referral" not in html and 'class="referral"' not in html


def test_html_element_ids_are_unique_and_every_reference_resolves(right_weak_html: str) -> None:
    ids = re.findall(r'\bid="([^"]+)"', right_weak_html)
    assert len(ids) == len(set(ids))
    refs = set(re.findall(r"url\(#([^)]+)\)", right_weak_html))
    refs |= set(re.findall(r'href="#([^"]+)"', right_weak_html))
    assert refs <= set(ids)


def test_html_has_a_chart_per_charted_test_and_the_odi_band(
    right_weak: Assessment, right_weak_html: str
) -> None:
    charted = [t for t in right_weak.tests if t.kind != "binary"]
    assert right_weak_html.count('class="chart"') == len(charted)
    assert 'id="summary-' in right_weak_html
    assert right_weak.odi is not None
    assert f"<strong>{right_weak.odi.score_pct:.0f} %</strong>" in right_weak_html
    assert f"<strong>{right_weak.odi.band}</strong> band" in right_weak_html


def test_html_is_self_contained_and_mobile_friendly(right_weak_html: str) -> None:
    html = right_weak_html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media screen and (max-width: 640px)" in html
    assert "size: A4" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "@import" not in html and "<link" not in html and "<script" not in html
    assert "url(http" not in html


def test_html_dates_come_from_the_assessment_and_the_caller_not_the_clock(
    right_weak: Assessment,
) -> None:
    assert right_weak.assessed_on == dt.date(2026, 3, 2)
    dated = assessment_report.render_html(right_weak, generated_on=dt.date(2026, 3, 4))
    assert "Assessed on <strong>2 March 2026</strong>" in dated
    assert "made on 4 March 2026" in dated
    undated = assessment_report.render_html(right_weak)
    assert "Assessed on <strong>2 March 2026</strong>" in undated and "made on" not in undated


def test_html_ends_with_the_provenance_of_the_assessment(right_weak_html: str) -> None:
    from slingcoach import __version__

    a = _assessment("right-weak")
    assert (
        f"Assessment {a.id}, made by slingcoach {__version__} with exercise catalogue "
        f"{a.catalogue_hash[:12]}." in right_weak_html
    )


def test_html_is_byte_identical_for_the_same_assessment(
    right_weak: Assessment, right_weak_html: str
) -> None:
    from slingcoach.reports import plots

    plots._side_chart_svg.cache_clear()
    plots._summary_chart_svg.cache_clear()
    again = assessment_report.render_html(_assessment("right-weak"))
    assert again == right_weak_html


def test_referral_comes_first_and_no_training_advice_follows(
    red_flag: Assessment, red_flag_html: str
) -> None:
    html = red_flag_html
    assert red_flag.referral_text is not None
    box = html.index('class="referral"')
    assert str(escape(red_flag.referral_text)) in html
    assert html.index(str(escape(red_flag.referral_text))) > box
    # The box comes before any measurement.
    assert box < html.index('class="cards"') < html.index('class="chart')
    assert "Urgent: see a doctor today" in html
    assert "What happens next" not in html
    assert "training plan built" not in html
    for finding in red_flag.findings:
        for suggestion in finding.suggestions:
            assert str(escape(suggestion)) not in html
        assert str(escape(finding.text)) not in html
    assert "worth working on" not in html
    assert 'class="diagram"' not in html


def test_sensor_recordings_are_listed_in_the_technical_notes() -> None:
    from slingcoach.app.assessments import assess_file

    assessment = assess_file(SAMPLES / "right-weak.yaml", assessed_on=ASSESSED_ON)
    assert assessment.sensors
    html = assessment_report.render_html(assessment)
    notes = html[html.index("Technical notes for the coach") :]
    assert "Sensor recordings" in notes
    for recording in assessment.sensors:
        assert str(escape(recording.file)) in notes
        for item in recording.items:
            assert str(escape(item.text)) in notes


def test_balanced_client_reads_as_even(tmp_path: Path) -> None:
    balanced = _assessment("balanced")
    assert not balanced.findings
    html = assessment_report.render_html(balanced)
    assert "No test showed a difference" in html


def test_left_weak_client_names_the_left_side() -> None:
    left = _assessment("left-weak")
    html = assessment_report.render_html(left)
    assert "Left posterior oblique sling" in html
    assert "your left side works less well" in html


def test_pdf_of_the_right_weak_client(right_weak: Assessment, tmp_path: Path) -> None:
    target = assessment_report.write_pdf(right_weak, tmp_path / "report.pdf")
    assert target.read_bytes().startswith(b"%PDF-")
    texts = _pdf_page_texts(target)
    assert 3 <= len(texts) <= 6
    assert "Sam Rivera" in texts[0]
    assert "What the tests suggest" in texts[0]
    assert "page 1 of" in texts[0]
    joined = "\n".join(texts)
    assert "Technical notes for the coach" in joined
    assert "Assessment of Sam Rivera, 2 March 2026" in joined


def test_pdf_of_the_red_flag_client_opens_with_the_referral(
    red_flag: Assessment, tmp_path: Path
) -> None:
    from slingcoach.reports.render import pdf_to_pngs

    target = assessment_report.write_pdf(red_flag, tmp_path / "red.pdf")
    texts = _pdf_page_texts(target)
    assert 1 <= len(texts) <= 3
    first = texts[0]
    assert "Urgent: see a doctor today" in first
    assert first.index("Urgent") < first.index("Back pain and daily life")
    pages = pdf_to_pngs(target, tmp_path / "png", scale=0.5)
    assert len(pages) == len(texts)
    assert pages[0].read_bytes().startswith(b"\x89PNG")


def test_write_html_writes_the_rendered_text(right_weak: Assessment, tmp_path: Path) -> None:
    path = assessment_report.write_html(right_weak, tmp_path / "r.html")
    assert path.read_text(encoding="utf-8") == assessment_report.render_html(right_weak)


def test_chart_bands_follow_the_thresholds_of_the_assessment(right_weak: Assessment) -> None:
    from slingcoach.assessment import Thresholds

    # The legends name the bands: "< 10 %", "10–15 %", "> 15 %" by default.
    default = assessment_report.render_html(right_weak)
    assert ">10–15 %<" in default and ">&lt; 10 %<" in default
    intake = load_intake(SAMPLES / "right-weak.yaml")
    strict = assess(intake, assessed_on=ASSESSED_ON, thresholds=Thresholds(5.0, 8.0))
    custom = assessment_report.render_html(strict)
    assert ">5–8 %<" in custom and ">&lt; 5 %<" in custom and ">&gt; 8 %<" in custom
    assert ">10–15 %<" not in custom and ">&lt; 10 %<" not in custom
