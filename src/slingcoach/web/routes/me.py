"""The client's pages (``/me/…``) and their JSON twins (``/api/me/…``): today's session
logged set by set, the program calendar and the progress charts.

Every route takes the signed-in client (:class:`Me`): a client reaches only their own data
because no route names a client; the slug comes from the session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from slingcoach.app import calendar as calendar_app
from slingcoach.app import today as today_app
from slingcoach.app.calendar import Calendar
from slingcoach.app.client_intake import IntakeSaved
from slingcoach.app.progress import Progress, progress
from slingcoach.app.today import Checkin, SetLog, SetUndo, Today
from slingcoach.assessment.intake import Intake
from slingcoach.errors import ConflictError, InvalidInputError, NotFoundError
from slingcoach.storage.database import Database
from slingcoach.web.deps import ClientDep, get_db
from slingcoach.web.forms import errors_from
from slingcoach.web.pages import redirect, render

router = APIRouter()


@dataclass(frozen=True)
class Me:
    """The signed-in client: their slug, time zone and today's date in that zone."""

    slug: str
    timezone: str
    today: dt.date
    now: dt.datetime
    db: Database


def current_client(request: Request, principal: ClientDep) -> Me:
    """The signed-in client (403 for a coach, a redirect or 401 for nobody); their slug
    came with the session (one read)."""
    if principal.client_slug is None:
        raise NotFoundError("your client record is gone; ask your coach")
    now: dt.datetime = request.app.state.clock()
    return Me(
        slug=principal.client_slug,
        timezone=principal.timezone,
        today=today_app.client_today(now, principal.timezone),
        now=now,
        db=get_db(request),
    )


MeDep = Annotated[Me, Depends(current_client)]


def _today(me: Me) -> Today:
    return today_app.today_session(me.db, me.slug, today=me.today, timezone=me.timezone)


# --- today --------------------------------------------------------------------------------


@router.get("/me/today", include_in_schema=False)
def today_page(request: Request, me: MeDep) -> Response:
    """Today's session on a phone: set by set per side, weaker side first, a rest timer."""
    return render(request, "me/today.html", {"today": _today(me), "errors": {}})


def _number(value: str, field: str, *, integer: bool = False) -> float | int | None:
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        return int(text) if integer else float(text)
    except ValueError:
        what = "a whole number" if integer else "a number"
        raise InvalidInputError(f"{text[:20]!r} is not {what}", location=field) from None


