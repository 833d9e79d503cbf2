"""``slingcoach assess``, ``slingcoach schema`` and ``slingcoach intake`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from slingcoach.cli import app, main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
runner = CliRunner()


def test_assess_json_has_the_documented_fields() -> None:
    result = runner.invoke(app, ["assess", str(SAMPLES / "right-weak.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["refer"] is False and data["red_flags"] == []
    assert set(data["odi"]) >= {"score_pct", "band"}
    test = data["tests"][0]
    assert set(test) >= {"id", "left", "right", "unit", "percent_difference", "weaker_side"}
    finding = data["findings"][0]
    assert set(finding) >= {"id", "sling", "side", "severity", "confidence", "evidence", "text"}
    assert finding["sling"] == "posterior-oblique" and finding["side"] == "right"
    assert set(finding["evidence"][0]) >= {"test", "left", "right", "asymmetry"}


def test_assess_summary_red_flags_first() -> None:
    result = runner.invoke(app, ["assess", str(SAMPLES / "red-flag.yaml")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "SEE A CLINICIAN NOW" in out
    assert out.index("CLINICIAN") < out.index("Oswestry") < out.index("Left vs right")
    assert "saddle-numbness" in out


def test_assess_summary_for_people() -> None:
    result = runner.invoke(app, ["assess", str(SAMPLES / "left-weak.yaml")])
    assert result.exit_code == 0, result.output
    assert "Left vs right" in result.stdout and "lateral sling" in result.stdout
    assert "no red flags" in result.stdout


def test_fault_counts_print_as_counts() -> None:
    result = runner.invoke(
        app, ["assess", str(SAMPLES / "left-weak.yaml"), "--no-recordings"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "2 vs 0 faults" in result.stdout


def test_thresholds_are_configurable() -> None:
    args = ["assess", str(SAMPLES / "balanced.yaml"), "--json"]
    default = json.loads(runner.invoke(app, args).stdout)
    strict = json.loads(
        runner.invoke(app, [*args, "--watch-pct", "3", "--address-pct", "5"]).stdout
    )
    assert all(t["status"] == "fine" for t in default["tests"])
    assert any(t["status"] in ("watch", "address") for t in strict["tests"])


def test_threshold_option_defaults_are_the_assessment_defaults() -> None:
    import inspect

    from slingcoach.assessment import DEFAULT_THRESHOLDS
    from slingcoach.cli.assessment import assess_command

    params = inspect.signature(assess_command).parameters
    assert params["watch_pct"].default == DEFAULT_THRESHOLDS.watch_pct
    assert params["address_pct"].default == DEFAULT_THRESHOLDS.address_pct


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("right: 12}", "}", "the right side is missing"),
        ("body_mass_kg: 72.0", "body_mass_kg: 0", "person.body_mass_kg: 0 is not plausible"),
        ("age: 44", "age: -3", "person.age: -3 is not plausible"),
        ("{left: 15, right: 16}", "{left: lots, right: 16}", "expected a number, got text 'lots'"),
        (
            "single-leg-bridge-hold",
            "single-leg-bridge-hodl",
            "Did you mean: single-leg-bridge-hold",
        ),
    ],
)
def test_bad_input_exit_2_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    text = (SAMPLES / "balanced.yaml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", str(bad), "--html", str(html), "--pdf", str(pdf)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}, line ") and message in err
    assert "Traceback" not in err
    assert not html.exists() and not pdf.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.yaml", "", "the file is empty"),
        ("notes.txt", "a: [1,\n", "not valid YAML"),
        ("x.json", "{nope", "not valid JSON"),
    ],
)
def test_not_an_intake_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", str(path), "--json"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_schema_commands() -> None:
    intake = runner.invoke(app, ["schema", "intake"])
    assert intake.exit_code == 0
    assert json.loads(intake.stdout)["title"] == "slingcoach intake"
    assessment = runner.invoke(app, ["schema", "assessment"])
    assert json.loads(assessment.stdout)["title"] == "slingcoach assessment"
    program = runner.invoke(app, ["schema", "program"])  # refused before the documents registry
    assert program.exit_code == 0 and "weeks_count" in json.loads(program.stdout)["properties"]


# One answer per line, in question order; "<" goes back one question.
ANSWERS = [
    "Kim Lee",  # name
    "thirty",  # age: not a number -> asked again
    "500",  # age: not plausible -> asked again
    "33",
    "70",  # body mass
    "",  # height skipped
    "<",  # back to height
    "172",
    "female",
    "right",  # hand
    "right",  # leg
    "2",  # level
    "3",  # days
    "45",  # minutes
    "sandbag, dumbbell, rope",  # unknown equipment -> asked again
    "sandbag, dumbbell",
    "strength, running",
    "hamstring right 2026-06 no",
    "y",  # stiff lower back
    "right",  # tight hamstrings
    "back left",  # extra warm-up
    "",  # buttock/SIJ pain
    "deadlift right",
    "3",  # pain now
    "sitting",
    *["n"] * 15,  # red flags
    "y",  # ODI
    "2", "1", "2", "1", "2", "1", "1", "", "1", "1",
    "list",  # shows the test ids, then asks again
    "single-leg-glute-bridge-reps, hhd-hip-extension",
    "24",  # bridge left
    "19",  # bridge right
    "0.42",  # lever arm
    "400, 410",  # hhd left
    "330, 340",  # hhd right
]  # fmt: skip


def test_intake_questionnaire_writes_a_valid_file(tmp_path: Path) -> None:
    out = tmp_path / "client.yaml"
    result = runner.invoke(app, ["intake", "--out", str(out)], input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("expected a number") == 1
    assert "at most 110" in result.output or "less than or equal to 110" in result.output
    assert "not known: rope" in result.output
    assert "single-arm-row-reps: one-arm rows" in result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["person"]["age"] == 33 and data["person"]["height_cm"] == 172
    assert data["training"]["equipment"] == ["sandbag", "dumbbell"]
    assert data["signs"]["extra_warm_up"] == [{"region": "back", "side": "left"}]
    assert data["odi"]["sex-life"] is None
    assert data["tests"]["hhd-hip-extension"]["left"] == [400.0, 410.0]
    assessed = runner.invoke(app, ["assess", str(out), "--json"])
    assert assessed.exit_code == 0, assessed.output
    finding = json.loads(assessed.stdout)["findings"][0]
    assert finding["id"] == "posterior-oblique-right"


def test_intake_refuses_to_overwrite_and_abort_writes_nothing(tmp_path: Path) -> None:
    existing = tmp_path / "client.yaml"
    existing.write_text("keep me\n", encoding="utf-8")
    result = runner.invoke(app, ["intake", "--out", str(existing)], input="x\n")
    assert result.exit_code != 0
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    fresh = tmp_path / "fresh.yaml"
    aborted = runner.invoke(app, ["intake", "--out", str(fresh)], input="Kim\n33\n")
    assert aborted.exit_code != 0
    assert not fresh.exists()


def test_html_report_is_written(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    result = runner.invoke(app, ["assess", str(SAMPLES / "right-weak.yaml"), "--html", str(html)])
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    assert "Sam Rivera" in text and "posterior oblique" in text.lower()


def test_custom_thresholds_reach_the_report_charts(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    argv = ["assess", str(SAMPLES / "right-weak.yaml"), "--no-recordings", "--html", str(html)]
    result = runner.invoke(app, [*argv, "--watch-pct", "5", "--address-pct", "8"])
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    assert ">5–8 %<" in text and ">10–15 %<" not in text
