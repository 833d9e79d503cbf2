"""What the CLI needs to reach storage: open the database, read the files to keep.

The database is ``SLINGCOACH_DATABASE_URL``, or the embedded SQLite file in the user's data
folder; ``--db`` on a command overrides both.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from slingcoach.app.records import RecordingFile
    from slingcoach.assessment import Intake
    from slingcoach.storage.database import Database

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: SLINGCOACH_DATABASE_URL, else the SQLite file in the "
        "user's data folder).",
        show_default=False,
    ),
]


def open_database(url: str | None = None, *, check: bool = True) -> Database:
    """The database the command works on (refuses one whose schema is behind)."""
    from slingcoach.storage.database import Database

    return Database(url, check=check)


def recording_files(intake: Intake, folder: Path) -> list[RecordingFile]:
    """The bytes of every recording the intake names (paths relative to ``folder``)."""
    from slingcoach.app.records import RecordingFile
    from slingcoach.inputs import limits, read_bytes

    most = limits().max_recording_bytes
    files = []
    for recording in intake.recordings:
        path = Path(recording.path)
        path = path if path.is_absolute() else folder / path
        content = read_bytes(path, what=f"{recording.kind} recording", max_bytes=most)
        files.append(RecordingFile(name=recording.path, content=content))
    return files
