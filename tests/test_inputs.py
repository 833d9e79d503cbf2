"""Safe reading of user files: limits, file checks, decoding, slugs and output paths."""

from __future__ import annotations

import doctest
import os
import threading
from pathlib import Path

import pytest

from slingcoach import inputs
from slingcoach.errors import InvalidInputError
from slingcoach.inputs import (
    DEFAULT_LIMITS,
    Limits,
    check_file,
    decode_text,
    limits,
    output_file,
    read_bytes,
    slug,
)


def test_doctests_pass() -> None:
    result = doctest.testmod(inputs)
    assert result.attempted >= 8
    assert result.failed == 0


# --- limits -------------------------------------------------------------------------


def test_defaults_are_documented_values() -> None:
    assert DEFAULT_LIMITS.max_document_bytes == 1024 * 1024
    assert DEFAULT_LIMITS.max_depth == 32
    assert limits({}) is DEFAULT_LIMITS


def test_environment_changes_a_limit() -> None:
    changed = limits({"SLINGCOACH_MAX_RECORDING_BYTES": "1_000", "SLINGCOACH_MAX_DEPTH": " 5 "})
    assert changed.max_recording_bytes == 1000
    assert changed.max_depth == 5
    assert changed.max_document_bytes == DEFAULT_LIMITS.max_document_bytes


@pytest.mark.parametrize("bad", ["lots", "-1", "1.5"])
def test_environment_value_that_is_not_a_count_is_refused(bad: str) -> None:
    with pytest.raises(InvalidInputError, match=r"SLINGCOACH_MAX_DEPTH: expected a whole number"):
        limits({"SLINGCOACH_MAX_DEPTH": bad})


def test_limits_refuse_negative_values_and_depths_python_cannot_parse() -> None:
    with pytest.raises(ValueError, match="max_depth"):
        Limits(max_depth=-1)
    with pytest.raises(ValueError, match="at most 200"):
        Limits(max_depth=201)
    with pytest.raises(InvalidInputError, match="SLINGCOACH_MAX_DEPTH: expected at most 200"):
        limits({"SLINGCOACH_MAX_DEPTH": "5000"})


# --- read_bytes ---------------------------------------------------------------------


def test_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"person: {}\n")
    assert read_bytes(path, what="intake") == b"person: {}\n"


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(InvalidInputError, match=r"nope\.yaml: file not found; expected the intake"):
        read_bytes(path, what="intake")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        InvalidInputError, match=r"is a folder, expected the recording file"
    ) as info:
        read_bytes(tmp_path, what="recording")
    assert str(tmp_path) in str(info.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_device_is_refused_without_reading() -> None:
    with pytest.raises(InvalidInputError, match=r"/dev/zero: is a device, expected the recording"):
        read_bytes("/dev/zero", what="recording")
    with pytest.raises(InvalidInputError, match=r"is a device"):
        check_file("/dev/zero", what="recording")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            read_bytes(fifo, what="EMG recording")
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "reading a FIFO hung"
    assert isinstance(outcome[0], InvalidInputError)
    assert "is a pipe (FIFO)" in str(outcome[0])


def test_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 2049)
    with pytest.raises(InvalidInputError, match=r"big\.json: the intake is 2\.0 KiB, more than"):
        read_bytes(path, what="intake", max_bytes=2048)
    assert read_bytes(path, what="intake", max_bytes=2049) == b"x" * 2049
    with pytest.raises(InvalidInputError, match=r"more than the limit"):
        check_file(path, what="intake", max_bytes=2048)


def test_default_limit_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 100)
    monkeypatch.setenv("SLINGCOACH_MAX_DOCUMENT_BYTES", "99")
    with pytest.raises(InvalidInputError, match=r"more than the limit of 99 bytes"):
        read_bytes(path, what="intake")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_bytes(b"a: 1")
    path.chmod(0)
    with pytest.raises(InvalidInputError, match=r"secret\.yaml: permission denied"):
        read_bytes(path, what="intake")


def test_check_file_returns_the_path(tmp_path: Path) -> None:
    path = tmp_path / "a.c3d"
    path.write_bytes(b"\x02P")
    assert check_file(path, what="C3D recording", max_bytes=10) == path
    with pytest.raises(InvalidInputError, match="file not found"):
        check_file(tmp_path / "b.c3d", what="C3D recording")
    with pytest.raises(InvalidInputError, match="is a folder"):
        check_file(tmp_path, what="C3D recording")


# --- decode_text --------------------------------------------------------------------


def test_decodes_utf8_and_drops_the_bom() -> None:
    assert decode_text("\ufeffZoë".encode(), source="a") == "Zoë"
    assert decode_text(b"", source="a") == ""


def test_non_utf8_byte_names_offset_line_and_column() -> None:
    data = b"time,L_GMAX\n0.0,1.0\n0.1,\xe9\n"
    with pytest.raises(InvalidInputError) as info:
        decode_text(data, source="emg.csv")
    assert str(info.value) == (
        "emg.csv, line 3, column 5: not a UTF-8 text file (byte 24 is 0xe9); save it as UTF-8"
    )


def test_nul_byte_is_called_binary() -> None:
    with pytest.raises(
        InvalidInputError, match=r"line 2, column 2: not a text file \(byte 4 is a NUL byte"
    ):
        decode_text(b"ab\nc\x00d", source="x")
    with pytest.raises(InvalidInputError, match=r"byte 5 is a NUL byte"):
        decode_text(b"\xef\xbb\xbfab\x00", source="x")


# --- slug and output_file -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Alex Example", "alex-example"),
        ("../../escaped", "escaped"),
        ("..", "unnamed"),
        ("", "unnamed"),
        ("a/b\\c:d", "a-b-c-d"),
        ("Zoë Ångström", "zoe-angstrom"),
        ("李雷", "unnamed"),
        ("CON", "con-file"),
        ("x" * 200, "x" * 64),
        ("--Name--", "name"),
        ("a\x00b\nc", "a-b-c"),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_slug_never_escapes_for_any_text() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.text(max_size=80))
    def check(name: str) -> None:
        stem = slug(name)
        assert stem
        assert len(stem) <= 64
        assert set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        assert not stem.startswith("-")
        assert not stem.endswith("-")

    check()


def test_output_file_stays_in_the_folder(tmp_path: Path) -> None:
    target = output_file(tmp_path, "../../escaped", "-program.ics")
    assert target == tmp_path / "escaped-program.ics"
    assert target.resolve().parent == tmp_path.resolve()


def test_output_file_refuses_a_planted_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "alex-program.ics").symlink_to(outside / "stolen.ics")
    with pytest.raises(InvalidInputError, match=r"outside the output folder"):
        output_file(out, "Alex", "-program.ics")


@pytest.mark.parametrize("suffix", ["/x.ics", "-..ics", "-a b.ics"])
def test_output_file_refuses_an_odd_suffix(tmp_path: Path, suffix: str) -> None:
    with pytest.raises(ValueError, match="suffix"):
        output_file(tmp_path, "a", suffix)
