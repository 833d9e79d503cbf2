"""Reading user files safely: limits, file checks, text decoding and safe output names.

Every reader of a file a person gives us (intakes, recordings, label overrides,
catalogue imports) goes through :func:`read_bytes` and :func:`decode_text`, so that
a folder, a FIFO, a device such as ``/dev/zero``, a file too large or bytes that are
not UTF-8 end in one clear :class:`~slingcoach.errors.InvalidInputError` instead of a
hang, a memory blow-up or a traceback. File names built from people's names go
through :func:`slug` and :func:`output_file`, so that nothing is written outside the
folder the person chose.

The limits are our own conventions, sized far above any real intake or recording
(a sample intake is about 2 kB; an hour of 16-channel EMG at 2 kHz as text is about
700 MB). Each can be changed with an environment variable named
``SLINGCOACH_<FIELD>`` (for example ``SLINGCOACH_MAX_RECORDING_BYTES=2000000000``);
:func:`limits` reads them. ``docs/limits.md`` lists them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from slingcoach.errors import InvalidInputError

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "check_file",
    "decode_text",
    "limits",
    "output_file",
    "read_bytes",
    "read_head",
    "read_text",
    "slug",
]

_MIB = 1024 * 1024
_MAX_DEPTH_CAP = 200


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what slingcoach accepts from a user file (our conventions).

    Attributes
    ----------
    max_document_bytes
        Intakes, preferences and label-override files (YAML or JSON). A full intake
        is a few kilobytes; 1 MiB leaves room for long notes and many trials, and
        parses in about 2 s as YAML.
    max_catalogue_bytes
        Exercise catalogues imported from files (the whole free-exercise-db export is
        about 1 MB).
    max_recording_bytes
        Sensor recordings (EMG, force, pose as CSV, text, JSON or C3D).
    max_depth
        Nesting of mappings and lists in a document. An intake nests 4 levels deep.
        At most 200 (Python's parsers recurse once per level).
    max_yaml_aliases
        YAML aliases (``*name``) in one document. Intakes have no use for them beyond
        repeating a block by hand; the limit keeps "billion laughs" files out.
    max_yaml_nodes
        Values in one YAML document once every alias is expanded: the size the
        document would have written out in full.
    """

    max_document_bytes: int = 1 * _MIB
    max_catalogue_bytes: int = 32 * _MIB
    max_recording_bytes: int = 1024 * _MIB
    max_depth: int = 32
    max_yaml_aliases: int = 100
    max_yaml_nodes: int = 100_000

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"limit {field.name} must be a whole number >= 0, got {value!r}")
        if self.max_depth > _MAX_DEPTH_CAP:
            # Python's JSON and YAML parsers recurse once per level (1000 frames by default).
            raise ValueError(
                f"limit max_depth must be at most {_MAX_DEPTH_CAP}, got {self.max_depth}"
            )


#: The limits slingcoach uses unless the environment changes them.
DEFAULT_LIMITS = Limits()

_ENV_PREFIX = "SLINGCOACH_"

#: The error class the readers raise; signals readers pass ``InvalidRecordingError``.
ErrorType = type[InvalidInputError]


def limits(environ: Mapping[str, str] | None = None) -> Limits:
    """The limits in force: :data:`DEFAULT_LIMITS`, changed by ``SLINGCOACH_<FIELD>`` variables.

    Parameters
    ----------
    environ
        The variables to read (default :data:`os.environ`).

    Examples
    --------
    >>> limits({"SLINGCOACH_MAX_DEPTH": "10"}).max_depth
    10
    >>> limits({}) == DEFAULT_LIMITS
    True
    """
    environ = os.environ if environ is None else environ
    changes: dict[str, int] = {}
    for field in dataclasses.fields(Limits):
        name = _ENV_PREFIX + field.name.upper()
        text = environ.get(name)
        if text is None or not text.strip():
            continue
        try:
            value = int(text.strip().replace("_", ""))
        except ValueError:
            value = -1
        if value < 0:
            raise InvalidInputError(
                f"expected a whole number >= 0, got {text!r}",
                source=f"environment variable {name}",
            )
        if field.name == "max_depth" and value > _MAX_DEPTH_CAP:
            raise InvalidInputError(
                f"expected at most {_MAX_DEPTH_CAP} (Python's parsers recurse once per level), "
                f"got {text!r}",
                source=f"environment variable {name}",
            )
        changes[field.name] = value
    return dataclasses.replace(DEFAULT_LIMITS, **changes) if changes else DEFAULT_LIMITS


