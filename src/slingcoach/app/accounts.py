"""Use cases for accounts: users, passwords, sign-in sessions and login rate limits.

Everything lives in the database (no process memory), so several web workers behind one
database serve the same users. Secrets that reach a browser or a mailbox (session tokens,
invite and reset links) are random 256-bit tokens of which only the SHA-256 is stored: a
copy of the database does not let anyone sign in.

Passwords are hashed with argon2id (RFC 9106) through argon2-cffi; its default parameters
are RFC 9106's second recommended option (t=3, m=64 MiB, p=4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from slingcoach.app._time import utc_now
from slingcoach.app.jobs import enqueue_mail
from slingcoach.app.mailing import Mail
from slingcoach.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
)

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from sqlalchemy.orm import Session

    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import InviteRow, PasswordResetRow, RateLimitHitRow, UserRow

Role = Literal["coach", "client"]

PASSWORD_MIN = 8
"""Shortest password accepted (NIST SP 800-63B §5.1.1.2: at least 8 characters)."""
PASSWORD_MAX = 256
"""Longest password accepted (NIST SP 800-63B allows a limit of at least 64)."""

LOGIN_WINDOW = dt.timedelta(minutes=15)
"""Failed logins are counted over the last 15 minutes, a sliding window (OWASP
Authentication Cheat Sheet): unlike fixed windows, no burst at a window's edge doubles
the limit."""
LOGIN_FAILURES_PER_ACCOUNT = 5
"""Failures on one e-mail address in a window before further tries are refused (our choice)."""
LOGIN_FAILURES_PER_IP = 30
"""Failures from one address in a window (higher: one gym's Wi-Fi is one address)."""

EMAIL_MAX = 320
"""Longest e-mail address (RFC 3696 erratum 1690: 64 + 1 + 255)."""


_hasher: PasswordHasher | None = None


def hasher() -> PasswordHasher:
    """The argon2id hasher (argon2-cffi's RFC 9106 low-memory defaults), made once."""
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def hash_password(password: str) -> str:
    """An argon2id hash string (``$argon2id$v=19$m=...``) with a fresh random salt."""
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False for any mismatch or bad hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A random URL-safe token of 256 bits (for cookies, links and CSRF)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 hex digest stored in place of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_email(value: str) -> str:
    """An e-mail address trimmed and lower-cased, or :class:`ValueError` naming what is wrong.

    >>> normalise_email("  Sam@Example.COM ")
    'sam@example.com'
    """
    email = value.strip().lower()
    if any(ord(char) < 32 for char in email):
        raise ValueError("an e-mail address cannot hold control characters")
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or " " in email or len(email) > EMAIL_MAX:
        raise ValueError(f"{value.strip()!r} is not an e-mail address (like sam@example.com)")
    return email


def clean_name(value: str) -> str:
    """A person's name with its spaces tidied; empty or control characters are refused."""
    value = " ".join(value.split())
    if not value:
        raise ValueError("the name is empty")
    if any(ord(char) < 32 for char in value):
        raise ValueError("a name cannot hold control characters")
    return value


def check_password(password: str) -> str:
    """``password`` if it is long enough and not too long, else :class:`ValueError`."""
    if len(password) < PASSWORD_MIN:
        raise ValueError(f"the password needs at least {PASSWORD_MIN} characters")
    if len(password) > PASSWORD_MAX:
        raise ValueError(f"the password may have at most {PASSWORD_MAX} characters")
    return password


def check_timezone(value: str) -> str:
    """An IANA time-zone name (``Europe/Berlin``), or :class:`ValueError`."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a time zone; use a name like Europe/Berlin") from None
    return value


Email = Annotated[str, Field(max_length=EMAIL_MAX), AfterValidator(normalise_email)]
"""An e-mail address, trimmed and lower-cased (:func:`normalise_email`)."""
PersonName = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(clean_name)]
"""A person's name with its spaces tidied (:func:`clean_name`)."""
Password = Annotated[str, AfterValidator(check_password)]
"""A new password of an accepted length (:func:`check_password`)."""
TimeZone = Annotated[str, AfterValidator(check_timezone)]
"""An IANA time-zone name (:func:`check_timezone`)."""


class AccountCreate(BaseModel):
    """What it takes to open an account (a coach's, or a client's through an invite)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    email: Email
    name: PersonName
    password: Password
    timezone: TimeZone = "UTC"


@dataclass(frozen=True)
class Principal:
    """Who is signed in.

    ``coach_id`` is the coach's own id for a coach, and the id of their coach for a client
    (``None`` for a client without one); ``client_id`` and ``client_slug`` (the client's
    record) are set for clients only.
    """

    user_id: int
    role: Role
    email: str
    name: str
    coach_id: int | None
    client_id: int | None
    timezone: str
    client_slug: str | None = None


@dataclass(frozen=True)
class SignedIn:
    """A browser session just opened: the cookie's token (shown once) and its CSRF token."""

    token: str
    csrf_token: str
    expires_at: dt.datetime
    principal: Principal


@dataclass(frozen=True)
class SessionState:
    """A live session read back from its cookie."""

    session_id: int
    csrf_token: str
    expires_at: dt.datetime
    principal: Principal


def create_coach_account(
    db: Database, new: AccountCreate, *, now: dt.datetime | None = None
) -> Principal:
    """Open a coach's account (a coach record and a user for it).

    Raises
    ------
    ConflictError
        The e-mail address has an account already.
    """
    from slingcoach.storage.tables import Coach

    created = utc_now(now)
    with db.write() as session:
        _refuse_taken_email(session, new.email)
        coach = Coach(name=new.name, email=new.email, created_at=created)
        session.add(coach)
        session.flush()
        user = _add_user(session, new, role="coach", coach_id=coach.id, now=created)
        return principal_of(session, user)


def create_client_account(
    db: Database, client_slug: str, new: AccountCreate, *, now: dt.datetime | None = None
) -> Principal:
    """Open the account of an existing client (the invite flow and the demo seed use it).

    Raises
    ------
    NotFoundError
        No client has that slug.
    ConflictError
        The e-mail address, or the client, has an account already.
    """
    from sqlalchemy import select

    from slingcoach.storage.tables import Client, UserRow

    created = utc_now(now)
    with db.write() as session:
        client = session.scalar(select(Client).where(Client.slug == client_slug))
        if client is None:
            raise NotFoundError(f"no client {client_slug!r}")
        _refuse_taken_email(session, new.email)
        if session.scalar(select(UserRow.id).where(UserRow.client_id == client.id)) is not None:
            raise ConflictError(f"the client {client_slug!r} has an account already")
        user = _add_user(session, new, role="client", client_id=client.id, now=created)
        return principal_of(session, user)


def authenticate(
    db: Database,
    email: str,
    password: str,
    *,
    ip: str,
    now: dt.datetime | None = None,
) -> Principal:
    """The account whose e-mail and password these are; failures are counted and limited.

    Raises
    ------
    RateLimitedError
        Too many failed logins for this address or from this IP in the last 15 minutes.
    AuthenticationError
        Wrong e-mail or password, or the account is not active (one message for all).
    """
    from sqlalchemy import delete, select

    from slingcoach.storage.tables import RateLimitHitRow, UserRow

    moment = utc_now(now)
    address = email.strip().lower()[:EMAIL_MAX]
    if any(ord(char) < 32 for char in address):
        # no account has such an address (and PostgreSQL text cannot hold NUL)
        raise AuthenticationError("wrong e-mail or password")
    keys = {
        f"login-account:{address}": LOGIN_FAILURES_PER_ACCOUNT,
        f"login-ip:{ip}": LOGIN_FAILURES_PER_IP,
    }
    # Check and count in one transaction, the keys held (_hold_keys): two wrong passwords
    # sent at once cannot both pass a check that only one of them may pass. The attempt is
    # counted before the (slow) password check and taken back when the password is right.
    with db.write() as session:
        _hold_keys(session, sorted(keys))
        waits = [_retry_after(session, key, limit, moment) for key, limit in keys.items()]
        retry = max((w for w in waits if w is not None), default=None)
        if retry is not None:
            minutes = max(1, math.ceil(retry / 60))
            raise RateLimitedError(
                f"too many failed logins; try again in {minutes} minute"
                f"{'s' if minutes != 1 else ''}",
                retry_after_s=retry,
            )
        counted = [_count_attempt(session, key, moment) for key in keys]
        session.flush()
        attempts = [row.id for row in counted]
        found = session.execute(
            select(UserRow.id, UserRow.password_hash, UserRow.active).where(
                UserRow.email == address
            )
        ).first()
    # Verify even for an unknown address, so timing does not tell which addresses exist.
    matches = verify_password(found.password_hash if found else _dummy_hash(), password)
    if found is None or not matches or not found.active:
        raise AuthenticationError("wrong e-mail or password")
    with db.write() as session:
        session.execute(delete(RateLimitHitRow).where(RateLimitHitRow.id.in_(attempts)))
        row = session.get(UserRow, found.id, with_for_update=True)
        assert row is not None, "the user was read a moment ago"
        row.last_login_at = moment
        if hasher().check_needs_rehash(row.password_hash):
            row.password_hash = hash_password(password)
        return principal_of(session, row)


def start_session(
    db: Database, user_id: int, *, hours: float, now: dt.datetime | None = None
) -> SignedIn:
    """Open a browser session for ``user_id`` that expires after ``hours``."""
    from sqlalchemy import delete

    from slingcoach.storage.tables import UserRow, WebSessionRow

    moment = utc_now(now)
    token, csrf = new_token(), new_token()
    expires = moment + dt.timedelta(hours=hours)
    with db.write() as session:
        user = session.get(UserRow, user_id)
        if user is None or not user.active:
            raise NotFoundError(f"no active user {user_id}")
        # the user's expired sessions go now, so the table does not grow without end
        session.execute(
            delete(WebSessionRow).where(
                WebSessionRow.user_id == user_id, WebSessionRow.expires_at <= moment
            )
        )
        session.add(
            WebSessionRow(
                token_hash=token_hash(token),
                user_id=user_id,
                csrf_token=csrf,
                created_at=moment,
                expires_at=expires,
            )
        )
        return SignedIn(
            token=token, csrf_token=csrf, expires_at=expires, principal=principal_of(session, user)
        )


def read_session(
    db: Database, token: str, *, now: dt.datetime | None = None
) -> SessionState | None:
    """The live session whose cookie token this is, or ``None`` (unknown, expired, inactive).

    Every request reads it, so it is one indexed select (the token's hash is unique) of the
    columns a :class:`SessionState` needs, the client's record joined for their coach and
    slug; nothing is written."""
    from sqlalchemy import select

    from slingcoach.storage.tables import Client, UserRow, WebSessionRow

    moment = utc_now(now)
    with db.read() as session:
        found = session.execute(
            select(
                WebSessionRow.id,
                WebSessionRow.csrf_token,
                WebSessionRow.expires_at,
                UserRow.id.label("user_id"),
                UserRow.role,
                UserRow.email,
                UserRow.name,
                UserRow.coach_id,
                UserRow.client_id,
                UserRow.timezone,
                UserRow.active,
                Client.coach_id.label("clients_coach_id"),
                Client.slug.label("client_slug"),
            )
            .join(UserRow, UserRow.id == WebSessionRow.user_id)
            .outerjoin(Client, Client.id == UserRow.client_id)
            .where(WebSessionRow.token_hash == token_hash(token))
        ).first()
    if found is None or found.expires_at <= moment or not found.active:
        return None
    client = found.role == "client" and found.client_id is not None
    role: Role = "coach" if found.role == "coach" else "client"
    return SessionState(
        session_id=found.id,
        csrf_token=found.csrf_token,
        expires_at=found.expires_at,
        principal=Principal(
            user_id=found.user_id,
            role=role,
            email=found.email,
            name=found.name,
            coach_id=found.clients_coach_id if client else found.coach_id,
            client_id=found.client_id,
            timezone=found.timezone,
            client_slug=found.client_slug if client else None,
        ),
    )


def end_session(db: Database, token: str) -> None:
    """Sign out one browser (nothing happens for an unknown token)."""
    from sqlalchemy import delete

    from slingcoach.storage.tables import WebSessionRow

    with db.write() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash(token)))


