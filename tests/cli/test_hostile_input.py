"""Input that cannot hurt us: each case of issue 11 ends in one `error:` line and exit 2, quickly.

The cases run the CLI's entry point (``slingcoach.cli.main``: the same exit codes and
messages as the installed command) in a thread with limits, so a hang fails the test
instead of stalling the suite: on CPU time (a busy hang), which other work on a shared
machine hardly changes, and on a generous wall time (a hang that waits on a pipe or a lock). Ctrl-C and Ctrl-D in ``slingcoach intake`` run the
real command in a subprocess. Each case also checks that nothing was written.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from slingcoach.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CPU_LIMIT_S = 20.0  # far above the worst case (about a second of CPU); only a hang gets near it
# A hang that waits uses no CPU: the wall limit catches it, with room for a machine whose
# cores are shared with other work (the CPU limit is the sharp one).
WALL_LIMIT_S = 180.0


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, float]:
    """Exit code, stderr and CPU seconds of ``slingcoach ARGV``; fails if it spends more than
    CPU_LIMIT_S of this process's CPU time or WALL_LIMIT_S of wall time."""
    outcome: dict[str, int] = {}

    def target() -> None:
        try:
            main(argv)
            outcome["code"] = 0
        except SystemExit as exc:
            outcome["code"] = int(exc.code or 0)

    command = f"slingcoach {' '.join(argv)}"
    cpu_start, deadline = time.process_time(), time.monotonic() + WALL_LIMIT_S
    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        cpu = time.process_time() - cpu_start
        assert cpu < CPU_LIMIT_S, f"{command} used more than {CPU_LIMIT_S} s of CPU"
        assert time.monotonic() < deadline, f"{command} ran past {WALL_LIMIT_S} s"
    return outcome["code"], capsys.readouterr().err, time.process_time() - cpu_start


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def _sample() -> dict[str, object]:
    data = yaml.safe_load((SAMPLES / "right-weak.yaml").read_text(encoding="utf-8"))
    data.pop("recordings", None)
    return data


