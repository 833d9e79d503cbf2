"""Strategy sessions: the coach's availability and bookings, the client's booking page,
and their API twins (issue 15, "Strategy-session availability" and "Booking").

Pages: ``/coach/availability`` (weekly hours, session length, buffers, notice, days off),
``/coach/bookings`` (cancel, and move at ``/coach/bookings/{uid}/reschedule``), ``/me/book``
(free slots in the client's time zone; book, cancel, reschedule). Every change queues the
``.ics`` invitation to both sides with it (sent by the job worker).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from slingcoach.app import booking as app_booking
from slingcoach.app.accounts import Principal
from slingcoach.app.booking import (
    AvailabilityOut,
    BookingOut,
    BookingRequest,
    BookingResult,
    FreeSlots,
    RescheduleRequest,
)
from slingcoach.booking import Availability, Window
from slingcoach.booking.model import WEEKDAYS
from slingcoach.errors import ConflictError, InvalidInputError
from slingcoach.web.deps import ClientDep, CoachDep, DbDep
from slingcoach.web.forms import form_data, submit
from slingcoach.web.pages import redirect, render

router = APIRouter()

WINDOWS_PER_DAY = 2
"""Windows the availability form offers per weekday (a morning and an afternoon)."""
DEFAULT_HOURS = Availability(
    timezone="UTC",
    windows=tuple(Window(weekday=d, start=dt.time(9), end=dt.time(17)) for d in range(5)),
)
"""What the form shows before a coach first saves (Monday to Friday, 09:00-17:00)."""
PICK = "pick a time from the list"
CANCELLED_ALREADY = "This session is cancelled; it cannot be moved."
COMMON_ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Madrid",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "Australia/Sydney",
    "Australia/Melbourne",
    "Pacific/Auckland",
    "Asia/Singapore",
    "Asia/Tokyo",
    "UTC",
)


def _now(request: Request) -> dt.datetime:
    now: dt.datetime = request.app.state.clock()
    return now


def _slug(db: DbDep, client_id: int | None) -> str:
    from slingcoach.web.routes.messages import _slug_of

    return _slug_of(db, client_id)


# ------------------------------------------------------------------ coach: availability


def availability_from_form(form: dict[str, str], days_off: list[dt.date]) -> Availability:
    """An :class:`Availability` from the form's fields (``w{day}_{n}_start``/``_end``, hours
    of notice); pydantic's errors name the fields."""
    windows: list[dict[str, Any]] = []
    for day in range(7):
        for n in range(WINDOWS_PER_DAY):
            start = form.get(f"w{day}_{n}_start", "").strip()
            end = form.get(f"w{day}_{n}_end", "").strip()
            if start or end:
                windows.append({"weekday": day, "start": start or None, "end": end or None})
    data: dict[str, Any] = {
        "timezone": form.get("timezone", "").strip(),
        "windows": windows,
        "session_minutes": form.get("session_minutes") or None,
        "buffer_before_minutes": form.get("buffer_before_minutes") or 0,
        "buffer_after_minutes": form.get("buffer_after_minutes") or 0,
        "step_minutes": form.get("step_minutes") or None,
        "horizon_days": form.get("horizon_days") or None,
        "days_off": days_off,
    }
    hours = form.get("notice_hours", "").strip()
    if hours:
        try:
            data["notice_minutes"] = round(float(hours) * 60)
        except ValueError:
            data["notice_minutes"] = hours  # pydantic says it is not a number
    return Availability.model_validate({k: v for k, v in data.items() if v is not None})


def _form_values(availability: AvailabilityOut | Availability) -> dict[str, str]:
    values = {
        "timezone": availability.timezone,
        "session_minutes": str(availability.session_minutes),
        "buffer_before_minutes": str(availability.buffer_before_minutes),
        "buffer_after_minutes": str(availability.buffer_after_minutes),
        "notice_hours": f"{availability.notice_minutes / 60:g}",
        "step_minutes": str(availability.step_minutes or ""),
        "horizon_days": str(availability.horizon_days),
    }
    seen: dict[int, int] = {}
    for window in availability.windows:
        n = seen.get(window.weekday, 0)
        seen[window.weekday] = n + 1
        values[f"w{window.weekday}_{n}_start"] = f"{window.start:%H:%M}"
        values[f"w{window.weekday}_{n}_end"] = f"{window.end:%H:%M}"
    return values