def end_all_sessions(db: Database, user_id: int, *, keep: str | None = None) -> int:
    """Sign ``user_id`` out everywhere, except the session of token ``keep``; returns how many."""
    from sqlalchemy import delete

    from slingcoach.storage.tables import WebSessionRow

    query = delete(WebSessionRow).where(WebSessionRow.user_id == user_id)
    if keep is not None:
        query = query.where(WebSessionRow.token_hash != token_hash(keep))
    with db.write() as session:
        return int(session.execute(query).rowcount)  # type: ignore[attr-defined]


def purge_expired(db: Database, *, now: dt.datetime | None = None) -> int:
    """Delete expired sessions and attempts that left every rate-limit window; returns rows
    deleted."""
    from sqlalchemy import delete

    from slingcoach.storage.tables import RateLimitHitRow, WebSessionRow

    moment = utc_now(now)
    with db.write() as session:
        gone = session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= moment))
        old = session.execute(
            delete(RateLimitHitRow).where(RateLimitHitRow.at <= moment - LOGIN_WINDOW)
        )
        return int(gone.rowcount + old.rowcount)  # type: ignore[attr-defined]


def find_user(db: Database, email: str) -> Principal | None:
    """The account of an e-mail address, or ``None``."""
    from sqlalchemy import select

    from slingcoach.storage.tables import UserRow

    with db.read() as session:
        user = session.scalar(select(UserRow).where(UserRow.email == email.strip().lower()))
        return principal_of(session, user) if user is not None else None


