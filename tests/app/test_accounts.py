"""Accounts: argon2id hashes, sign-in with rate limits, sessions that expire (both databases)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from slingcoach.app import accounts
from slingcoach.app.accounts import AccountCreate
from slingcoach.errors import AuthenticationError, ConflictError, NotFoundError, RateLimitedError
from slingcoach.storage.database import Database

NOW = dt.datetime(2026, 12, 9, 10, 0, 30, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    monkeypatch.setattr(accounts, "_DUMMY", [])


def _coach(db: Database, email: str = "coach@example.com") -> accounts.Principal:
    return accounts.create_coach_account(
        db, AccountCreate(email=email, name="Alex Morgan", password=PASSWORD), now=NOW
    )


def test_passwords_are_hashed_with_argon2id_at_rfc9106_parameters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(accounts, "_hasher", None)
    hashed = accounts.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert accounts.verify_password(hashed, PASSWORD)
    assert not accounts.verify_password(hashed, PASSWORD + "!")
    assert not accounts.verify_password("not a hash", PASSWORD)
    assert accounts.hash_password(PASSWORD) != hashed  # a fresh salt every time


def test_a_coach_account_signs_in_by_email_in_any_case(db: Database) -> None:
    coach = _coach(db)
    assert coach.role == "coach" and coach.coach_id is not None and coach.client_id is None
    signed = accounts.authenticate(db, " Coach@Example.COM ", PASSWORD, ip="10.0.0.1", now=NOW)
    assert signed == coach


def test_an_email_has_one_account(db: Database) -> None:
    _coach(db)
    with pytest.raises(ConflictError, match=r"coach@example\.com.*exists already"):
        _coach(db, "COACH@example.com")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "is not an e-mail address"),
        ("password", "short", "at least 8 characters"),
        ("timezone", "Mars/Olympus", "is not a time zone"),
        ("name", "   ", "the name is empty"),
    ],
)
def test_bad_account_fields_name_the_field(field: str, value: str, message: str) -> None:
    data = {"email": "a@example.com", "name": "A", "password": PASSWORD, "timezone": "UTC"}
    data[field] = value
    with pytest.raises(ValidationError, match=message) as info:
        AccountCreate(**data)
    assert info.value.errors()[0]["loc"] == (field,)


def test_a_client_account_needs_an_existing_client_without_one(db: Database) -> None:
    from slingcoach.app.clients import ClientCreate, add_client

    client = add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    new = AccountCreate(email="sam@example.com", name="Sam Rivera", password=PASSWORD)
    with pytest.raises(NotFoundError, match="no client 'nobody'"):
        accounts.create_client_account(db, "nobody", new, now=NOW)
    principal = accounts.create_client_account(db, client.slug, new, now=NOW)
    assert principal.role == "client" and principal.client_id is not None
    again = AccountCreate(email="sam2@example.com", name="Sam", password=PASSWORD)
    with pytest.raises(ConflictError, match="has an account already"):
        accounts.create_client_account(db, client.slug, again, now=NOW)


def test_failed_logins_are_limited_per_account_then_the_window_passes(db: Database) -> None:
    _coach(db)
    for attempt in range(accounts.LOGIN_FAILURES_PER_ACCOUNT):
        with pytest.raises(AuthenticationError, match="wrong e-mail or password"):
            accounts.authenticate(
                db, "coach@example.com", f"guess {attempt}", ip="1.1.1.1", now=NOW
            )
    # now even the right password is refused, from any address, until the window ends
    with pytest.raises(
        RateLimitedError, match="too many failed logins; try again in 15 minutes"
    ) as info:
        accounts.authenticate(db, "coach@example.com", PASSWORD, ip="2.2.2.2", now=NOW)
    assert 0 < info.value.retry_after_s <= 15 * 60
    later = NOW + accounts.LOGIN_WINDOW
    assert accounts.authenticate(db, "coach@example.com", PASSWORD, ip="2.2.2.2", now=later)


def test_the_login_limit_is_a_sliding_window(db: Database) -> None:
    _coach(db)
    minute = dt.timedelta(minutes=1)
    # five failures 10-14 minutes in: a fixed 15-minute window would start afresh at 15
    for n in range(accounts.LOGIN_FAILURES_PER_ACCOUNT):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(
                db, "coach@example.com", "wrong pass", ip="1.1.1.1", now=NOW + (10 + n) * minute
            )
    with pytest.raises(RateLimitedError, match="try again in 9 minutes") as info:
        accounts.authenticate(
            db, "coach@example.com", PASSWORD, ip="1.1.1.1", now=NOW + 16 * minute
        )
    # the oldest failure (minute 10) leaves the window at minute 25
    assert info.value.retry_after_s == 9 * 60
    with pytest.raises(RateLimitedError, match=r"try again in 1 minute$"):
        accounts.authenticate(
            db,
            "coach@example.com",
            PASSWORD,
            ip="1.1.1.1",
            now=NOW + 25 * minute - dt.timedelta(seconds=1),
        )
    assert accounts.authenticate(
        db, "coach@example.com", PASSWORD, ip="1.1.1.1", now=NOW + 25 * minute
    )


def test_wrong_passwords_sent_at_once_cannot_pass_the_limit_together(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import func, select

    from slingcoach.storage.tables import RateLimitHitRow

    _coach(db)
    for n in range(accounts.LOGIN_FAILURES_PER_ACCOUNT - 1):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(db, "coach@example.com", f"guess {n}", ip="1.1.1.1", now=NOW)
    # one attempt is left; six arrive together, each password check slow (as argon2 is)
    real_verify = accounts.verify_password

    def slow_verify(hashed: str, password: str) -> bool:
        time.sleep(0.2)
        return real_verify(hashed, password)

    monkeypatch.setattr(accounts, "verify_password", slow_verify)
    start = threading.Barrier(6)

    def attempt(n: int) -> str:
        start.wait()
        try:
            accounts.authenticate(db, "coach@example.com", f"late {n}", ip=f"9.9.9.{n}", now=NOW)
        except AuthenticationError:
            return "wrong"
        except RateLimitedError:
            return "limited"
        return "signed in"

    with ThreadPoolExecutor(6) as pool:
        outcomes = sorted(pool.map(attempt, range(6)))
    assert outcomes == ["limited"] * 5 + ["wrong"]
    with db.read() as session:
        counted = session.scalar(
            select(func.count())
            .select_from(RateLimitHitRow)
            .where(RateLimitHitRow.key == "login-account:coach@example.com")
        )
    assert counted == accounts.LOGIN_FAILURES_PER_ACCOUNT


def test_a_right_password_is_not_counted_as_a_failure(db: Database) -> None:
    _coach(db)
    for _ in range(accounts.LOGIN_FAILURES_PER_ACCOUNT + 2):
        assert accounts.authenticate(db, "coach@example.com", PASSWORD, ip="1.1.1.1", now=NOW)
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, "coach@example.com", "wrong pass", ip="1.1.1.1", now=NOW)


def test_failed_logins_are_limited_per_ip_across_accounts(db: Database) -> None:
    _coach(db)
    for n in range(accounts.LOGIN_FAILURES_PER_IP):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(db, f"user{n}@example.com", "x" * 8, ip="6.6.6.6", now=NOW)
    with pytest.raises(RateLimitedError):
        accounts.authenticate(db, "coach@example.com", PASSWORD, ip="6.6.6.6", now=NOW)
    assert accounts.authenticate(db, "coach@example.com", PASSWORD, ip="7.7.7.7", now=NOW)


def test_sessions_are_stored_hashed_and_expire(db: Database) -> None:
    from sqlalchemy import select

    from slingcoach.storage.tables import WebSessionRow

    coach = _coach(db)
    signed = accounts.start_session(db, coach.user_id, hours=2, now=NOW)
    with db.read() as session:
        stored = session.scalars(select(WebSessionRow.token_hash)).all()
    assert stored == [accounts.token_hash(signed.token)] and signed.token not in stored
    state = accounts.read_session(db, signed.token, now=NOW + dt.timedelta(hours=1))
    assert state is not None and state.principal == coach and state.csrf_token == signed.csrf_token
    assert accounts.read_session(db, signed.token, now=NOW + dt.timedelta(hours=2)) is None
    assert accounts.read_session(db, "made-up", now=NOW) is None
    assert accounts.purge_expired(db, now=NOW + dt.timedelta(hours=3)) >= 1


def test_ending_all_sessions_keeps_only_the_one_asked(db: Database) -> None:
    coach = _coach(db)
    first, second, third = (
        accounts.start_session(db, coach.user_id, hours=1, now=NOW) for _ in range(3)
    )
    assert accounts.end_all_sessions(db, coach.user_id, keep=second.token) == 2
    assert accounts.read_session(db, first.token, now=NOW) is None
    assert accounts.read_session(db, third.token, now=NOW) is None
    assert accounts.read_session(db, second.token, now=NOW) is not None
    accounts.end_session(db, second.token)
    assert accounts.read_session(db, second.token, now=NOW) is None


def test_old_sessions_and_counters_are_cleared_as_new_ones_come(db: Database) -> None:
    from sqlalchemy import func, select

    from slingcoach.storage.tables import RateLimitHitRow, WebSessionRow

    coach = _coach(db)
    accounts.start_session(db, coach.user_id, hours=1, now=NOW)
    accounts.start_session(db, coach.user_id, hours=1, now=NOW + dt.timedelta(hours=2))
    for minutes in (0, 20):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(
                db,
                "coach@example.com",
                "wrong pass",
                ip="1.1.1.1",
                now=NOW + dt.timedelta(minutes=minutes),
            )
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(WebSessionRow)) == 1
        assert session.scalar(select(func.count()).select_from(RateLimitHitRow)) == 2  # account, ip


def test_control_characters_never_reach_the_database(db: Database) -> None:
    _coach(db)
    with pytest.raises(AuthenticationError, match="wrong e-mail or password"):
        accounts.authenticate(db, "coach\x00@example.com", PASSWORD, ip="1.1.1.1", now=NOW)
    assert accounts.request_password_reset(db, "coach\x00@example.com", minutes=60, now=NOW) is None
    with pytest.raises(ValidationError, match="control characters"):
        AccountCreate(email="a@example.com", name="Sam\x00", password=PASSWORD)