def _describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "is not a regular file"


def _size_words(n_bytes: int) -> str:
    if n_bytes >= _MIB:
        return f"{n_bytes / _MIB:.1f} MiB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.1f} KiB"
    return f"{n_bytes} bytes"


def _too_large(
    source: str, what: str, size: str, max_bytes: int, error: ErrorType
) -> InvalidInputError:
    return error(
        f"the {what} is {size}, more than the limit of {_size_words(max_bytes)} "
        f"({max_bytes} bytes); check that this is the right file, or raise the limit "
        "(see docs/limits.md)",
        source=source,
    )


def check_file(
    path: str | Path,
    *,
    what: str,
    max_bytes: int | None = None,
    error: ErrorType = InvalidInputError,
) -> Path:
    """Check that ``path`` is a regular file no larger than ``max_bytes``, without reading it.

    For readers that must hand a path to a library (a C3D reader); everything else
    uses :func:`read_bytes`. ``max_bytes`` defaults to the document limit.
    """
    path = Path(path)
    source = str(path)
    limit = limits().max_document_bytes if max_bytes is None else max_bytes
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(f"file not found; expected the {what}", source=source) from None
    except PermissionError:
        raise error(f"permission denied reading this {what}", source=source) from None
    except OSError as exc:
        raise error(f"cannot read this {what} ({exc.strerror or exc})", source=source) from None
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{_describe_mode(info.st_mode)}, expected the {what} file", source=source)
    if info.st_size > limit:
        raise _too_large(source, what, _size_words(info.st_size), limit, error)
    return path


def read_bytes(
    path: str | Path,
    *,
    what: str,
    max_bytes: int | None = None,
    error: ErrorType = InvalidInputError,
) -> bytes:
    """Read a user's file whole, refusing anything that is not a regular file of sane size.

    Parameters
    ----------
    path
        The file the person named.
    what
        What the file should be, in the person's words ("intake", "EMG recording"); the
        error messages use it.
    max_bytes
        Refuse files larger than this; default :attr:`Limits.max_document_bytes` of
        :func:`limits`.
    error
        The class of the error raised (a subclass of ``InvalidInputError``, such as
        ``InvalidRecordingError`` for the signals readers).

    Raises
    ------
    InvalidInputError
        The path is missing, a folder, a FIFO, a device, a socket, unreadable or larger
        than ``max_bytes``; the message names the path.

    Notes
    -----
    The file is opened without blocking (so a FIFO cannot hang the open) and checked
    with ``fstat`` on the open descriptor (so it cannot be swapped between the check
    and the read); at most ``max_bytes + 1`` bytes are read, so a file that grows while
    it is read is still refused.
    """
    path = Path(path)
    limit = limits().max_document_bytes if max_bytes is None else max_bytes
    data = _read_regular(path, what=what, limit=limit, head=False, error=error)
    if len(data) > limit:
        raise _too_large(str(path), what, f"more than {_size_words(limit)}", limit, error)
    return data


def read_text(
    path: str | Path,
    *,
    what: str,
    max_bytes: int | None = None,
    error: ErrorType = InvalidInputError,
) -> str:
    """:func:`read_bytes` then :func:`decode_text`: a user's UTF-8 text file, checked."""
    data = read_bytes(path, what=what, max_bytes=max_bytes, error=error)
    return decode_text(data, source=str(path), error=error)


def read_head(
    path: str | Path, *, what: str, n_bytes: int = 4096, error: ErrorType = InvalidInputError
) -> str:
    """The first ``n_bytes`` of a user's file as text (undecodable bytes replaced).

    For sniffing a file's format from its first line: the same checks as
    :func:`read_bytes` (a FIFO or ``/dev/zero`` is refused, not read), no size limit
    since only the head is read.
    """
    data = _read_regular(Path(path), what=what, limit=n_bytes - 1, head=True, error=error)
    return data[:n_bytes].decode("utf-8-sig", errors="replace")