def principal_of(session: Session, user: UserRow) -> Principal:
    """The :class:`Principal` of a user row (a client's coach read from their client record)."""
    from slingcoach.storage.tables import Client

    coach_id = user.coach_id
    slug = None
    if user.role == "client" and user.client_id is not None:
        client = session.get(Client, user.client_id)
        coach_id = client.coach_id if client is not None else None
        slug = client.slug if client is not None else None
    role: Role = "coach" if user.role == "coach" else "client"
    return Principal(
        user_id=user.id,
        role=role,
        email=user.email,
        name=user.name,
        coach_id=coach_id,
        client_id=user.client_id,
        timezone=user.timezone,
        client_slug=slug,
    )


def _add_user(
    session: Session,
    new: AccountCreate,
    *,
    role: Role,
    now: dt.datetime,
    coach_id: int | None = None,
    client_id: int | None = None,
) -> UserRow:
    from slingcoach.storage.tables import UserRow

    user = UserRow(
        email=new.email,
        password_hash=hash_password(new.password),
        role=role,
        coach_id=coach_id,
        client_id=client_id,
        name=new.name,
        timezone=new.timezone,
        active=True,
        created_at=now,
        password_changed_at=now,
        last_login_at=None,
    )
    session.add(user)
    session.flush()
    return user


