"""One type for a file a person gives us: a path on this machine, or uploaded bytes with a name.

Every use case that reads a user's file takes a :class:`Source`, so the CLI (paths) and the
web app (uploads) run the same code. Reading goes through :mod:`slingcoach.inputs`, which
refuses folders, FIFOs, devices and files over the size limits with one clear error.

>>> upload = Source.upload(b"person: {}", name="../../client.yaml")
>>> upload.name, upload.suffix, upload.folder is None
('client.yaml', '.yaml', True)
>>> upload.read_text(what="intake")
'person: {}'
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from slingcoach.errors import InvalidInputError
from slingcoach.inputs import check_file, decode_text, limits, read_bytes, slug


def _base_name(name: str) -> str:
    """The last part of an uploaded file's name, whatever separators the sender used."""
    return PureWindowsPath(PurePosixPath(name).name).name.strip()


@dataclass(frozen=True)
class Source:
    """A user's file: ``path`` on this machine, or ``data`` uploaded under ``name``.

    Build one with :meth:`from_path` or :meth:`upload`. ``name`` is what messages call the
    file: the path as given, or the uploaded file's base name (folders a sender put in the
    name are dropped, so an upload can never name a place on this machine).
    """

    name: str
    path: Path | None = None
    data: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if (self.path is None) == (self.data is None):
            raise ValueError("a Source is either a path or uploaded bytes, not both or neither")

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        """A file on this machine, named in messages as given."""
        return cls(name=str(path), path=Path(path))

    @classmethod
    def upload(cls, data: bytes, *, name: str) -> Source:
        """Bytes a person uploaded, with the file name they came with."""
        return cls(name=_base_name(name) or "upload", data=bytes(data))

    @property
    def suffix(self) -> str:
        """The file-name ending in lowercase (``".yaml"``), which decides the format."""
        return PurePosixPath(self.name.replace("\\", "/")).suffix.lower()

    @property
    def folder(self) -> Path | None:
        """The folder of a file on this machine (relative names in it resolve there)."""
        return None if self.path is None else self.path.parent

    def read_bytes(self, *, what: str, max_bytes: int | None = None) -> bytes:
        """The whole content; refused when it is not a regular file or is over ``max_bytes``.

        ``max_bytes`` defaults to the document limit of :func:`slingcoach.inputs.limits`.
        """
        if self.path is not None:
            return read_bytes(self.path, what=what, max_bytes=max_bytes)
        assert self.data is not None
        limit = limits().max_document_bytes if max_bytes is None else max_bytes
        if len(self.data) > limit:
            raise InvalidInputError(
                f"the uploaded {what} is {len(self.data)} bytes, more than the limit of "
                f"{limit} bytes (see docs/limits.md)",
                source=self.name,
            )
        return self.data

    def read_text(self, *, what: str, max_bytes: int | None = None) -> str:
        """The content as UTF-8 text (a byte-order mark is dropped); errors name line and byte."""
        return decode_text(self.read_bytes(what=what, max_bytes=max_bytes), source=self.name)

    @contextmanager
    def as_file(self, *, what: str, max_bytes: int | None = None) -> Iterator[Path]:
        """A path to the content, for readers that need one (C3D files, for example).

        A file on this machine is checked (a regular file under the limit) and used where it
        is; uploaded bytes are written to a private temporary folder, under a safe name
        with the same ending, and removed afterwards.
        """
        if self.path is not None:
            yield check_file(self.path, what=what, max_bytes=max_bytes)
            return
        data = self.read_bytes(what=what, max_bytes=max_bytes)
        stem = slug(PurePosixPath(self.name).stem)
        with tempfile.TemporaryDirectory(prefix="slingcoach-") as folder:
            target = Path(folder) / f"{stem}{self.suffix}"
            target.write_bytes(data)
            yield target

    def relative(self, name: str) -> Source | None:
        """The file ``name`` next to this one (absolute names as given); ``None`` for an upload.

        Intakes name their recordings and label files relative to their own folder.
        """
        if self.path is None:
            return None
        target = Path(name).expanduser()
        return Source.from_path(target if target.is_absolute() else self.path.parent / target)


def as_source(value: Source | str | Path) -> Source:
    """``value`` as a :class:`Source` (a path given as text or :class:`~pathlib.Path`)."""
    return value if isinstance(value, Source) else Source.from_path(value)