def _availability_page(
    request: Request,
    current: AvailabilityOut | None,
    values: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "booking/availability.html",
        {
            "current": current,
            "values": values,
            "errors": _window_errors(errors or {}),
            "weekdays": WEEKDAYS,
            "per_day": range(WINDOWS_PER_DAY),
            "zones": COMMON_ZONES,
        },
        status_code=status_code,
    )


def _window_errors(errors: dict[str, str]) -> dict[str, str]:
    """Errors of ``windows.N...`` shown beside the weekly-hours table, the rest as they are."""
    out: dict[str, str] = {}
    for name, message in errors.items():
        if name.startswith("windows"):
            out.setdefault("windows", message)
        elif name == "notice_minutes":
            out["notice_hours"] = message
        else:
            out[name] = message
    return out


@router.get("/coach/availability", include_in_schema=False)
def availability_page(request: Request, db: DbDep, principal: CoachDep) -> Response:
    """The availability editor."""
    assert principal.coach_id is not None
    current = app_booking.get_availability(db, principal.coach_id)
    shown = current or DEFAULT_HOURS.model_copy(update={"timezone": principal.timezone})
    return _availability_page(request, current, _form_values(shown))


@router.post("/coach/availability", include_in_schema=False)
async def availability_save(request: Request, db: DbDep, principal: CoachDep) -> Response:
    """Save the weekly hours and settings (days off stay as they are)."""
    assert principal.coach_id is not None
    form = await form_data(request)
    current = app_booking.get_availability(db, principal.coach_id)
    coach_id = principal.coach_id

    def again(errors: dict[str, str], status: int) -> Response:
        return _availability_page(request, current, form, errors=errors, status_code=status)

    def save() -> AvailabilityOut:
        availability = availability_from_form(form, current.days_off if current else [])
        return app_booking.set_availability(db, coach_id, availability, now=_now(request))

    saved = submit(save, again)
    if isinstance(saved, Response):
        return saved
    return redirect(request, "/coach/availability", flash="Availability saved.")