def _refuse_taken_email(session: Session, email: str) -> None:
    from sqlalchemy import select

    from slingcoach.storage.tables import UserRow

    if session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
        raise ConflictError(f"an account with the e-mail {email!r} exists already")


def _retry_after(
    session: Session, key: str, limit: int, moment: dt.datetime, window: dt.timedelta = LOGIN_WINDOW
) -> int | None:
    """Seconds until ``key`` may try again, or ``None`` while it is under ``limit`` attempts
    in the sliding ``window`` that ends at ``moment`` (a sliding-window log: each attempt is
    a row, counted while it is younger than the window).

    With ``n >= limit`` attempts in the window, one more is allowed once ``n - limit + 1`` of
    them have aged out: when the ``limit``-th newest leaves the window.
    """
    from sqlalchemy import select

    from slingcoach.storage.tables import RateLimitHitRow

    newest = session.scalars(
        select(RateLimitHitRow.at)
        .where(RateLimitHitRow.key == key, RateLimitHitRow.at > moment - window)
        .order_by(RateLimitHitRow.at.desc())
        .limit(limit)
    ).all()
    if len(newest) < limit:
        return None
    return max(1, math.ceil((newest[limit - 1] + window - moment).total_seconds()))


def _hold_keys(session: Session, keys: Sequence[str]) -> None:
    """Hold the rate-limit ``keys`` until the transaction ends, so that checking a limit and
    counting an attempt are one step: PostgreSQL takes a transaction-level advisory lock per
    key (in the order given: sort them, no deadlock); SQLite's writers are serial already
    (``BEGIN IMMEDIATE``)."""
    from sqlalchemy import func, select

    if session.get_bind().dialect.name != "postgresql":
        return
    for key in keys:
        session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))


