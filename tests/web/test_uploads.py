"""The upload helper: size and type checked by name and content, stored outside the web root,
served back only as an attachment."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from fastapi import UploadFile

from slingcoach.errors import InvalidInputError
from slingcoach.web.uploads import (
    CheckedUpload,
    download_response,
    read_upload,
    safe_name,
    store_upload,
)


def _read(
    name: str, content: bytes, max_bytes: int = 1000, kinds: tuple = ("csv", "c3d")
) -> CheckedUpload:
    upload = UploadFile(io.BytesIO(content), filename=name)
    return asyncio.run(read_upload(upload, max_bytes=max_bytes, kinds=kinds))


def test_a_csv_passes_with_its_digest() -> None:
    checked = _read("../left jump.CSV", b"time,force_l\n0,700\n")
    assert checked.name == "left_jump.CSV" and checked.kind == "csv"
    assert checked.size_bytes == 19 and len(checked.sha256) == 64


def test_a_real_c3d_passes(tmp_path: Path) -> None:
    import numpy as np

    from slingcoach.signals.io import write_c3d
    from slingcoach.signals.recording import Recording

    path = tmp_path / "trial.c3d"
    recording = Recording.from_rate(
        {"R_GMAX": np.zeros(200)}, sampling_rate_hz=1000.0, units={"R_GMAX": "mV"}, source="test"
    )
    write_c3d(path, recording)
    content = path.read_bytes()
    assert _read(path.name, content, max_bytes=len(content)).kind == "c3d"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.csv", b"a," * 600, r"larger than the 0\.000953674 MiB allowed"),
        ("empty.csv", b"", "empty.csv is empty"),
        ("page.csv", b"  <!DOCTYPE html><script>alert(1)</script>", "looks like a web page"),
        ("pic.csv", b"<svg onload=alert(1)>", "looks like a web page"),
        ("trial.csv", b"time\x00force", "binary data"),
        ("trial.csv", "zeit;kraft\n0;7\u00e4".encode("latin-1"), "not UTF-8 text"),
        ("trial.c3d", b"\x02\x00" + b"\x00" * 600, "not a C3D file"),
        ("notes.html", b"hello", r"only \.csv, \.txt, \.c3d files can be uploaded here"),
        ("run.exe", b"MZ", "only"),
    ],
)
def test_bad_uploads_are_refused_with_the_field_named(
    name: str, content: bytes, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        _read(name, content)
    assert info.value.location == "file"


def test_only_the_kinds_asked_for_are_taken() -> None:
    with pytest.raises(InvalidInputError, match=r"only \.c3d files"):
        _read("trial.csv", b"a,b\n", kinds=("c3d",))


def test_stored_uploads_get_a_random_name_under_the_upload_folder(tmp_path: Path) -> None:
    checked = _read("trial.csv", b"t,f\n0,1\n")
    first = store_upload(checked, tmp_path / "uploads")
    second = store_upload(checked, tmp_path / "uploads")
    assert first != second and first.read_bytes() == checked.content
    assert first.is_relative_to(tmp_path / "uploads") and first.suffix == ".csv"
    assert "trial" not in first.name


def test_downloads_are_attachments_that_never_render() -> None:
    response = download_response(b"<html>", 'x".html', "text/html")
    assert response.headers["content-disposition"] == 'attachment; filename="x_.html"'
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]


def test_safe_names() -> None:
    assert safe_name(None) == "upload"
    assert safe_name("...") == "upload"
    assert safe_name("a/b/c.c3d") == "c.c3d"