@router.post("/me/today/sets", include_in_schema=False)
def today_log_set(
    request: Request,
    me: MeDep,
    item_key: Annotated[str, Form(max_length=20)] = "",
    set_number: Annotated[str, Form(max_length=10)] = "",
    side: Annotated[str, Form(max_length=10)] = "",
    amount: Annotated[str, Form(max_length=20)] = "",
    unit: Annotated[str, Form(max_length=10)] = "reps",
    load_kg: Annotated[str, Form(max_length=20)] = "",
    pain: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Tick one side of one set (htmx swaps the exercise's card; without JS, a redirect)."""
    form_key = f"{item_key}-{set_number}-{side}"
    try:
        if unit not in ("reps", "seconds", "metres"):
            raise InvalidInputError(f"{unit[:20]!r} is not a unit", location="unit")
        values: dict[str, Any] = {
            "item_key": item_key,
            "set_number": _number(set_number, "set_number", integer=True),
            "side": side,
            unit: _number(amount, "amount", integer=unit == "reps"),
            "load_kg": _number(load_kg, "load_kg"),
            "pain": _number(pain, "pain", integer=True),
        }
        entry = SetLog.model_validate(values)
        today = today_app.log_set(
            me.db, me.slug, entry, today=me.today, timezone=me.timezone, now=me.now
        )
    except (InvalidInputError, ValidationError, ConflictError) as exc:
        errors = {"__all__": str(exc)} if isinstance(exc, ConflictError) else _set_errors(exc, unit)
        status = 409 if isinstance(exc, ConflictError) else 422
        today = _today(me)
        if request.headers.get("HX-Request") == "true":
            exercise = _exercise_of(today, item_key)
            if exercise is not None:
                return render(
                    request,
                    "me/_exercise.html",
                    {"today": today, "ex": exercise, "errors": errors, "form_key": form_key},
                    status_code=422,
                )
        return render(
            request,
            "me/today.html",
            {"today": today, "errors": errors, "form_key": form_key},
            status_code=status,
        )
    exercise = _exercise_of(today, item_key)
    if request.headers.get("HX-Request") == "true" and exercise is not None:
        response = render(
            request,
            "me/_exercise.html",
            {"today": today, "ex": exercise, "errors": {}, "form_key": "", "just": entry},
        )
        return response
    anchor = f"#ex-{exercise.position}" if exercise is not None else ""
    return redirect(request, f"/me/today{anchor}")


@router.post("/me/today/sets/undo", include_in_schema=False)
def today_undo_set(
    request: Request,
    me: MeDep,
    item_key: Annotated[str, Form(max_length=20)] = "",
    set_number: Annotated[str, Form(max_length=10)] = "",
    side: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Take back a set ticked by mistake (htmx swaps the exercise's card; without JS, a
    redirect to it)."""
    try:
        entry = SetUndo.model_validate(
            {
                "item_key": item_key,
                "set_number": _number(set_number, "set_number", integer=True),
                "side": side,
            }
        )
        today = today_app.undo_set(
            me.db, me.slug, entry, today=me.today, timezone=me.timezone, now=me.now
        )
    except (InvalidInputError, ValidationError) as exc:
        errors = {"__all__": next(iter(errors_from(exc).values()))}
        today = _today(me)
        exercise = _exercise_of(today, item_key)
        if request.headers.get("HX-Request") == "true" and exercise is not None:
            return render(
                request,
                "me/_exercise.html",
                {"today": today, "ex": exercise, "errors": errors, "form_key": f"{item_key}-"},
                status_code=422,
            )
        return render(
            request,
            "me/today.html",
            {"today": today, "errors": errors, "form_key": f"{item_key}-"},
            status_code=422,
        )
    exercise = _exercise_of(today, item_key)
    if request.headers.get("HX-Request") == "true" and exercise is not None:
        return render(
            request,
            "me/_exercise.html",
            {"today": today, "ex": exercise, "errors": {}, "form_key": "", "undone": True},
        )
    anchor = f"#ex-{exercise.position}" if exercise is not None else ""
    return redirect(request, f"/me/today{anchor}", flash="Set taken back.")


def _set_errors(exc: Exception, unit: str) -> dict[str, str]:
    errors = errors_from(exc)
    if unit in errors:  # the amount field carries the unit's name in the model
        errors["amount"] = errors.pop(unit)
    return errors


def _exercise_of(today: Today, item_key: str) -> today_app.ExerciseOut | None:
    for exercise in today.exercises:
        if any(s.item_key == item_key for s in exercise.sides):
            return exercise
    return None


@router.post("/me/today/finish", include_in_schema=False)
def today_finish(
    request: Request,
    me: MeDep,
    session_rpe: Annotated[str, Form(max_length=10)] = "",
    pain: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """How it felt (session RPE 0-10) and pain 0-10, at the end."""
    try:
        checkin = Checkin.model_validate(
            {
                "session_rpe": _required(session_rpe, "session_rpe", "how hard it felt"),
                "pain": _required(pain, "pain", "your pain"),
            }
        )
        today_app.finish_session(
            me.db, me.slug, checkin, today=me.today, timezone=me.timezone, now=me.now
        )
    except (InvalidInputError, ValidationError) as exc:
        return render(
            request,
            "me/today.html",
            {
                "today": _today(me),
                "errors": errors_from(exc),
                "form_key": "finish",
                "feel": {"session_rpe": session_rpe, "pain": pain},
            },
            status_code=422,
        )
    return redirect(request, "/me/today#finish", flash="Saved. Well done today.")


def _required(value: str, field: str, what: str) -> int:
    number = _number(value, field, integer=True)
    if number is None:
        raise InvalidInputError(f"choose {what}, 0 to 10", location=field)
    return int(number)


@router.get("/api/me/today", response_model=Today, tags=["me"])
def api_today(me: MeDep) -> Today:
    """Today's session (the client's date in their time zone) and what is logged of it."""
    return _today(me)


@router.post(
    "/api/me/today/sets",
    response_model=Today,
    tags=["me"],
    responses={
        404: {"description": "no session today"},
        409: {"description": "that set is logged already with other values"},
    },
)
def api_log_set(me: MeDep, body: SetLog) -> Today:
    """Log one side of one set of today's session (sending the same set again is harmless)."""
    return today_app.log_set(me.db, me.slug, body, today=me.today, timezone=me.timezone, now=me.now)


@router.post(
    "/api/me/today/sets/undo",
    response_model=Today,
    tags=["me"],
    responses={404: {"description": "no session today"}},
)
def api_undo_set(me: MeDep, body: SetUndo) -> Today:
    """Take back one side of the last set logged of an exercise today (one not logged: no
    change)."""
    return today_app.undo_set(
        me.db, me.slug, body, today=me.today, timezone=me.timezone, now=me.now
    )


@router.put("/api/me/today/checkin", response_model=Today, tags=["me"])
def api_checkin(me: MeDep, body: Checkin) -> Today:
    """How today's session felt (session RPE 0-10) and pain 0-10 at its end."""
    return today_app.finish_session(
        me.db, me.slug, body, today=me.today, timezone=me.timezone, now=me.now
    )


# --- calendar -----------------------------------------------------------------------------


@router.get("/me/calendar", include_in_schema=False)
def calendar_page(request: Request, me: MeDep) -> Response:
    """The program by week and day: done, part done, missed, today, to come."""
    calendar = calendar_app.program_calendar(me.db, me.slug, today=me.today)
    return render(request, "me/calendar.html", {"calendar": calendar})


@router.get("/api/me/calendar", response_model=Calendar, tags=["me"])
def api_calendar(me: MeDep) -> Calendar:
    """The current program's sessions by week with what was done of each."""
    return calendar_app.program_calendar(me.db, me.slug, today=me.today)


# --- progress -----------------------------------------------------------------------------


@router.get("/me/progress", include_in_schema=False)
def progress_page(request: Request, me: MeDep) -> Response:
    """Asymmetry over time, weekly volume per side and strength per side, drawn in the page."""
    from slingcoach.web.charts import chart_data

    data = progress(me.db, me.slug, today=me.today)
    return render(request, "me/progress.html", {"progress": data, "charts": chart_data(data)})


@router.get("/api/me/progress", response_model=Progress, tags=["me"])
def api_progress(me: MeDep) -> Progress:
    """Adherence, weekly volume per muscle and side, strength per side, re-tests and flags."""
    return progress(me.db, me.slug, today=me.today)


# --- intake -------------------------------------------------------------------------------


@router.get("/me/intake", include_in_schema=False)
def intake_page(
    request: Request, me: MeDep, step: Annotated[int | None, Query(ge=1, le=20)] = None
) -> Response:
    """The intake questionnaire in steps, filled in with the draft's answers (a half-filled
    intake goes on where it stopped), else with the last intake's."""
    from slingcoach.app.client_intake import latest_intake
    from slingcoach.app.intake_draft import load_draft
    from slingcoach.web.intake_form import STEPS, form_values

    draft = load_draft(me.db, me.slug)
    values: dict[str, Any] = (
        dict(draft.answers) if draft is not None else form_values(latest_intake(me.db, me.slug))
    )
    number = min(step or (draft.step if draft is not None else 1), len(STEPS))
    return _intake(request, values, STEPS[number - 1], {})


def _intake(
    request: Request,
    values: dict[str, Any],
    step: Any,
    errors: dict[str, str],
    *,
    status_code: int = 200,
    saved: Any = None,
) -> Response:
    from slingcoach.web.intake_form import STEPS, choices

    return render(
        request,
        "me/intake.html",
        {
            "values": values,
            "errors": errors,
            "choices": choices(),
            "saved": saved,
            "step": step,
            "steps": STEPS,
        },
        status_code=status_code,
    )


@router.post("/me/intake", include_in_schema=False)
async def intake_submit(request: Request, me: MeDep) -> Response:
    """One step of the intake (``step``; ``go``: ``next``, ``back`` or ``save``), kept in the
    draft at once and checked beside its fields before the next step; at the end (or with
    no ``step``: the whole form at once) every answer is checked and the intake stored;
    red flags refer."""
    from slingcoach.app.client_intake import latest_intake
    from slingcoach.app.intake_draft import load_draft, save_draft
    from slingcoach.web.intake_form import STEPS, answers_of, form_values, step_errors, with_step

    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    lists = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}
    posted = answers_of(values, lists)
    number = values.get("step", "")
    if not number:  # the whole form at once (a script, an older page)
        return _intake_save(request, me, posted)
    if not number.isdigit() or not 1 <= int(number) <= len(STEPS):
        raise InvalidInputError(f"{number[:10]!r} is not a step of the intake", location="step")
    step = STEPS[int(number) - 1]
    draft = load_draft(me.db, me.slug)
    base: dict[str, Any] = (
        dict(draft.answers) if draft is not None else form_values(latest_intake(me.db, me.slug))
    )
    answers = with_step(_as_answers(base), step, posted)
    go = values.get("go", "next")
    if go == "back":
        back = max(step.number - 1, 1)
        save_draft(me.db, me.slug, answers, step=back, now=me.now)
        return redirect(request, f"/me/intake?step={back}")
    errors = step_errors(answers, step)
    if errors:
        save_draft(me.db, me.slug, answers, step=step.number, now=me.now)
        return _intake(request, answers, step, errors, status_code=422)
    if go == "save" or step.number == len(STEPS):
        return _intake_save(request, me, answers)
    save_draft(me.db, me.slug, answers, step=step.number + 1, now=me.now)
    return redirect(request, f"/me/intake?step={step.number + 1}")


def _as_answers(values: dict[str, Any]) -> dict[str, str | list[str]]:
    """The last intake's form values as draft answers (text, or a list of texts)."""
    out: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if isinstance(value, list):
            out[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                out[name] = "on"
        elif value is not None:
            out[name] = str(value)
    return out


def _intake_save(request: Request, me: Me, answers: dict[str, str | list[str]]) -> Response:
    """Check every answer and store the intake; the first step with a problem otherwise."""
    from slingcoach.app.client_intake import submit_intake
    from slingcoach.app.intake_draft import discard_draft, save_draft
    from slingcoach.web.intake_form import errors_of, first_step_with, read_answers

    try:
        intake = read_answers(answers)
        saved = submit_intake(me.db, me.slug, intake, today=me.today, now=me.now)
    except (InvalidInputError, ValidationError) as exc:
        errors = errors_of(exc)
        step = first_step_with(errors)
        save_draft(me.db, me.slug, answers, step=step.number, now=me.now)
        return _intake(request, dict(answers), step, errors, status_code=422)
    discard_draft(me.db, me.slug)
    if saved.refer:
        return _intake(request, {}, None, {}, saved=saved)
    return redirect(request, "/me/today", flash="Thank you: your answers are saved for your coach.")


@router.get("/api/me/intake", tags=["me"], responses={404: {"description": "no intake yet"}})
def api_intake(me: MeDep) -> dict[str, Any]:
    """The client's latest intake (the intake document's JSON)."""
    from slingcoach.app.client_intake import latest_intake

    intake = latest_intake(me.db, me.slug)
    if intake is None:
        raise NotFoundError("you have not filled in the intake yet")
    return intake.model_dump(mode="json", by_alias=True)


@router.post("/api/me/intake", response_model=IntakeSaved, tags=["me"])
def api_submit_intake(me: MeDep, body: Intake) -> IntakeSaved:
    """Submit the intake; a positive red-flag screen refers (programming stops)."""
    from slingcoach.app.client_intake import submit_intake

    return submit_intake(me.db, me.slug, body, today=me.today, now=me.now)
