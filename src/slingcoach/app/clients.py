"""Use cases for clients: add, list, show (one transaction each).

A client is named by a slug (``sam-rivera``), made from the name when none is given; the
CLI and the web app accept the slug wherever a client is asked for.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from slingcoach.app._time import utc_now
from slingcoach.errors import ConflictError, InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import Client

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80


class ClientCreate(BaseModel):
    """What it takes to add a client."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(default=None, description="the id to type; made from the name")
    body_mass_kg: float | None = Field(default=None, gt=20, lt=400)

    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("the name is empty")
        return value

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and (not SLUG.match(value) or len(value) > SLUG_MAX):
            raise ValueError(
                f"{value!r} is not a client id: use lowercase letters, digits and single "
                f"hyphens, at most {SLUG_MAX} characters (e.g. sam-rivera)"
            )
        return value


class ClientSummary(BaseModel):
    """One row of the client list."""

    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    body_mass_kg: float | None
    created_at: dt.datetime
    assessments: int
    programs: int
    last_assessed_on: dt.date | None


class AssessmentSummary(BaseModel):
    """A stored assessment, in brief."""

    model_config = ConfigDict(frozen=True)

    id: str
    assessed_on: dt.date
    refer: bool
    findings: list[str] = Field(description="each finding's one-line summary")
    recordings: list[str] = Field(description="file names of the recordings kept")


class ProgramSummary(BaseModel):
    """A stored program, in brief."""

    model_config = ConfigDict(frozen=True)

    id: str
    start_date: dt.date
    weeks: int
    assessment_id: str | None


class ClientDetail(BaseModel):
    """A client with their history."""

    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    body_mass_kg: float | None
    created_at: dt.datetime
    intakes: int
    assessments: list[AssessmentSummary]
    programs: list[ProgramSummary]
    notes: list[str]


def slugify(name: str) -> str:
    """A client id from a name: ASCII, lowercase, words joined by hyphens.

    >>> slugify("  Zoë  O'Brien-Smith ")
    'zoe-o-brien-smith'
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "client"


def add_client(db: Database, new: ClientCreate, *, now: dt.datetime | None = None) -> ClientSummary:
    """Store a new client; the slug is made unique (``-2``, ``-3``) unless it was given.

    Raises
    ------
    ConflictError
        The slug was given and another client has it.
    """
    from sqlalchemy import select

    from slingcoach.storage.tables import Client

    created = utc_now(now)
    with db.write() as session:
        if new.slug is not None:
            slug = new.slug
            if session.scalar(select(Client.id).where(Client.slug == slug)) is not None:
                raise ConflictError(f"a client with the id {slug!r} exists already")
        else:
            slug = _free_slug(session, slugify(new.name))
        client = Client(slug=slug, name=new.name, body_mass_kg=new.body_mass_kg, created_at=created)
        session.add(client)
        session.flush()
        return _summary(session, client)


def list_clients(db: Database) -> list[ClientSummary]:
    """Every client, by name."""
    from sqlalchemy import select

    from slingcoach.storage.tables import Client

    with db.read() as session:
        clients = session.scalars(select(Client).order_by(Client.name, Client.slug)).all()
        return [_summary(session, client) for client in clients]


def show_client(db: Database, ref: str) -> ClientDetail:
    """One client with their assessments, programs and notes (newest last)."""
    from sqlalchemy import func, select

    from slingcoach.anatomy import get_anatomy
    from slingcoach.storage.documents import load_assessment
    from slingcoach.storage.tables import AssessmentRow, IntakeRow, NoteRow, ProgramRow

    with db.read() as session:
        client = find_client(session, ref)
        intakes = session.scalar(
            select(func.count()).select_from(IntakeRow).where(IntakeRow.client_id == client.id)
        )
        assessments = []
        rows = session.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.client_id == client.id)
            .order_by(AssessmentRow.assessed_on, AssessmentRow.id)
        ).all()
        for row in rows:
            assessment = load_assessment(row.document)
            assessments.append(
                AssessmentSummary(
                    id=row.uid,
                    assessed_on=row.assessed_on,
                    refer=row.refer,
                    findings=[
                        f"{f.side.value} {get_anatomy().sling(f.sling).name}: "
                        f"severity {f.severity}, "
                        f"confidence {f.confidence}"
                        for f in assessment.findings
                    ],
                    recordings=[r.file_name for r in row.recordings],
                )
            )
        uids = {row.id: row.uid for row in rows}
        programs = [
            ProgramSummary(
                id=row.uid,
                start_date=row.start_date,
                weeks=row.weeks,
                assessment_id=uids.get(row.assessment_id) if row.assessment_id else None,
            )
            for row in session.scalars(
                select(ProgramRow)
                .where(ProgramRow.client_id == client.id)
                .order_by(ProgramRow.start_date, ProgramRow.id)
            )
        ]
        notes = [
            f"{note.created_at.date().isoformat()} ({note.author}): {note.text}"
            for note in session.scalars(
                select(NoteRow)
                .where(NoteRow.client_id == client.id)
                .order_by(NoteRow.created_at, NoteRow.id)
            )
        ]
        return ClientDetail(
            slug=client.slug,
            name=client.name,
            body_mass_kg=client.body_mass_kg,
            created_at=client.created_at,
            intakes=int(intakes or 0),
            assessments=assessments,
            programs=programs,
            notes=notes,
        )


class NoteCreate(BaseModel):
    """A note about a client."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1, max_length=5000)
    author: Literal["coach", "client"] = "coach"


