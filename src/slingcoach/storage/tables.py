"""The tables (SQLAlchemy 2, typed ``Mapped[]`` columns).

Domain documents (intake, assessment, program) are stored whole as JSON (JSONB on
PostgreSQL) beside their ``schema_version``; columns exist only for what is queried
(dates, the client, the refer flag). Every change here goes with an Alembic migration in
``migrations/versions`` (``tests/storage/test_migrate.py`` checks that they agree).

Timestamps are stored in UTC and read back time-zone aware on both databases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Names for constraints and indexes, so that migrations can refer to them on both databases.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Document = JSON().with_variant(JSONB(), "postgresql")
"""A whole JSON document: JSONB on PostgreSQL, JSON text on SQLite."""


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A time-zone-aware UTC timestamp on both databases (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be time-zone aware")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: Document,
    }


class Coach(Base):
    """A coach; clients belong to one (the web app adds accounts)."""

    __tablename__ = "coaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    created_at: Mapped[dt.datetime]


class Client(Base):
    """A person coached: ``slug`` is the id people type (``sam-rivera``)."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("coaches.id", ondelete="SET NULL"))
    body_mass_kg: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime]

    intakes: Mapped[list[IntakeRow]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="IntakeRow.id"
    )


class IntakeRow(Base):
    """An intake as the client filled it in (the whole document)."""

    __tablename__ = "intakes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime]
    schema_version: Mapped[str] = mapped_column(String(20))
    document: Mapped[dict[str, Any]]

    client: Mapped[Client] = relationship(back_populates="intakes")


