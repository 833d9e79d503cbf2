"""Accounts in the browser: a coach invites a client, the client signs up through the link,
anyone changes their password or resets it by e-mail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, Response

from slingcoach.app import accounts
from slingcoach.app.accounts import InviteCreate, SignUp
from slingcoach.app.mailing import Mail
from slingcoach.errors import InvalidInputError
from slingcoach.web.deps import CoachDep, DbDep, PrincipalDep
from slingcoach.web.forms import submit
from slingcoach.web.pages import redirect, render
from slingcoach.web.routes.auth import home_of
from slingcoach.web.security import SESSION_COOKIE, set_session_cookie, settings_of

router = APIRouter()

RESET_SENT = (
    "If an account uses that address, we have sent it a link to choose a new password. "
    "The link works once, for {minutes} minutes."
)
"""The same answer whether or not the address has an account (no account enumeration)."""

TIMEZONES = [
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
]
"""Time zones offered on the sign-up form (any IANA name is accepted)."""
TIMEZONE_OPTIONS = [(name, name.replace("_", " ")) for name in TIMEZONES]


def _link(request: Request, path: str) -> str:
    return settings_of(request).base_url.rstrip("/") + path


# --- invites ----------------------------------------------------------------------------


def _invite_page(
    request: Request, db: DbDep, coach: accounts.Principal, **context: object
) -> Response:
    assert coach.coach_id is not None
    status = int(context.pop("status_code", 200))  # type: ignore[call-overload]
    invites = accounts.list_invites(db, coach.coach_id)
    return render(
        request,
        "coach/invites.html",
        {"invites": invites, "now": request.app.state.clock(), "form": {}, "errors": {}, **context},
        status_code=status,
    )


@router.get("/coach/invites", include_in_schema=False)
def invites_page(request: Request, db: DbDep, coach: CoachDep) -> Response:
    """The coach's invitations and the form to invite a client."""
    return _invite_page(request, db, coach)


def _issue_invite(
    request: Request, db: DbDep, coach: accounts.Principal, invite: InviteCreate
) -> accounts.IssuedLink:
    assert coach.coach_id is not None
    settings = settings_of(request)
    days = round(settings.invite_hours / 24)

    def invitation(issued: accounts.IssuedLink) -> Mail:
        link = _link(request, f"/invite/{issued.token}")
        return Mail(
            to=issued.email,
            subject=f"{coach.name} invites you to slingcoach",
            text=f"Hello {issued.name},\n\n{coach.name} has invited you to train with "
            "slingcoach: your program, logging at the gym, messages and booking sessions.\n\n"
            f"Choose your password here (the link works once, for {days} days):\n{link}\n\n"
            "If you did not expect this, ignore this e-mail.\n",
        )

    return accounts.create_invite(
        db,
        coach.coach_id,
        invite,
        hours=settings.invite_hours,
        mail=invitation,
        now=request.app.state.clock(),
    )