def _laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def _intake_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (intake file, pattern its error line must match)."""
    cases: dict[str, tuple[Path, str]] = {}

    def put(name: str, content: str | bytes, pattern: str) -> None:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        cases[name] = (path, pattern)

    bomb = _laughs()
    assert len(bomb) < 450
    put("bomb.yaml", bomb, r"bomb\.yaml, line \d+, column \d+: the aliases .* expand to more")
    big = _sample()
    big["person"] = {**big["person"], "notes": ["x" * 100] * 120_000}  # type: ignore[dict-item]
    put("big.json", json.dumps(big), r"big\.json: the intake is 11\.\d MiB, more than the limit")
    put(
        "deep.yaml",
        "person:\n  name: " + "[" * 500 + "]" * 500 + "\n",
        r"deep\.yaml, line 2, column \d+: nested more than 32 levels",
    )
    put(
        "deep.json",
        '{"person":\n' + "[" * 500 + "]" * 500 + "}",
        r"deep\.json, line 2, column \d+: nested more than 32 levels",
    )
    text = (SAMPLES / "right-weak.yaml").read_text(encoding="utf-8")
    assert "when: 2022-03" in text
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "when: 2022-03" in ln)
    put(
        "date.yaml",
        text.replace("when: 2022-03", "when: 2023-13-45"),
        rf"date\.yaml, line {line}, injuries\[0\]\.when: give the date as .*'2023-13-45'",
    )
    put(
        "latin1.yaml",
        "person:\n  name: Zo\xeb\n".encode("latin-1"),
        r"line 2, column 11: not a UTF-8",
    )
    return cases


@pytest.mark.parametrize(
    "name", ["bomb.yaml", "big.json", "deep.yaml", "deep.json", "date.yaml", "latin1.yaml"]
)
def test_hostile_intakes_end_in_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    import re

    path, pattern = _intake_cases(tmp_path)[name]
    out = tmp_path / "out"
    out.mkdir()
    for command in (
        ["assess", str(path), "--json", str(out / "a.json"), "--html", str(out / "a.html")],
        ["plan", str(path), "--ics", str(out / "p.ics"), "--out", str(out)],
    ):
        code, err, _ = _run(command, capsys)
        assert code == 2, err
        assert re.search(pattern, _one_error_line(err)), err
        assert _files(out) == set()


def _emg_csv(tmp_path: Path) -> Path:
    path = tmp_path / "emg.csv"
    path.write_bytes(b"time_s,L_GMAX,R_GMAX\n0.000,0.01,0.02\n0.001,\xe9,0.02\n")
    return path


@pytest.mark.parametrize("kind", ["emg", "forceplate", "pose"])
def test_non_utf8_recording_names_byte_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    code, err, _ = _run(["analyse", kind, str(_emg_csv(tmp_path))], capsys)
    assert code == 2, err
    assert "emg.csv, line 3, column 7: not a UTF-8 text file (byte 43 is 0xe9)" in _one_error_line(
        err
    )


def _special_paths(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    return {
        "device": (Path("/dev/zero"), "is a device"),
        "fifo": (fifo, r"is a pipe \(FIFO\)"),
        "folder": (folder, "is a folder"),
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX")
@pytest.mark.parametrize("special", ["device", "fifo", "folder"])
@pytest.mark.parametrize("kind", ["emg", "forceplate", "pose"])
def test_recording_that_is_not_a_file_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, special: str
) -> None:
    import re

    path, pattern = _special_paths(tmp_path)[special]
    code, err, _ = _run(["analyse", kind, str(path), "--json"], capsys)
    assert code == 2, err
    assert re.search(rf"{re.escape(str(path))}: {pattern}", _one_error_line(err)), err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_intake_recording_that_is_a_device_is_reported_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _sample()
    data["recordings"] = [{"path": "/dev/zero", "kind": "emg", "task": "prone-hip-extension"}]
    intake = tmp_path / "c.yaml"
    intake.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, err, _ = _run(["assess", str(intake), "--json", str(tmp_path / "a.json")], capsys)
    assert code == 0, err  # one unusable recording is an error entry; the assessment goes on
    saved = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert "/dev/zero: is a device" in json.dumps(saved["sensors"])
    (tmp_path / "a.json").unlink()
    code, err, _ = _run(
        ["assess", str(intake), "--strict", "--json", str(tmp_path / "a.json")], capsys
    )
    assert code == 2
    assert "/dev/zero: is a device" in _one_error_line(err)
    assert not (tmp_path / "a.json").exists()


def test_client_name_cannot_escape_the_output_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from slingcoach.reports import program_export

    # The file's path is under test, not the PDF's layout (seconds of CPU): the renderer is
    # replaced by one that returns a minimal PDF header.
    monkeypatch.setattr(program_export, "render_pdf", lambda program, **_: b"%PDF-1.7\n")
    data = _sample()
    data["person"] = {**data["person"], "name": "../../escaped"}  # type: ignore[dict-item]
    work = tmp_path / "a" / "b"
    out = work / "out"
    out.mkdir(parents=True)
    intake = work / "c.yaml"
    intake.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, err, _ = _run(["plan", str(intake), "--pdf", "--out", str(out), "--weeks", "4"], capsys)
    assert code == 0, err
    assert {p.name for p in _files(tmp_path)} == {"c.yaml", "escaped-program.pdf"}
    assert all(p.parent == out for p in _files(tmp_path) if p.suffix != ".yaml")


# -- Ctrl-C and Ctrl-D in the questionnaire ---------------------------------------------------


def _intake_process(out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "slingcoach", "intake", "--out", str(out), *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=out.parent,
    )


def _wait_for(process: subprocess.Popen[str], text: str) -> str:
    """Read stdout until ``text`` shows (the prompt is written without a newline)."""
    import selectors

    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + WALL_LIMIT_S
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while text not in seen:
            assert time.monotonic() < deadline, seen
            if selector.select(timeout=0.1):
                chunk = os.read(process.stdout.fileno(), 4096)
                assert chunk, seen  # the process ended before asking
                seen += chunk.decode()
    return seen


def test_ctrl_d_keeps_the_answers_and_resume_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "sam.yaml"
    first = subprocess.run(
        [sys.executable, "-m", "slingcoach", "intake", "--out", str(out)],
        input="Sam Rivera\n38\n",
        capture_output=True,
        text=True,
        timeout=WALL_LIMIT_S,
        cwd=tmp_path,
    )
    assert first.returncode == 130, first.stderr
    partial = tmp_path / "sam.partial.yaml"
    assert f"2 replies kept in {partial}" in first.stderr
    assert f"slingcoach intake --out {out} --resume" in first.stderr
    assert "internal error" not in first.stderr and "Traceback" not in first.stderr
    assert not out.exists()
    kept = yaml.safe_load(partial.read_text(encoding="utf-8"))
    assert kept["replies"] == [
        {"key": ["person", "name"], "reply": "Sam Rivera"},
        {"key": ["person", "age"], "reply": "38"},
    ]

    again = subprocess.run(
        [sys.executable, "-m", "slingcoach", "intake", "--out", str(out)],
        input="",
        capture_output=True,
        text=True,
        timeout=WALL_LIMIT_S,
        cwd=tmp_path,
    )
    assert again.returncode == 2
    assert "--resume" in again.stderr and partial.exists()

    resumed = subprocess.run(
        [sys.executable, "-m", "slingcoach", "intake", "--out", str(out), "--resume"],
        input="78.5\n",
        capture_output=True,
        text=True,
        timeout=WALL_LIMIT_S,
        cwd=tmp_path,
    )
    assert resumed.returncode == 130, resumed.stderr
    assert "Resuming from" in resumed.stdout and "2 replies kept" in resumed.stdout
    assert "Name:" not in resumed.stdout  # answered questions are not asked again
    assert "3 replies kept" in resumed.stderr


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_keeps_the_answers(tmp_path: Path) -> None:
    out = tmp_path / "sam.yaml"
    process = _intake_process(out)
    assert process.stdin is not None
    _wait_for(process, "Name:")
    process.stdin.write("Sam Rivera\n")
    process.stdin.flush()
    _wait_for(process, "Age in years:")
    process.send_signal(signal.SIGINT)
    process.wait(timeout=WALL_LIMIT_S)
    assert process.stderr is not None
    err = process.stderr.read()
    assert process.returncode == 130, err
    assert "1 replies kept" in err and "--resume" in err
    assert "internal error" not in err and "Traceback" not in err
    assert (tmp_path / "sam.partial.yaml").exists()
    assert not out.exists()


def test_resumed_intake_writes_the_same_file_and_removes_the_partial(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from slingcoach.cli import app
    from tests.cli.test_assess_cli import ANSWERS

    runner = CliRunner()
    whole = tmp_path / "whole.yaml"
    assert (
        runner.invoke(
            app, ["intake", "--out", str(whole)], input="\n".join(ANSWERS) + "\n"
        ).exit_code
        == 0
    )

    out = tmp_path / "sam.yaml"
    split = ANSWERS.index("female") + 2  # stop after the hand question
    stopped = runner.invoke(
        app, ["intake", "--out", str(out)], input="\n".join(ANSWERS[:split]) + "\n"
    )
    assert stopped.exit_code == 130
    partial = tmp_path / "sam.partial.yaml"
    assert len(yaml.safe_load(partial.read_text(encoding="utf-8"))["replies"]) == 6
    rest = "\n".join(ANSWERS[split:]) + "\n"
    resumed = runner.invoke(app, ["intake", "--out", str(out), "--resume"], input=rest)
    assert resumed.exit_code == 0, resumed.output
    assert out.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    assert not partial.exists()


def test_replay_asks_again_for_a_reply_that_no_longer_fits(tmp_path: Path) -> None:
    from slingcoach.app.intake_session import load_partial, partial_path, save_partial
    from slingcoach.assessment import questionnaire as qn

    partial = partial_path(tmp_path / "sam.yaml")
    save_partial(partial, {("person", "name"): "Sam", ("person", "age"): "abc"}, resume_command="x")
    answers, used, notes = qn.replay(load_partial(partial))
    assert answers == {("person", "name"): "Sam"}
    assert used == {("person", "name"): "Sam"}
    assert len(notes) == 1 and "'abc'" in notes[0]
    assert qn.first_unanswered(answers) == 1


def test_a_file_that_is_not_a_partial_intake_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sam.partial.yaml").write_text("replies: [{key: [], reply: 1}]\n", encoding="utf-8")
    code, err, _ = _run(["intake", "--out", str(tmp_path / "sam.yaml"), "--resume"], capsys)
    assert code == 2
    assert "sam.partial.yaml, line 1, replies.0.key: not a partial intake" in _one_error_line(err)


def test_ctrl_c_elsewhere_is_aborted_not_an_internal_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("slingcoach.exercises.get_catalogue", interrupted)
    code, err, _ = _run(["exercises", "list"], capsys)
    assert code == 130
    assert "internal error" not in err and "Traceback" not in err