def _count_attempt(
    session: Session, key: str, moment: dt.datetime, window: dt.timedelta = LOGIN_WINDOW
) -> RateLimitHitRow:
    """Log one attempt of ``key`` at ``moment`` (the row, added); the key's attempts older
    than the window go (so the log holds at most a window's worth per key)."""
    from sqlalchemy import delete

    from slingcoach.storage.tables import RateLimitHitRow

    session.execute(
        delete(RateLimitHitRow).where(
            RateLimitHitRow.key == key, RateLimitHitRow.at <= moment - window
        )
    )
    row = RateLimitHitRow(key=key, at=moment)
    session.add(row)
    return row


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to verify against when the address is unknown (same cost as a real check)."""
    if not _DUMMY:
        _DUMMY.append(hash_password(new_token()))
    return _DUMMY[0]


# --- invites ----------------------------------------------------------------------------

INVALID_LINK = "this link is not valid: it was used already, has expired, or was never issued"
"""The one message for every unusable invite or reset link (nothing to probe)."""

RESET_REQUESTS_PER_ADDRESS = 3
"""Reset e-mails per address in the sliding window, so nobody can flood a mailbox (our choice)."""


class InviteCreate(BaseModel):
    """A coach's invitation: to whom, and optionally for which existing client."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    email: Email
    name: PersonName
    client: str | None = Field(default=None, description="an existing client's slug to link")


class IssuedLink(BaseModel):
    """An invite or reset link just made: the token goes into the e-mail only."""

    model_config = ConfigDict(frozen=True)

    token: str
    email: str
    name: str
    expires_at: dt.datetime


class InviteInfo(BaseModel):
    """What the sign-up page shows about an invitation."""

    model_config = ConfigDict(frozen=True)

    email: str
    name: str
    coach_name: str
    expires_at: dt.datetime


class InviteSummary(BaseModel):
    """One of a coach's invitations, for their list."""

    model_config = ConfigDict(frozen=True)

    email: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None


