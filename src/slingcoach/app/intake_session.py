"""Keep the replies of an interrupted intake questionnaire, and read them back to resume.

When the person stops ``slingcoach intake`` (Ctrl-C, Ctrl-D) the replies typed so far go
to a partial file next to the requested output (``client.yaml`` → ``client.partial.yaml``);
``slingcoach intake --out client.yaml --resume`` reads them back, asks each question's
parser again (:func:`slingcoach.assessment.questionnaire.replay`) and goes on from the
first question without an answer. The partial file is removed once the intake is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from slingcoach.assessment.questionnaire import PartialIntake, SavedReply
from slingcoach.errors import InvalidInputError
from slingcoach.inputs import read_text
from slingcoach.structured import parse_yaml

Replies = dict[tuple[str, ...], str]


def partial_path(out: Path) -> Path:
    """Where the replies of an interrupted intake meant for ``out`` are kept.

    >>> partial_path(Path("clients/sam.yaml")).as_posix()
    'clients/sam.partial.yaml'
    >>> partial_path(Path("sam")).as_posix()
    'sam.partial.yaml'
    """
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    return out.with_name(f"{stem}.partial.yaml")


def save_partial(path: Path, replies: Replies, *, resume_command: str) -> None:
    """Write ``replies`` to ``path`` in one step (a temporary file renamed over it)."""
    import yaml

    document = PartialIntake(
        replies=[SavedReply(key=key, reply=text) for key, text in replies.items()]
    )
    data = document.model_dump(mode="json")
    header = (
        "# slingcoach intake: the replies typed so far (the questionnaire was interrupted).\n"
        f"# Continue with: {resume_command}\n"
    )
    text = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".intake-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_partial(path: Path) -> Replies:
    """The replies kept in ``path``; :class:`InvalidInputError` if it is not a partial intake."""
    source = str(path)
    doc = parse_yaml(read_text(path, what="partial intake"), source=source, what="partial intake")
    try:
        partial = PartialIntake.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        line = doc.line_of(tuple(first["loc"]))
        raise InvalidInputError(
            f"not a partial intake written by `slingcoach intake` ({first['msg']})",
            source=source,
            location=f"line {line}, {where}" if line else where,
        ) from None
    return {saved.key: saved.reply for saved in partial.replies}