def add_note(db: Database, ref: str, note: NoteCreate, *, now: dt.datetime | None = None) -> str:
    """Keep a note about a client; returns the note as ``show_client`` lists it."""
    from slingcoach.storage.tables import NoteRow

    created = utc_now(now)
    with db.write() as session:
        client = find_client(session, ref)
        session.add(
            NoteRow(client_id=client.id, author=note.author, text=note.text, created_at=created)
        )
    return f"{created.date().isoformat()} ({note.author}): {note.text}"


def find_client(session: Session, ref: str) -> Client:
    """The client whose slug is ``ref``; :class:`NotFoundError` with close matches otherwise."""
    import difflib

    from sqlalchemy import select

    from slingcoach.storage.tables import Client

    if not ref or len(ref) > SLUG_MAX:
        raise InvalidInputError(f"{ref[:40]!r} is not a client id", source="client")
    client = session.scalar(select(Client).where(Client.slug == ref))
    if client is not None:
        return client
    slugs = list(session.scalars(select(Client.slug)))
    close = difflib.get_close_matches(ref, slugs, n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    listing = " (`slingcoach clients list` shows them)" if slugs else " (there are no clients yet)"
    raise NotFoundError(f"no client with the id {ref!r}{listing}.{hint}")


def _free_slug(session: Session, base: str) -> str:
    from sqlalchemy import select

    from slingcoach.storage.tables import Client

    taken = set(
        session.scalars(
            select(Client.slug).where((Client.slug == base) | Client.slug.like(f"{base}-%"))
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _summary(session: Session, client: Client) -> ClientSummary:
    from sqlalchemy import func, select

    from slingcoach.storage.tables import AssessmentRow, ProgramRow

    count, last = session.execute(
        select(func.count(AssessmentRow.id), func.max(AssessmentRow.assessed_on)).where(
            AssessmentRow.client_id == client.id
        )
    ).one()
    programs = session.scalar(
        select(func.count()).select_from(ProgramRow).where(ProgramRow.client_id == client.id)
    )
    return ClientSummary(
        slug=client.slug,
        name=client.name,
        body_mass_kg=client.body_mass_kg,
        created_at=client.created_at,
        assessments=int(count or 0),
        programs=int(programs or 0),
        last_assessed_on=last,
    )