@router.post("/coach/availability/days-off", include_in_schema=False)
def day_off_add(
    request: Request,
    db: DbDep,
    principal: CoachDep,
    day: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add a day off."""
    assert principal.coach_id is not None
    coach_id = principal.coach_id

    def again(errors: dict[str, str], status: int) -> Response:
        current = app_booking.get_availability(db, coach_id)
        values = _form_values(current) if current else {}
        return _availability_page(request, current, values, errors=errors, status_code=status)

    def add() -> dt.date:
        try:
            date = dt.date.fromisoformat(day.strip())
        except ValueError:
            raise InvalidInputError(
                f"{day[:40]!r} is not a date (YYYY-MM-DD)", location="day"
            ) from None
        app_booking.add_day_off(db, coach_id, date, note=note.strip() or None)
        return date

    added = submit(add, again)
    if isinstance(added, Response):
        return added
    return redirect(request, "/coach/availability", flash=f"{added:%A %d %B %Y} is a day off.")


@router.post("/coach/availability/days-off/{day}/delete", include_in_schema=False)
def day_off_remove(request: Request, db: DbDep, principal: CoachDep, day: dt.date) -> Response:
    """Take a day off the list."""
    assert principal.coach_id is not None
    app_booking.remove_day_off(db, principal.coach_id, day)
    return redirect(request, "/coach/availability", flash=f"{day:%A %d %B %Y} is open again.")


# ------------------------------------------------------------------ coach: bookings


@router.get("/coach/bookings", include_in_schema=False)
def coach_bookings(
    request: Request, db: DbDep, principal: CoachDep, past: bool = False
) -> Response:
    """The coach's strategy sessions (upcoming; with ``?past=1`` the earlier ones too)."""
    bookings = app_booking.list_bookings(
        db, party=principal, now=_now(request), include_past=past, include_cancelled=past
    )
    return render(
        request,
        "booking/coach_bookings.html",
        {
            "bookings": bookings,
            "past": past,
            "zone": _zone(principal.timezone),
            "now": _now(request),
        },
    )


@router.post("/coach/bookings/{uid}/cancel", include_in_schema=False)
def coach_cancel(request: Request, db: DbDep, principal: CoachDep, uid: str) -> Response:
    """Cancel a session (the client is mailed the cancellation)."""
    app_booking.cancel_booking(db, uid, party=principal, now=_now(request))
    return redirect(request, "/coach/bookings", flash="Session cancelled.")


@router.get("/coach/bookings/{uid}/reschedule", include_in_schema=False)
def coach_reschedule_page(
    request: Request, db: DbDep, principal: CoachDep, uid: str, start: dt.date | None = None
) -> Response:
    """Pick a new time for one of the coach's sessions (their free slots, in their zone)."""
    moving = app_booking.get_booking(db, uid, party=principal, now=_now(request))
    if moving.status != "booked":
        return redirect(request, "/coach/bookings", flash=CANCELLED_ALREADY, kind="error")
    return _coach_move_page(request, db, principal, moving, start=start)


@router.post("/coach/bookings/{uid}/reschedule", include_in_schema=False)
async def coach_reschedule(request: Request, db: DbDep, principal: CoachDep, uid: str) -> Response:
    """Move a session to the chosen slot (no notice needed: the coach may move it until it
    starts); both sides get the updated invitation."""
    form = await form_data(request)
    moving = app_booking.get_booking(db, uid, party=principal, now=_now(request))

    def again(errors: dict[str, str], status: int) -> Response:
        return _coach_move_page(
            request, db, principal, moving, values=form, errors=errors, status_code=status
        )

    result = submit(lambda: _move(request, db, principal, uid, form), again, conflict="starts_at")
    if isinstance(result, Response):
        return result
    when = result.booking.starts_at.astimezone(_zone(principal.timezone))
    return redirect(
        request,
        "/coach/bookings",
        flash=f"Moved {result.booking.client_name}’s session to {when:%A %d %B, %H:%M}; "
        "both of you get the updated invitation.",
    )


def _coach_move_page(
    request: Request,
    db: DbDep,
    principal: Principal,
    moving: BookingOut,
    *,
    start: dt.date | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    now = _now(request)
    slots: FreeSlots | None
    unavailable = None
    try:
        slots = app_booking.free_slots_for_client(
            db,
            moving.client,
            now=now,
            timezone=principal.timezone,
            start=start,
            days=14,
            for_coach=True,
        )
    except (InvalidInputError, LookupError) as exc:
        slots, unavailable = None, str(exc)
    return render(
        request,
        "booking/coach_move.html",
        {
            "moving": moving,
            "slots": slots,
            "unavailable": unavailable,
            "values": values or {},
            "errors": errors,
            "zone": _zone(principal.timezone),
            "today": now.astimezone(_zone(principal.timezone)).date(),
            "timedelta": dt.timedelta,
        },
        status_code=status_code,
    )


# ------------------------------------------------------------------ client: booking


def _book_page(
    request: Request,
    db: DbDep,
    principal: ClientDep,
    *,
    start: dt.date | None = None,
    moving: BookingOut | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    now = _now(request)
    slug = _slug(db, principal.client_id)
    slots: FreeSlots | None
    unavailable = None
    try:
        slots = app_booking.free_slots_for_client(
            db, slug, now=now, timezone=principal.timezone, start=start, days=14
        )
    except (InvalidInputError, LookupError) as exc:
        slots, unavailable = None, str(exc)
    bookings = app_booking.list_bookings(db, party=principal, now=now)
    return render(
        request,
        "booking/book.html",
        {
            "slots": slots,
            "unavailable": unavailable,
            "bookings": bookings,
            "moving": moving,
            "values": values or {},
            "errors": errors,
            "zone": _zone(principal.timezone),
            "start": start,
            "today": now.astimezone(_zone(principal.timezone)).date(),
            "timedelta": dt.timedelta,
        },
        status_code=status_code,
    )


@router.get("/me/book", include_in_schema=False)
def book_page(
    request: Request, db: DbDep, principal: ClientDep, start: dt.date | None = None
) -> Response:
    """Free slots of the next two weeks (from ``start``) and the client's sessions."""
    return _book_page(request, db, principal, start=start)


@router.post("/me/book", include_in_schema=False)
async def book(request: Request, db: DbDep, principal: ClientDep) -> Response:
    """Book the chosen slot."""
    form = await form_data(request)

    def again(errors: dict[str, str], status: int) -> Response:
        return _book_page(request, db, principal, values=form, errors=errors, status_code=status)

    def book_it() -> BookingResult:
        if not form.get("starts_at"):
            raise InvalidInputError(PICK, location="starts_at")
        wanted = BookingRequest.model_validate(
            {"starts_at": form.get("starts_at"), "topic": form.get("topic") or None}
        )
        return app_booking.book_session(
            db, _slug(db, principal.client_id), wanted, now=_now(request)
        )

    result = submit(book_it, again, conflict="starts_at")
    if isinstance(result, Response):
        return result
    when = result.booking.starts_at.astimezone(_zone(principal.timezone))
    return redirect(
        request,
        "/me/book",
        flash=f"Booked: {when:%A %d %B, %H:%M}. The invitation is on its way to your e-mail.",
    )


@router.post("/me/bookings/{uid}/cancel", include_in_schema=False)
def client_cancel(request: Request, db: DbDep, principal: ClientDep, uid: str) -> Response:
    """Cancel one of the client's sessions (with the coach's minimum notice)."""
    try:
        app_booking.cancel_booking(db, uid, party=principal, now=_now(request))
    except ConflictError as exc:
        return redirect(request, "/me/book", flash=str(exc), kind="error")
    return redirect(request, "/me/book", flash="Session cancelled.")


@router.get("/me/bookings/{uid}/reschedule", include_in_schema=False)
def reschedule_page(
    request: Request, db: DbDep, principal: ClientDep, uid: str, start: dt.date | None = None
) -> Response:
    """Pick a new time for a session."""
    moving = app_booking.get_booking(db, uid, party=principal, now=_now(request))
    return _book_page(request, db, principal, start=start, moving=moving)


@router.post("/me/bookings/{uid}/reschedule", include_in_schema=False)
async def reschedule(request: Request, db: DbDep, principal: ClientDep, uid: str) -> Response:
    """Move a session to the chosen slot."""
    form = await form_data(request)
    moving = app_booking.get_booking(db, uid, party=principal, now=_now(request))

    def again(errors: dict[str, str], status: int) -> Response:
        return _book_page(
            request, db, principal, moving=moving, values=form, errors=errors, status_code=status
        )

    result = submit(lambda: _move(request, db, principal, uid, form), again, conflict="starts_at")
    if isinstance(result, Response):
        return result
    when = result.booking.starts_at.astimezone(_zone(principal.timezone))
    return redirect(request, "/me/book", flash=f"Moved to {when:%A %d %B, %H:%M}.")


def _move(
    request: Request, db: DbDep, party: Principal, uid: str, form: dict[str, str]
) -> BookingResult:
    """Reschedule ``uid`` to the form's ``starts_at`` (for the client's and the coach's page)."""
    if not form.get("starts_at"):
        raise InvalidInputError(PICK, location="starts_at")
    wanted = RescheduleRequest.model_validate({"starts_at": form.get("starts_at")})
    return app_booking.reschedule_booking(db, uid, wanted, party=party, now=_now(request))


def _zone(name: str) -> dt.tzinfo:
    from slingcoach.booking.model import zone_of

    try:
        return zone_of(name)
    except ValueError:
        return dt.UTC


# ------------------------------------------------------------------ API


@router.get("/api/coach/availability", response_model=AvailabilityOut | None, tags=["booking"])
def api_get_availability(db: DbDep, principal: CoachDep) -> AvailabilityOut | None:
    """The coach's availability (``null`` before it is first set)."""
    assert principal.coach_id is not None
    return app_booking.get_availability(db, principal.coach_id)


@router.put("/api/coach/availability", response_model=AvailabilityOut, tags=["booking"])
def api_set_availability(
    request: Request, db: DbDep, principal: CoachDep, availability: Availability
) -> AvailabilityOut:
    """Replace the coach's availability (weekly hours, settings and days off)."""
    assert principal.coach_id is not None
    return app_booking.set_availability(db, principal.coach_id, availability, now=_now(request))


@router.get("/api/coach/bookings", response_model=list[BookingOut], tags=["booking"])
def api_coach_bookings(
    request: Request, db: DbDep, principal: CoachDep, past: bool = False
) -> list[BookingOut]:
    """The coach's sessions, soonest first."""
    return app_booking.list_bookings(
        db, party=principal, now=_now(request), include_past=past, include_cancelled=past
    )


@router.post("/api/coach/bookings/{uid}/cancel", response_model=BookingOut, tags=["booking"])
def api_coach_cancel(request: Request, db: DbDep, principal: CoachDep, uid: str) -> BookingOut:
    """Cancel a session; both sides are mailed the cancellation."""
    result = app_booking.cancel_booking(db, uid, party=principal, now=_now(request))
    return result.booking


def coach_booking(request: Request, db: DbDep, principal: CoachDep, uid: str) -> BookingOut:
    """The signed-in coach's booking ``uid``, else 404 (checked before the body is read)."""
    return app_booking.get_booking(db, uid, party=principal, now=_now(request))


@router.post("/api/coach/bookings/{uid}/reschedule", response_model=BookingOut, tags=["booking"])
def api_coach_reschedule(
    request: Request,
    db: DbDep,
    principal: CoachDep,
    uid: str,
    wanted: RescheduleRequest,
    _mine: Annotated[BookingOut, Depends(coach_booking)],
) -> BookingOut:
    """Move a session to another free slot (the coach needs no notice); both sides are
    mailed the updated invitation (same UID, next SEQUENCE) and the reminders move."""
    result = app_booking.reschedule_booking(db, uid, wanted, party=principal, now=_now(request))
    return result.booking


@router.get("/api/me/slots", response_model=FreeSlots, tags=["booking"])
def api_slots(
    request: Request,
    db: DbDep,
    principal: ClientDep,
    start: dt.date | None = None,
    days: Annotated[int, Query(ge=1, le=app_booking.MAX_DAYS_SHOWN)] = 14,
) -> FreeSlots:
    """Free slots of the client's coach, grouped by the client's dates."""
    return app_booking.free_slots_for_client(
        db,
        _slug(db, principal.client_id),
        now=_now(request),
        timezone=principal.timezone,
        start=start,
        days=days,
    )


@router.get("/api/me/bookings", response_model=list[BookingOut], tags=["booking"])
def api_my_bookings(request: Request, db: DbDep, principal: ClientDep) -> list[BookingOut]:
    """The client's upcoming sessions."""
    return app_booking.list_bookings(db, party=principal, now=_now(request))


@router.post(
    "/api/me/bookings",
    response_model=BookingOut,
    status_code=201,
    tags=["booking"],
    responses={409: {"description": "the slot is taken"}},
)
def api_book(
    request: Request, db: DbDep, principal: ClientDep, wanted: BookingRequest
) -> BookingOut:
    """Book a slot; both sides are mailed the invitation."""
    result = app_booking.book_session(db, _slug(db, principal.client_id), wanted, now=_now(request))
    return result.booking


@router.post("/api/me/bookings/{uid}/cancel", response_model=BookingOut, tags=["booking"])
def api_my_cancel(request: Request, db: DbDep, principal: ClientDep, uid: str) -> BookingOut:
    """Cancel a session (with the coach's minimum notice)."""
    result = app_booking.cancel_booking(db, uid, party=principal, now=_now(request))
    return result.booking


def my_booking(request: Request, db: DbDep, principal: ClientDep, uid: str) -> BookingOut:
    """The signed-in client's booking ``uid``, else 404 (checked before the body is read)."""
    return app_booking.get_booking(db, uid, party=principal, now=_now(request))


@router.post("/api/me/bookings/{uid}/reschedule", response_model=BookingOut, tags=["booking"])
def api_my_reschedule(
    request: Request,
    db: DbDep,
    principal: ClientDep,
    uid: str,
    wanted: RescheduleRequest,
    _mine: Annotated[BookingOut, Depends(my_booking)],
) -> BookingOut:
    """Move a session to another free slot (with the coach's minimum notice)."""
    result = app_booking.reschedule_booking(db, uid, wanted, party=principal, now=_now(request))
    return result.booking