@router.post("/coach/invites", include_in_schema=False)
def invite_client(
    request: Request,
    db: DbDep,
    coach: CoachDep,
    email: Annotated[str, Form(max_length=400)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
    client: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    """Invite a client by e-mail (a single-use link that expires)."""
    form = {"email": email, "name": name, "client": client}

    def again(errors: dict[str, str], status: int) -> Response:
        return _invite_page(request, db, coach, form=form, errors=errors, status_code=status)

    def issue() -> accounts.IssuedLink:
        invite = InviteCreate(email=email, name=name, client=client or None)
        return _issue_invite(request, db, coach, invite)

    issued = submit(issue, again, conflict=_taken_field, not_found="client")
    if isinstance(issued, Response):
        return issued
    return redirect(request, "/coach/invites", flash=f"Invitation sent to {issued.email}.")


def _taken_field(exc: Exception) -> str:
    """The invite form's field a conflict is about: the client named, or the address."""
    return "client" if "client" in str(exc) else "email"


@router.post("/api/invites", status_code=201, tags=["accounts"])
def api_invite_client(
    request: Request, body: InviteCreate, db: DbDep, coach: CoachDep
) -> JSONResponse:
    """Invite a client by e-mail; the link goes to the e-mail only."""
    issued = _issue_invite(request, db, coach, body)
    return JSONResponse(
        {"email": issued.email, "name": issued.name, "expires_at": issued.expires_at.isoformat()},
        status_code=201,
    )


@router.get("/invite/{token}", include_in_schema=False)
def sign_up_form(request: Request, db: DbDep, token: str) -> Response:
    """The sign-up form of an invitation (404 for a used, expired or unknown link)."""
    invite = accounts.read_invite(db, token, now=request.app.state.clock())
    form = {"name": invite.name, "timezone": "Europe/London"}
    return render(
        request,
        "auth/invite.html",
        {
            "invite": invite,
            "token": token,
            "form": form,
            "errors": {},
            "timezones": TIMEZONE_OPTIONS,
        },
    )


@router.post("/invite/{token}", include_in_schema=False)
def sign_up(
    request: Request,
    db: DbDep,
    token: str,
    name: Annotated[str, Form(max_length=400)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    confirm: Annotated[str, Form(max_length=1000)] = "",
    timezone: Annotated[str, Form(max_length=64)] = "UTC",
) -> Response:
    """Open the invited client's account and sign them in."""
    now = request.app.state.clock()
    invite = accounts.read_invite(db, token, now=now)
    form = {"name": name, "timezone": timezone}

    def again(errors: dict[str, str], status: int) -> Response:
        context = {"invite": invite, "token": token, "form": form, "errors": errors}
        context["timezones"] = TIMEZONE_OPTIONS
        return render(request, "auth/invite.html", context, status_code=status)

    def open_account() -> accounts.Principal:
        details = SignUp(name=name, password=password, timezone=timezone)
        if confirm != password:
            raise InvalidInputError("the two passwords differ", location="confirm")
        return accounts.accept_invite(db, token, details, now=now)

    principal = submit(open_account, again)
    if isinstance(principal, Response):
        return principal
    settings = settings_of(request)
    signed = accounts.start_session(db, principal.user_id, hours=settings.session_hours, now=now)
    response = redirect(request, home_of(principal), flash=f"Welcome, {principal.name}!")
    set_session_cookie(request, response, signed.token, int(settings.session_hours * 3600))
    return response


# --- passwords --------------------------------------------------------------------------


@router.get("/password", include_in_schema=False)
def password_form(request: Request, principal: PrincipalDep) -> Response:
    """The change-password form."""
    return render(request, "auth/password.html", {"errors": {}})


@router.post("/password", include_in_schema=False)
def change_password(
    request: Request,
    db: DbDep,
    principal: PrincipalDep,
    current: Annotated[str, Form(max_length=1000)] = "",
    new: Annotated[str, Form(max_length=1000)] = "",
    confirm: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Change the password; every other session of the account is signed out."""

    def again(errors: dict[str, str], status: int) -> Response:
        return render(request, "auth/password.html", {"errors": errors}, status_code=status)

    def change() -> int:
        if new != confirm:
            raise InvalidInputError("the two new passwords differ", location="confirm")
        return accounts.change_password(
            db,
            principal.user_id,
            current,
            new,
            keep_session=request.cookies.get(SESSION_COOKIE),
            now=request.app.state.clock(),
        )

    ended = submit(change, again)
    if isinstance(ended, Response):
        return ended
    others = f" {ended} other session{'s' if ended != 1 else ''} signed out." if ended else ""
    return redirect(request, home_of(principal), flash=f"Your password is changed.{others}")


@router.get("/reset", include_in_schema=False)
def reset_request_form(request: Request) -> Response:
    """Ask for a reset link."""
    return render(request, "auth/reset_request.html", {"email": "", "sent": None})


@router.post("/reset", include_in_schema=False)
def reset_request(
    request: Request, db: DbDep, email: Annotated[str, Form(max_length=400)] = ""
) -> Response:
    """Mail a reset link if the address has an account; the answer is the same either way."""
    settings = settings_of(request)
    minutes = round(settings.reset_minutes)

    def reset_mail(issued: accounts.IssuedLink) -> Mail:
        link = _link(request, f"/reset/{issued.token}")
        return Mail(
            to=issued.email,
            subject="Choose a new slingcoach password",
            text=f"Hello {issued.name},\n\nSomeone (we hope you) asked to reset your slingcoach "
            f"password. Choose a new one here (the link works once, for {minutes} minutes):"
            f"\n{link}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n",
        )

    accounts.request_password_reset(
        db, email, minutes=settings.reset_minutes, mail=reset_mail, now=request.app.state.clock()
    )
    sent = RESET_SENT.format(minutes=round(settings.reset_minutes))
    return render(request, "auth/reset_request.html", {"email": "", "sent": sent})


@router.get("/reset/{token}", include_in_schema=False)
def reset_form(request: Request, db: DbDep, token: str) -> Response:
    """The new-password form of a reset link (404 for a used, expired or unknown link)."""
    accounts.check_reset_link(db, token, now=request.app.state.clock())
    return render(request, "auth/reset.html", {"token": token, "errors": {}})


@router.post("/reset/{token}", include_in_schema=False)
def reset(
    request: Request,
    db: DbDep,
    token: str,
    password: Annotated[str, Form(max_length=1000)] = "",
    confirm: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Set the new password (the link then stops working; every session is signed out)."""
    now = request.app.state.clock()
    accounts.check_reset_link(db, token, now=now)

    def again(errors: dict[str, str], status: int) -> Response:
        context = {"token": token, "errors": errors}
        return render(request, "auth/reset.html", context, status_code=status)

    def change() -> accounts.Principal:
        if password != confirm:
            raise InvalidInputError("the two passwords differ", location="confirm")
        return accounts.reset_password(db, token, password, now=now)

    done = submit(change, again)
    if isinstance(done, Response):
        return done
    return redirect(request, "/login", flash="Your password is changed. Sign in with it now.")