class SignUp(BaseModel):
    """What the invited person fills in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: PersonName
    password: Password
    timezone: TimeZone = "UTC"


def create_invite(
    db: Database,
    coach_id: int,
    invite: InviteCreate,
    *,
    hours: float,
    mail: Callable[[IssuedLink], Mail] | None = None,
    now: dt.datetime | None = None,
) -> IssuedLink:
    """A single-use invitation for ``invite.email`` to sign up as a client of ``coach_id``.

    ``mail`` writes the e-mail that carries the link; it is queued with the invitation (no
    invitation without its mail, no mail without its invitation).

    Raises
    ------
    ConflictError
        The address has an account already, or the client named has one.
    NotFoundError
        ``invite.client`` is not one of this coach's clients.
    """
    from sqlalchemy import select

    from slingcoach.storage.tables import Client, InviteRow, UserRow

    moment = utc_now(now)
    token = new_token()
    expires = moment + dt.timedelta(hours=hours)
    with db.write() as session:
        _refuse_taken_email(session, invite.email)
        client_id = None
        if invite.client is not None:
            client = session.scalar(
                select(Client).where(Client.slug == invite.client, Client.coach_id == coach_id)
            )
            if client is None:
                raise NotFoundError(f"no client {invite.client!r}")
            if session.scalar(select(UserRow.id).where(UserRow.client_id == client.id)):
                raise ConflictError(f"the client {invite.client!r} has an account already")
            client_id = client.id
        session.add(
            InviteRow(
                token_hash=token_hash(token),
                coach_id=coach_id,
                client_id=client_id,
                email=invite.email,
                name=invite.name,
                created_at=moment,
                expires_at=expires,
                used_at=None,
            )
        )
        issued = IssuedLink(token=token, email=invite.email, name=invite.name, expires_at=expires)
        if mail is not None:
            enqueue_mail(session, mail(issued), now=moment)
    return issued


def list_invites(db: Database, coach_id: int) -> list[InviteSummary]:
    """A coach's invitations, newest first."""
    from sqlalchemy import select

    from slingcoach.storage.tables import InviteRow

    with db.read() as session:
        rows = session.scalars(
            select(InviteRow)
            .where(InviteRow.coach_id == coach_id)
            .order_by(InviteRow.created_at.desc(), InviteRow.id.desc())
        ).all()
        return [
            InviteSummary(
                email=r.email,
                name=r.name,
                created_at=r.created_at,
                expires_at=r.expires_at,
                used_at=r.used_at,
            )
            for r in rows
        ]


def read_invite(db: Database, token: str, *, now: dt.datetime | None = None) -> InviteInfo:
    """The invitation of a link, or :class:`NotFoundError` (used, expired or unknown)."""
    from slingcoach.storage.tables import Coach, InviteRow

    moment = utc_now(now)
    with db.read() as session:
        row = _usable(session, "invite", token, moment, lock=False)
        assert isinstance(row, InviteRow)
        coach = session.get(Coach, row.coach_id)
        return InviteInfo(
            email=row.email,
            name=row.name,
            coach_name=coach.name if coach is not None else "your coach",
            expires_at=row.expires_at,
        )


def accept_invite(
    db: Database, token: str, sign_up: SignUp, *, now: dt.datetime | None = None
) -> Principal:
    """Sign up through an invitation: the client (made now if the coach named none), the
    account, and the invitation marked used, in one transaction (a link works once)."""
    from slingcoach.app.clients import _free_slug, slugify
    from slingcoach.storage.tables import Client, InviteRow

    moment = utc_now(now)
    with db.write() as session:
        invite = _usable(session, "invite", token, moment, lock=True)
        assert isinstance(invite, InviteRow)
        _refuse_taken_email(session, invite.email)
        client_id = invite.client_id
        if client_id is None:
            client = Client(
                slug=_free_slug(session, slugify(sign_up.name)),
                name=sign_up.name,
                coach_id=invite.coach_id,
                body_mass_kg=None,
                created_at=moment,
            )
            session.add(client)
            session.flush()
            client_id = client.id
        account = AccountCreate(
            email=invite.email,
            name=sign_up.name,
            password=sign_up.password,
            timezone=sign_up.timezone,
        )
        user = _add_user(session, account, role="client", client_id=client_id, now=moment)
        invite.used_at = moment
        return principal_of(session, user)


# --- passwords --------------------------------------------------------------------------


def change_password(
    db: Database,
    user_id: int,
    current: str,
    new: str,
    *,
    keep_session: str | None,
    now: dt.datetime | None = None,
) -> int:
    """Change a password (the current one must match) and sign out every other session.

    Returns how many other sessions were ended.

    Raises
    ------
    InvalidInputError
        ``current`` is wrong (location ``current``) or ``new`` is too short (``new``).
    """
    from slingcoach.errors import InvalidInputError
    from slingcoach.storage.tables import UserRow

    try:
        check_password(new)
    except ValueError as exc:
        raise InvalidInputError(str(exc), location="new") from None
    moment = utc_now(now)
    with db.read() as session:
        user = session.get(UserRow, user_id)
        stored = user.password_hash if user is not None else None
    if stored is None or not verify_password(stored, current):
        raise InvalidInputError("the current password is not right", location="current")
    _set_password(db, user_id, new, moment)
    return end_all_sessions(db, user_id, keep=keep_session)


