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

MAX_RECORDING_BYTES = 200 * 1024 * 1024
"""The largest recording kept in the database (our convention; lab files are far smaller)."""


def open_database(url: str | None = None, *, check: bool = True) -> Database:
    """The database the command works on (refuses one whose schema is behind)."""
    from slingcoach.storage.database import Database

    return Database(url, check=check)


def recording_files(intake: Intake, folder: Path) -> list[RecordingFile]:
    """The bytes of every recording the intake names (paths relative to ``folder``)."""
    from slingcoach.app.records import RecordingFile
    from slingcoach.errors import InvalidInputError

    files = []
    for recording in intake.recordings:
        path = Path(recording.path)
        path = path if path.is_absolute() else folder / path
        if not path.is_file():
            raise InvalidInputError("not a file; the recording cannot be kept", source=str(path))
        if path.stat().st_size > MAX_RECORDING_BYTES:
            raise InvalidInputError(
                f"larger than {MAX_RECORDING_BYTES // (1024 * 1024)} MB", source=str(path)
            )
        files.append(RecordingFile(name=recording.path, content=path.read_bytes()))
    return files
