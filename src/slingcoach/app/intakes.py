"""Load and validate an intake, from a file or an upload, with the files it names.

An intake names its recordings (and EMG label files) by path, relative to its own folder.
For an intake on this machine those paths are looked up next to it; an uploaded intake has
no folder, so its recordings must be uploaded with it (``attachments``) and are matched by
the name the intake gives: an upload can never make slingcoach read a file of this machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from slingcoach.app.sources import Source, as_source
from slingcoach.assessment.intake import Intake


@dataclass(frozen=True)
class IntakeFile:
    """A validated intake and where it came from (to find the files it names)."""

    intake: Intake
    source: Source
    attachments: Mapping[str, Source] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The intake's file name as messages show it."""
        return self.source.name

    def file(self, name: str) -> Source | None:
        """The file the intake calls ``name`` (a recording or a label file), or ``None``.

        Looked up among the attachments by the name as written, then by its last part;
        then, for an intake on this machine, relative to the intake's folder.
        """
        if name in self.attachments:
            return self.attachments[name]
        base = PurePosixPath(name.replace("\\", "/")).name
        if base in self.attachments:
            return self.attachments[base]
        return self.source.relative(name)

    def where(self, name: str) -> str:
        """Where :meth:`file` looked for ``name``, in words (for a "not found" message)."""
        found = self.source.relative(name)
        if found is not None:
            return str(found.name)
        listed = ", ".join(sorted(self.attachments)) or "none"
        return f"among the uploaded files (uploaded: {listed})"


def load_intake(
    source: Source | str | Path, *, attachments: Mapping[str, Source] | None = None
) -> IntakeFile:
    """Read and validate an intake (YAML, or JSON for a ``.json`` name).

    Raises
    ------
    InvalidInputError
        The file cannot be read, is not YAML/JSON, or does not fit the intake model; the
        message names the file, the line and the field (:mod:`slingcoach.assessment.io`).
    """
    from slingcoach.assessment.io import parse_intake

    source = as_source(source)
    text = source.read_text(what="intake")
    intake = parse_intake(text, source=source.name, json_only=source.suffix == ".json")
    uploads = {_key(name): upload for name, upload in (attachments or {}).items()}
    return IntakeFile(intake=intake, source=source, attachments=uploads)


def _key(name: str) -> str:
    return name.replace("\\", "/")