class AssessmentRow(Base):
    """An assessment (the whole document) with the recordings it analysed."""

    __tablename__ = "assessments"
    __table_args__ = (Index(None, "client_id", "assessed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id", ondelete="SET NULL"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    refer: Mapped[bool] = mapped_column(Boolean)
    schema_version: Mapped[str] = mapped_column(String(20))
    document: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime]

    intake: Mapped[IntakeRow | None] = relationship()
    recordings: Mapped[list[RecordingRow]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="RecordingRow.position"
    )


class RecordingRow(Base):
    """A sensor recording: the original file's bytes, kept, and its derived results."""

    __tablename__ = "recordings"
    __table_args__ = (UniqueConstraint("assessment_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    results: Mapped[dict[str, Any] | None]

    assessment: Mapped[AssessmentRow] = relationship(back_populates="recordings")


class ProgramRow(Base):
    """A program block (the whole document); the latest one by start date is the current one."""

    __tablename__ = "programs"
    __table_args__ = (Index(None, "client_id", "start_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )
    start_date: Mapped[dt.date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    schema_version: Mapped[str] = mapped_column(String(20))
    document: Mapped[dict[str, Any]]
    # [{date, keys}] of the planned sessions: the flag list reads them without the document
    sessions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]


class NoteRow(Base):
    """A free-text note about a client, by the coach or the client."""

    __tablename__ = "notes"
    __table_args__ = (Index(None, "client_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class WorkoutRow(Base):
    """A logged training session: date, how it felt, notes, red flags reported."""

    __tablename__ = "workouts"
    __table_args__ = (Index(None, "client_id", "performed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="SET NULL"), index=True
    )
    performed_on: Mapped[dt.date] = mapped_column(Date)
    session_rpe: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    red_flags: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]

    entries: Mapped[list[LogEntryRow]] = relationship(
        back_populates="workout", cascade="all, delete-orphan", order_by="LogEntryRow.position"
    )


class LogEntryRow(Base):
    """One exercise of a logged session; its sets (a part per side) are stored whole."""

    __tablename__ = "log_entries"
    __table_args__ = (UniqueConstraint("workout_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    item_key: Mapped[str | None] = mapped_column(String(20))
    exercise_id: Mapped[str] = mapped_column(String(120))
    swapped_from: Mapped[str | None] = mapped_column(String(120))
    sets: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    max_pain: Mapped[int | None] = mapped_column(Integer)

    workout: Mapped[WorkoutRow] = relationship(back_populates="entries")


class ProgressionRow(Base):
    """The current prescription of one side of one exercise, updated as sessions are logged.

    ``version`` counts updates; writers lock the row (``SELECT ... FOR UPDATE``) so that two
    sessions logged at once never lose an update.
    """

    __tablename__ = "progressions"
    __table_args__ = (UniqueConstraint("client_id", "exercise_id", "side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(120))
    side: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(20))
    load_kg: Mapped[float | None] = mapped_column(Float)
    target: Mapped[int] = mapped_column(Integer)
    misses: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime]


# --- webcore: accounts, sessions, invites, password resets, rate limits -------------------


class UserRow(Base):
    """A person who signs in: a coach (``coach_id``) or a client (``client_id``).

    ``email`` is stored lower-case; ``password_hash`` is an argon2id string.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    coach_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaches.id", ondelete="CASCADE"), unique=True
    )
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime]
    password_changed_at: Mapped[dt.datetime]
    last_login_at: Mapped[dt.datetime | None]


class WebSessionRow(Base):
    """A signed-in browser: only the SHA-256 of the cookie's token is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class InviteRow(Base):
    """A coach's single-use, expiring invitation for a client to sign up (token stored hashed)."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class PasswordResetRow(Base):
    """A single-use, expiring password-reset link sent by e-mail (token stored hashed)."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class RateLimitHitRow(Base):
    """One counted attempt (a failed login, a reset e-mail) under its key
    (``login-account:<email>``, ``login-ip:<address>``, ``reset:<email>``) and when it was
    made: the log a sliding-window limit counts."""

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index(None, "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    at: Mapped[dt.datetime]


# ---------------------------------------------------------------------------- coach (issue 15)
class ProgramEditRow(Base):
    """A coach's change to a stored program: who, when, what (the edit as JSON), the item keys
    or session dates it changed, its summary and the warnings the coach accepted."""

    __tablename__ = "program_edits"
    __table_args__ = (Index(None, "program_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(320))
    edit: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed: Mapped[list[str]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(Text)
    warnings: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]


# ------------------------------------------------------------------ book: booking, messages


class AvailabilityRow(Base):
    """A coach's strategy-session availability (:class:`slingcoach.booking.Availability`).

    Weekly windows are stored whole as JSON (``[{weekday, start, end}]``, wall clock in
    ``timezone``); days off have a table of their own.
    """

    __tablename__ = "availability"

    coach_id: Mapped[int] = mapped_column(
        ForeignKey("coaches.id", ondelete="CASCADE"), primary_key=True
    )
    timezone: Mapped[str] = mapped_column(String(64))
    windows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    session_minutes: Mapped[int] = mapped_column(Integer)
    buffer_before_minutes: Mapped[int] = mapped_column(Integer)
    buffer_after_minutes: Mapped[int] = mapped_column(Integer)
    notice_minutes: Mapped[int] = mapped_column(Integer)
    step_minutes: Mapped[int | None] = mapped_column(Integer)
    horizon_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime]


class DayOffRow(Base):
    """A date (in the coach's time zone) when the coach takes no sessions."""

    __tablename__ = "days_off"
    __table_args__ = (UniqueConstraint("coach_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))


class BookingRow(Base):
    """A strategy session a client booked with their coach.

    ``uid`` is the calendar UID (stable across reschedules; ``sequence`` counts the
    changes, RFC 5545 §3.8.7.4). At most one active booking per coach and start time: a
    partial unique index on ``(coach_id, starts_at) WHERE status = 'booked'``; overlaps
    with other starts are checked by the use case inside a transaction that locks the coach
    (``SELECT ... FOR UPDATE`` on PostgreSQL; ``BEGIN IMMEDIATE`` on SQLite).
    """

    __tablename__ = "bookings"
    __table_args__ = (
        Index(
            "uq_bookings_active_start",
            "coach_id",
            "starts_at",
            unique=True,
            sqlite_where=text("status = 'booked'"),
            postgresql_where=text("status = 'booked'"),
        ),
        Index(None, "client_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    cancelled_by: Mapped[str | None] = mapped_column(String(20))


class MessageRow(Base):
    """One message of a client's thread with their coach; ``read_at`` is set by the reader."""

    __tablename__ = "messages"
    __table_args__ = (Index(None, "client_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    read_at: Mapped[dt.datetime | None]


# --- client (issue 15: the client's side of the web app) -------------------------------------


class SessionCheckinRow(Base):
    """How a day's session felt, told at its end: session RPE and pain 0-10 (one per day)."""

    __tablename__ = "session_checkins"
    __table_args__ = (UniqueConstraint("client_id", "performed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    performed_on: Mapped[dt.date] = mapped_column(Date)
    session_rpe: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


# --- derived (issue 15: the coach's dashboard at a few hundred clients) -----------------------


class ClientSummaryRow(Base):
    """What the coach's dashboard needs of one client, kept up to date on every write that
    changes it (:mod:`slingcoach.storage.summaries`), so that the dashboard reads one small
    row per client instead of every log entry, program and assessment document.

    ``activity`` is the client's :class:`~slingcoach.tracking.flags.Activity` (logs,
    check-ins, messages, current program), ``assessment`` the latest assessment in brief
    (``None`` without one); ``version`` is the layout of both (an older one is rebuilt).
    """

    __tablename__ = "client_summaries"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    activity: Mapped[dict[str, Any]] = mapped_column(JSON)
    assessment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime]


class IntakeDraftRow(Base):
    """The answers of a half-filled intake questionnaire (form field name → value or values)
    and the step the client is on; removed once the intake is saved."""

    __tablename__ = "intake_drafts"
    __table_args__ = (UniqueConstraint("client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]]
    updated_at: Mapped[dt.datetime]


# --- jobs (issue 15: mail outbox and scheduled reminders) -----------------------------------


class JobRow(Base):
    """A job for the background worker: a mail to send (now, or at ``due_at`` for a
    reminder), with its attempts and outcome. ``key`` groups jobs a later change may cancel
    (``booking:<uid>:reminder``); a worker claims a job until ``claimed_until``."""

    __tablename__ = "jobs"
    __table_args__ = (Index(None, "status", "due_at"), Index(None, "key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    key: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(Integer)
    max_attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