def _read_regular(path: Path, *, what: str, limit: int, head: bool, error: ErrorType) -> bytes:
    """At most ``limit + 1`` bytes of ``path`` once it is known to be a regular file.

    With ``head`` a file larger than ``limit`` is not an error.
    """
    source = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"file not found; expected the {what}", source=source) from None
    except IsADirectoryError:
        raise error(f"is a folder, expected the {what} file", source=source) from None
    except PermissionError:
        raise error(f"permission denied reading this {what}", source=source) from None
    except OSError as exc:
        raise error(f"cannot open this {what} ({exc.strerror or exc})", source=source) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{_describe_mode(info.st_mode)}, expected the {what} file", source=source)
        if info.st_size > limit and not head:
            raise _too_large(source, what, _size_words(info.st_size), limit, error)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 4 * _MIB))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise error(f"cannot read this {what} ({exc.strerror or exc})", source=source) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def decode_text(data: bytes, *, source: str, error: ErrorType = InvalidInputError) -> str:
    """Decode a user's file as UTF-8 (a byte-order mark is allowed and dropped).

    Raises
    ------
    InvalidInputError
        A byte that is not UTF-8, or a NUL byte (a binary file); the message names the
        byte offset, line and column.

    Examples
    --------
    >>> decode_text("\\ufeffa,b".encode(), source="x.csv")
    'a,b'
    >>> decode_text(b"ok\\n\\xff", source="x.csv")
    Traceback (most recent call last):
    ...
    slingcoach.errors.InvalidInputError: x.csv, line 2, column 1: not a UTF-8 text file (byte 3 is 0xff); save it as UTF-8
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
        raise error(
            f"not a UTF-8 text file (byte {bad} is 0x{data[bad]:02x}); save it as UTF-8",
            source=source,
            location=_line_column(data, bad),
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        offset = len(text[:nul].encode("utf-8")) + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise error(
            f"not a text file (byte {offset} is a NUL byte, as in binary files)",
            source=source,
            location=_line_column(data, offset),
        )
    return text


def _line_column(data: bytes, offset: int) -> str:
    """1-based line and column (in bytes) of ``offset`` in ``data``."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Names Windows reserves for devices, whatever the extension (our convention: avoid them
# everywhere, so that a folder copied to Windows still opens).
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
_MAX_SLUG = 64


def slug(name: str) -> str:
    """A safe file-name stem made from a name: lowercase ASCII letters, digits and hyphens.

    Accents are folded (``"Zoë"`` → ``"zoe"``), everything else becomes a hyphen, so
    the result never holds a separator, a dot or ``..``. It is never empty (``"unnamed"``
    stands in) and at most 64 characters.

    Examples
    --------
    >>> slug("../../Escaped Client")
    'escaped-client'
    >>> slug("Zoë O'Neil")
    'zoe-o-neil'
    >>> slug("   ")
    'unnamed'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = _NOT_SLUG.sub("-", folded.lower()).strip("-")
    stem = stem[:_MAX_SLUG].rstrip("-") or "unnamed"
    if stem in _RESERVED:
        stem = f"{stem}-file"
    return stem


def output_file(folder: str | Path, name: str, suffix: str) -> Path:
    """The path ``<folder>/<slug(name)><suffix>``, refused if it would land outside ``folder``.

    ``suffix`` is our own fixed ending (``"-program.ics"``) and may hold only letters,
    digits, ``-``, ``_`` and ``.``. The check resolves symbolic links, so a link planted in
    the output folder that points elsewhere is refused as well.

    Examples
    --------
    >>> output_file("out", "../../escaped", "-program.ics").as_posix()
    'out/escaped-program.ics'
    """
    if not re.fullmatch(r"[A-Za-z0-9_.\-]*", suffix) or ".." in suffix:
        raise ValueError(f"file suffix {suffix!r} must be letters, digits, '-', '_' or '.'")
    folder = Path(folder)
    target = folder / f"{slug(name)}{suffix}"
    base = folder.resolve()
    resolved = target.resolve()
    if resolved.parent != base:
        raise InvalidInputError(
            f"{target.name} would be written to {resolved}, outside the output folder; "
            "remove the link or choose another folder",
            source=str(target),
        )
    return target
