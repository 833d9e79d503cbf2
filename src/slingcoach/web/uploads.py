"""Uploaded files: size and type checked, kept outside the web root, served only as downloads.

- :func:`read_upload` reads an upload in chunks and stops past ``max_bytes`` (nothing larger
  is held in memory), then checks the file's type by its name *and* its content: a CSV must
  be UTF-8 text without NUL bytes, a C3D must carry the C3D signature byte (0x50 in the second
  byte of the header, C3D.org file format). Content that looks like HTML or SVG is refused
  whatever its name, so no upload can ever run script in a browser.
- :func:`store_upload` writes it under ``settings.upload_dir`` (outside the package and its
  ``static`` folder) with a random name; the original name is kept only as data.
- :func:`download_response` serves bytes back as an attachment with ``nosniff`` and a
  sandboxing CSP, never inline as HTML.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Literal

from fastapi import UploadFile
from fastapi.responses import Response

from slingcoach.errors import InvalidInputError

UploadKind = Literal["csv", "c3d"]
EXTENSIONS: dict[UploadKind, tuple[str, ...]] = {"csv": (".csv", ".txt"), "c3d": (".c3d",)}
CHUNK_BYTES = 64 * 1024
C3D_SIGNATURE = 0x50
"""Second byte of every C3D file's header (C3D.org, "The C3D File Format User Guide")."""
_MARKUP = re.compile(rb"^\s*(?:<\?xml|<!doctype|<html|<svg|<script|<body|<iframe)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: its safe base name, type, bytes and digest."""

    name: str
    kind: UploadKind
    content: bytes
    sha256: str

    @property
    def size_bytes(self) -> int:
        return len(self.content)


def safe_name(name: str | None) -> str:
    """The base name of an uploaded file without folders or odd characters.

    >>> safe_name("../../etc/passwd")
    'passwd'
    >>> safe_name("C:\\\\trials\\\\left jump 1.csv")
    'left_jump_1.csv'
    """
    base = PurePath((name or "").replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")
    return cleaned[:120] or "upload"


async def read_upload(
    upload: UploadFile, *, max_bytes: int, kinds: tuple[UploadKind, ...], field: str = "file"
) -> CheckedUpload:
    """The upload's bytes after the size and type checks.

    Raises
    ------
    InvalidInputError
        Empty, larger than ``max_bytes``, of a type not in ``kinds``, or content that does
        not match its name (``location`` is ``field``, for the form's message).
    """
    name = safe_name(upload.filename)
    kind = _kind_of(name, kinds, field)
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise InvalidInputError(
                f"{name} is larger than the {_mib(max_bytes)} allowed", location=field
            )
        parts.append(chunk)
    content = b"".join(parts)
    check_content(content, kind, name=name, field=field)
    return CheckedUpload(name, kind, content, hashlib.sha256(content).hexdigest())


def check_content(content: bytes, kind: UploadKind, *, name: str, field: str = "file") -> None:
    """Refuse content that is empty, markup, or not what ``kind`` says."""
    if not content:
        raise InvalidInputError(f"{name} is empty", location=field)
    if _MARKUP.match(content[:512]):
        raise InvalidInputError(f"{name} looks like a web page, not a recording", location=field)
    if kind == "c3d":
        if len(content) < 512 or content[1] != C3D_SIGNATURE:
            raise InvalidInputError(f"{name} is not a C3D file (no C3D header)", location=field)
        return
    if b"\x00" in content[:CHUNK_BYTES]:
        raise InvalidInputError(
            f"{name} is not a text CSV file (it has binary data)", location=field
        )
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{name} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8", location=field
        ) from None


def store_upload(upload: CheckedUpload, upload_dir: Path) -> Path:
    """Write a checked upload under ``upload_dir`` with a random name; returns the path."""
    folder = upload_dir / upload.sha256[:2]
    folder.mkdir(parents=True, exist_ok=True)
    suffix = EXTENSIONS[upload.kind][0]
    path = folder / f"{secrets.token_hex(16)}{suffix}"
    with path.open("xb") as out:
        out.write(upload.content)
    return path


def download_response(content: bytes, filename: str, media_type: str) -> Response:
    """Bytes as a download: attachment, ``nosniff``, and a CSP that runs nothing."""
    name = safe_name(filename)
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


def _kind_of(name: str, kinds: tuple[UploadKind, ...], field: str) -> UploadKind:
    lowered = name.lower()
    for kind in kinds:
        if lowered.endswith(EXTENSIONS[kind]):
            return kind
    allowed = ", ".join(ext for kind in kinds for ext in EXTENSIONS[kind])
    raise InvalidInputError(f"{name}: only {allowed} files can be uploaded here", location=field)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"
