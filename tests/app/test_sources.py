"""``app.sources.Source``: a path or uploaded bytes, read through ``slingcoach.inputs``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from slingcoach.app.sources import Source, as_source
from slingcoach.errors import InvalidInputError


def test_a_path_is_read_and_named_as_given(tmp_path: Path) -> None:
    path = tmp_path / "Client.YAML"
    path.write_bytes(b"\xef\xbb\xbfname: Zo\xc3\xab\n")
    source = as_source(path)
    assert source == Source.from_path(path) and source.name == str(path)
    assert source.suffix == ".yaml" and source.folder == tmp_path
    assert source.read_text(what="intake") == "name: Zoë\n"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\kim\\client.json", "client.json"),
        ("/abs/rec.csv", "rec.csv"),
        ("", "upload"),
    ],
)
def test_an_upload_keeps_only_the_base_name(sent: str, kept: str) -> None:
    source = Source.upload(b"x", name=sent)
    assert source.name == kept and source.path is None and source.folder is None
    assert source.relative("recordings/a.csv") is None


def test_exactly_one_of_path_and_bytes() -> None:
    with pytest.raises(ValueError, match="either a path or uploaded bytes"):
        Source(name="x")
    with pytest.raises(ValueError, match="either a path or uploaded bytes"):
        Source(name="x", path=Path("x"), data=b"")


def test_an_upload_over_the_limit_is_refused() -> None:
    source = Source.upload(b"x" * 11, name="big.csv")
    with pytest.raises(InvalidInputError, match=r"^big.csv: the uploaded EMG recording is 11 "):
        source.read_bytes(what="EMG recording", max_bytes=10)


def test_bytes_that_are_not_utf8_name_the_line() -> None:
    source = Source.upload(b"a: 1\nb: \xff\n", name="c.yaml")
    with pytest.raises(InvalidInputError, match=r"c.yaml, line 2, column 4: not a UTF-8"):
        source.read_text(what="intake")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "rec.csv"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInputError, match="is a pipe"):
        Source.from_path(fifo).read_bytes(what="EMG recording")
    with (
        pytest.raises(InvalidInputError, match="is a pipe"),
        Source.from_path(fifo).as_file(what="EMG recording"),
    ):
        pass


def test_as_file_gives_a_path_for_uploads_and_removes_it(tmp_path: Path) -> None:
    source = Source.upload(b"1,2\n", name="../My Trial.C3D")
    with source.as_file(what="recording") as path:
        assert path.name == "my-trial.c3d" and path.read_bytes() == b"1,2\n"
        assert tmp_path not in path.parents
    assert not path.exists() and not path.parent.exists()
    local = tmp_path / "a.csv"
    local.write_text("1\n", encoding="utf-8")
    with Source.from_path(local).as_file(what="recording") as same:
        assert same == local


def test_relative_names_resolve_next_to_the_file(tmp_path: Path) -> None:
    source = Source.from_path(tmp_path / "client.yaml")
    near = source.relative("recordings/a.csv")
    assert near is not None and near.path == tmp_path / "recordings" / "a.csv"
    far = source.relative("/data/b.csv")
    assert far is not None and far.path == Path("/data/b.csv")
