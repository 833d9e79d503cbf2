"""``slingcoach anatomy ...``: tables, JSON, diagrams and errors with exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slingcoach.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_muscles_json_lists_all_and_filters_by_group(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["anatomy", "muscles", "--json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 36
    code, out, _ = _run(["anatomy", "muscles", "--group", "glutes", "--json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["gluteus-maximus", "gluteus-medius", "gluteus-minimus"]
    assert rows[0]["slings"] == ["posterior-oblique"]


def test_muscles_table_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["anatomy", "muscles", "-g", "lats"], capsys)
    assert code == 0
    assert "latissimus-dorsi" in out and "lat —" in out


def test_unknown_group_suggests_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["anatomy", "muscles", "--group", "glute"], capsys)
    assert code == 2
    assert "error: unknown muscle group 'glute'. Did you mean: glutes?" in err
    assert "Traceback" not in out + err


def test_slings_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["anatomy", "slings", "--json"], capsys)
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert set(rows) == {"posterior-oblique", "anterior-oblique", "deep-longitudinal", "lateral"}
    assert rows["posterior-oblique"]["chain_right"] == (
        "right gluteus maximus → thoracolumbar fascia → left latissimus dorsi"
    )
    code, out, _ = _run(["anatomy", "slings"], capsys)
    assert code == 0 and "posterior-oblique" in out


def test_sling_prints_the_chain_and_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["anatomy", "sling", "posterior-oblique", "--side", "right"], capsys)
    assert code == 0
    assert "right gluteus maximus → thoracolumbar fascia → left latissimus dorsi" in out
    assert "When one link is weak or late" in out
    assert "Vleeming" in out


def test_sling_refuses_a_typo_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    # issue 11: a misspelt sling must not pass silently for another one
    code, _, err = _run(["anatomy", "sling", "posterior-obliqe", "--json"], capsys)
    assert code == 2
    assert "Did you mean: posterior-oblique" in err and "Valid slings:" in err


def test_sling_json_accepts_abbreviation_and_left_side(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["anatomy", "sling", "POS", "--side", "left", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "posterior-oblique" and data["side"] == "left"
    assert data["chain"][0] == {"structure": "gluteus-maximus", "side": "left"}
    assert data["chain"][2] == {"structure": "latissimus-dorsi", "side": "right"}
    assert data["files"] == []


def test_sling_writes_svg_and_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, png = tmp_path / "pos.svg", tmp_path / "pos.png"
    code, out, _ = _run(
        [
            "anatomy",
            "sling",
            "posterior-oblique",
            "--side",
            "right",
            "--svg",
            str(svg),
            "--png",
            str(png),
        ],
        capsys,
    )
    assert code == 0
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and 'class="sling-path"' in text
    assert 'id="back-view"' in text and 'id="front-view"' not in text  # posterior sling: back view
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote {svg}" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["anatomy", "sling", "oblique"],
            "unknown sling 'oblique'. Did you mean: posterior-oblique, anterior-oblique",
        ),
        (["anatomy", "sling", "lateral", "--side", "up"], "unknown side 'up'"),
        (["anatomy", "sling", "lateral", "--svg", "x.svg", "--view", "top"], "--view must be"),
        (["anatomy", "explain", "hamstrng"], "Did you mean: biceps-femoris"),
    ],
)
def test_bad_input_exits_2_without_traceback(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(argv, capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in out + err


def test_explain_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["anatomy", "explain", "glute max"], capsys)
    assert code == 0
    assert "gluteus maximus" in out and "butt muscle" in out and "Technical" in out
    code, out, _ = _run(["anatomy", "explain", "TLF", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "thoracolumbar-fascia" and data["kind"] == "structure"


def test_explain_lists_the_sources_of_a_structure(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["anatomy", "explain", "thoracolumbar-fascia"], capsys)
    assert code == 0
    sources = out[out.index("Sources") :]
    assert "  - Willard FH" in sources and "  - Barker PJ" in sources