def request_password_reset(
    db: Database,
    email: str,
    *,
    minutes: float,
    mail: Callable[[IssuedLink], Mail] | None = None,
    now: dt.datetime | None = None,
) -> IssuedLink | None:
    """A reset link for the account of ``email``, or ``None`` when there is none (the page
    says the same either way). Limited to a few e-mails per address per window; ``mail``
    writes the e-mail, queued with the link."""
    from sqlalchemy import select

    from slingcoach.storage.tables import PasswordResetRow, UserRow

    moment = utc_now(now)
    try:
        address = normalise_email(email)
    except ValueError:
        return None
    key = f"reset:{address}"
    with db.write() as session:
        _hold_keys(session, [key])
        if _retry_after(session, key, RESET_REQUESTS_PER_ADDRESS, moment) is not None:
            return None
        _count_attempt(session, key, moment)
        user = session.scalar(
            select(UserRow).where(UserRow.email == address, UserRow.active.is_(True))
        )
        if user is None:
            return None
        token = new_token()
        expires = moment + dt.timedelta(minutes=minutes)
        session.add(
            PasswordResetRow(
                token_hash=token_hash(token),
                user_id=user.id,
                created_at=moment,
                expires_at=expires,
                used_at=None,
            )
        )
        issued = IssuedLink(token=token, email=user.email, name=user.name, expires_at=expires)
        if mail is not None:
            enqueue_mail(session, mail(issued), now=moment)
        return issued


def check_reset_link(db: Database, token: str, *, now: dt.datetime | None = None) -> None:
    """Nothing if the reset link can be used; :class:`NotFoundError` if not."""
    with db.read() as session:
        _usable(session, "reset", token, utc_now(now), lock=False)


def reset_password(
    db: Database, token: str, new: str, *, now: dt.datetime | None = None
) -> Principal:
    """Set a new password through a reset link (once), and sign out every session."""
    from slingcoach.errors import InvalidInputError
    from slingcoach.storage.tables import PasswordResetRow, UserRow

    try:
        check_password(new)
    except ValueError as exc:
        raise InvalidInputError(str(exc), location="password") from None
    moment = utc_now(now)
    with db.write() as session:
        reset = _usable(session, "reset", token, moment, lock=True)
        assert isinstance(reset, PasswordResetRow)
        reset.used_at = moment
        user = session.get(UserRow, reset.user_id, with_for_update=True)
        assert user is not None, "a reset belongs to a user (foreign key)"
        user.password_hash = hash_password(new)
        user.password_changed_at = moment
        principal = principal_of(session, user)
    end_all_sessions(db, principal.user_id)
    return principal


def _set_password(db: Database, user_id: int, new: str, moment: dt.datetime) -> None:
    from slingcoach.storage.tables import UserRow

    with db.write() as session:
        user = session.get(UserRow, user_id, with_for_update=True)
        if user is None:
            raise NotFoundError(f"no user {user_id}")
        user.password_hash = hash_password(new)
        user.password_changed_at = moment


def _usable(
    session: Session,
    kind: Literal["invite", "reset"],
    token: str,
    moment: dt.datetime,
    *,
    lock: bool,
) -> InviteRow | PasswordResetRow:
    from sqlalchemy import select

    from slingcoach.storage.tables import InviteRow, PasswordResetRow

    row: InviteRow | PasswordResetRow | None
    if kind == "invite":
        query = select(InviteRow).where(InviteRow.token_hash == token_hash(token))
        row = session.scalar(query.with_for_update() if lock else query)
    else:
        reset = select(PasswordResetRow).where(PasswordResetRow.token_hash == token_hash(token))
        row = session.scalar(reset.with_for_update() if lock else reset)
    if row is None or row.used_at is not None or row.expires_at <= moment:
        raise NotFoundError(INVALID_LINK)
    return row
