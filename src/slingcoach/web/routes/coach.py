"""The coach's pages and their JSON twins: the dashboard, the client page, program editing,
program generation and exports.

Thin: each route parses the request, calls one use case of :mod:`slingcoach.app` and shows the
result. Forms re-render with the message beside the field (422) instead of an error page.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Form, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from slingcoach.app import coach_view, program_edits
from slingcoach.app.accounts import Principal
from slingcoach.app.dashboard import (
    MAX_PAGE_SIZE,
    NAME_QUERY_MAX,
    PAGE_SIZE,
    DashboardPage,
    Show,
    dashboard_page,
)
from slingcoach.app.records import SavedAssessment
from slingcoach.errors import EditRefusedError, InvalidInputError, NotFoundError, SlingcoachError
from slingcoach.programming.edit import EDIT_ADAPTER, DaysChange, ExerciseSwap, SetsChange
from slingcoach.web.deps import CoachDep, DbDep, OwnedClientDep
from slingcoach.web.forms import errors_from
from slingcoach.web.pages import redirect, render
from slingcoach.web.security import settings_of

router = APIRouter()

Edit = ExerciseSwap | SetsChange | DaysChange
ExportFormat = Literal["pdf", "html", "ics", "json", "csv"]


def _today(request: Request, principal: Any) -> Any:
    """The coach's date (their time zone), from the app's clock."""
    from zoneinfo import ZoneInfo

    now = request.app.state.clock()
    return now.astimezone(ZoneInfo(principal.timezone)).date()


def _author(principal: Any) -> str:
    return f"{principal.name} <{principal.email}>"


# --- pages ------------------------------------------------------------------------------------
PageQuery = Annotated[int, Query(ge=1, le=100_000, description="the page, from 1")]
NameQuery = Annotated[
    str, Query(max_length=NAME_QUERY_MAX, description="part of the client's name, any case")
]
ShowQuery = Annotated[Show, Query(description="which clients: all, attention, a flag, ...")]


@router.get("/coach/", include_in_schema=False)
def dashboard(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    page: PageQuery = 1,
    q: NameQuery = "",
    show: ShowQuery = "all",
) -> Response:
    """The coach's clients, a page at a time, those needing attention first, with flags,
    latest findings and adherence; searched by name and filtered by flag."""
    assert principal.coach_id is not None  # require_coach
    today = _today(request, principal)
    view = dashboard_page(db, today=today, coach_id=principal.coach_id, q=q, show=show, page=page)
    return render(request, "coach/dashboard.html", {"view": view, "today": today})


def _client_page(
    request: Request,
    principal: Any,
    db: Any,
    slug: str,
    *,
    errors: dict[str, str] | None = None,
    problems: list[str] | None = None,
    form: dict[str, str] | None = None,
    analysis: dict[str, Any] | None = None,
    week: int | None = None,
    status_code: int = 200,
) -> Response:
    from slingcoach.app.coach_evidence import field_test_form
    from slingcoach.web.charts import chart_data

    today = _today(request, principal)
    view = coach_view.client_overview(db, slug, today=today, week=week)
    return render(
        request,
        "coach/client.html",
        {
            "view": view,
            "charts": chart_data(view.progress),
            "errors": errors or {},
            "problems": problems or [],
            "form": form or {},
            "weekday_names": WEEKDAYS,
            "test_rows": field_test_form(),
            "analysis": analysis,
            "kinds": RECORDING_KINDS,
        },
        status_code=status_code,
    )


RECORDING_KINDS = (("emg", "EMG"), ("forceplate", "Force plates"), ("pose", "Pose keypoints"))

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@router.get("/coach/clients/{slug}", include_in_schema=False)
def client_page(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    week: Annotated[int | None, Query(ge=1, le=52)] = None,
) -> Response:
    """The client page: assessment, program (one week, ``week`` or the one around today)
    with its edits, progress, exports."""
    return _client_page(request, principal, db, client.slug, week=week)


def _week_field(form: Any) -> int | None:
    """The program week the edit form was on (a hidden field), to show it again."""
    value = str(form.get("week", ""))
    return int(value) if value.isdigit() and 1 <= int(value) <= 52 else None


@router.post("/coach/clients/{slug}/program/edits", include_in_schema=False)
async def edit_program_form(
    request: Request, principal: CoachDep, db: DbDep, client: OwnedClientDep
) -> Response:
    """A swap, a change of sets or of days from the client page's forms."""
    form = await request.form()
    fields: dict[str, Any] = {"kind": str(form.get("kind", ""))}
    if fields["kind"] == "days":
        fields["weekdays"] = [str(d) for d in form.getlist("weekdays")]
    else:
        fields["item_key"] = str(form.get("item_key", ""))
        fields["later_weeks"] = form.get("later_weeks") == "on"
        if fields["kind"] == "swap":
            fields["to"] = str(form.get("to", ""))
        else:
            fields["sets"] = str(form.get("sets", ""))
    shown = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    week = _week_field(form)
    try:
        edit = EDIT_ADAPTER.validate_python(fields)
        result = program_edits.edit_program(
            db,
            client.slug,
            edit,
            author=_author(principal),
            today=_today(request, principal),
            now=request.app.state.clock(),
        )
    except EditRefusedError as exc:
        return _client_page(
            request,
            principal,
            db,
            client.slug,
            errors={"edit": "Not changed: the edit breaks the program's rules."},
            problems=exc.problems,
            form=shown,
            week=week,
            status_code=422,
        )
    except (ValidationError, InvalidInputError) as exc:
        errors = {"edit": next(iter(errors_from(exc).values()))}
        return _client_page(
            request,
            principal,
            db,
            client.slug,
            errors=errors,
            form=shown,
            week=week,
            status_code=422,
        )
    message = result.summary[:1].upper() + result.summary[1:] + "."
    if result.warnings:
        message += " Check: " + "; ".join(f"{w.where}: {w.text}" for w in result.warnings)
    where = f"?week={week}" if week is not None else ""
    return redirect(
        request,
        f"/coach/clients/{client.slug}{where}#program",
        flash=message,
        kind="warning" if result.warnings else "success",
    )


@router.get("/coach/clients/{slug}/program/substitutes", include_in_schema=False)
def substitutes_fragment(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    item_key: Annotated[str, Query(max_length=20)] = "",
    week: Annotated[int | None, Query(ge=1, le=52)] = None,
) -> Response:
    """The swap form for one item (an htmx fragment): the substitutes that fit the client;
    ``week``: the program week the page shows, to come back to after the swap."""
    try:
        subs = program_edits.program_substitutes(db, client.slug, item_key)
        error = None
    except InvalidInputError as exc:
        subs, error = [], next(iter(errors_from(exc).values()))
    return render(
        request,
        "coach/_swap.html",
        {"slug": client.slug, "item_key": item_key, "subs": subs, "error": error, "week": week},
        status_code=200 if error is None else 422,
    )


@router.post("/coach/clients/{slug}/programs", include_in_schema=False)
def generate_program_form(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    weeks: Annotated[str, Form(max_length=4)] = "8",
    days_per_week: Annotated[str, Form(max_length=4)] = "",
    minutes_per_session: Annotated[str, Form(max_length=4)] = "",
    start_date: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Make a new program block from the latest assessment with the coach's preferences."""
    from slingcoach.app.coach_programs import generate_for_client

    fields = {
        "weeks": weeks,
        "days_per_week": days_per_week,
        "minutes_per_session": minutes_per_session,
        "start_date": start_date,
    }
    try:
        saved = generate_for_client(db, client.slug, fields, today=_today(request, principal))
    except (InvalidInputError, ValidationError) as exc:
        return _client_page(
            request,
            principal,
            db,
            client.slug,
            errors={f"plan_{k}": v for k, v in errors_from(exc).items()},
            form=fields,
            status_code=422,
        )
    except SlingcoachError as exc:  # a referral, an infeasible plan: said in the coach's words
        return _client_page(
            request,
            principal,
            db,
            client.slug,
            errors={"plan___all__": str(exc)},
            form=fields,
            status_code=422,
        )
    return redirect(
        request,
        f"/coach/clients/{client.slug}#program",
        flash=f"A {saved.weeks}-week program starting {saved.start_date.isoformat()} is ready.",
    )


@router.get("/coach/clients/{slug}/programs/{program_id}/export", include_in_schema=False)
def program_export(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    program_id: str,
    format: ExportFormat = "pdf",
) -> Response:
    """The program as PDF, printable HTML, iCalendar, JSON or CSV (a download)."""
    from slingcoach.app.coach_programs import program_export as export

    out = export(db, client.slug, program_id, format, today=_today(request, principal))
    disposition = "inline" if format == "html" else "attachment"
    name = f"{client.slug}-program-{program_id}.{format}"
    headers = {
        "Content-Disposition": f'{disposition}; filename="{name}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(out.data, media_type=out.media_type, headers=headers)


@router.get("/coach/clients/{slug}/assessments/{assessment_id}/report", include_in_schema=False)
def assessment_report(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    assessment_id: str,
) -> Response:
    """The assessment report (HTML with the body diagram) of one of the client's assessments."""
    from slingcoach.app.coach_programs import assessment_export

    out = assessment_export(
        db, client.slug, assessment_id, "html", today=_today(request, principal)
    )
    return Response(
        out.data, media_type=out.media_type, headers={"X-Content-Type-Options": "nosniff"}
    )


@router.post("/coach/clients/{slug}/tests", include_in_schema=False)
async def field_tests_form(
    request: Request, principal: CoachDep, db: DbDep, client: OwnedClientDep
) -> Response:
    """Field tests typed left and right side by side: a new assessment."""
    from slingcoach.app.coach_evidence import enter_field_tests, field_test_form

    form = await request.form()
    values = {
        row.id: (str(form.get(f"{row.id}.left", "")), str(form.get(f"{row.id}.right", "")))
        for row in field_test_form()
    }
    shown = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        saved = enter_field_tests(
            db, client.slug, values, today=_today(request, principal), now=request.app.state.clock()
        )
    except (InvalidInputError, NotFoundError) as exc:
        errors = {f"test:{k}": v for k, v in errors_from(exc).items()}
        return _client_page(
            request, principal, db, client.slug, errors=errors, form=shown, status_code=422
        )
    return redirect(
        request,
        f"/coach/clients/{client.slug}#assessment",
        flash=f"Field tests kept: a new assessment of {saved.assessed_on.isoformat()}.",
    )


@router.post("/coach/clients/{slug}/recordings", include_in_schema=False)
async def recording_form(
    request: Request, principal: CoachDep, db: DbDep, client: OwnedClientDep
) -> Response:
    """An uploaded recording (CSV or C3D): analysed, added as evidence, the analysis shown."""
    shown, name, content = await _recording_form(request)
    try:
        _, analysis = _add_recording(request, principal, db, client.slug, shown, name, content)
    except (InvalidInputError, NotFoundError, ValidationError) as exc:
        errors = errors_from(exc)
        field, message = next(iter(errors.items()))
        if field not in ("kind", "task", "side"):
            field = "file"
        return _client_page(
            request,
            principal,
            db,
            client.slug,
            errors={f"rec:{field}": message},
            form=shown,
            status_code=422,
        )
    return _client_page(request, principal, db, client.slug, analysis=analysis)


async def _recording_form(request: Request) -> tuple[dict[str, str], str | None, bytes]:
    """The upload form's text fields, the file's name (``None`` without one) and at most
    ``upload_max_bytes + 1`` of its bytes (one more tells that it is too large). The route
    reads it after the sign-in and ownership checks (an API call sends its CSRF token as a
    header, so nothing reads the body before them)."""
    from starlette.datastructures import UploadFile

    limit = settings_of(request).upload_max_bytes
    form = await request.form(max_part_size=limit + 1)
    upload = form.get("file")
    shown = {k: str(v) for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    if not isinstance(upload, UploadFile) or not upload.filename:
        return shown, None, b""
    return shown, upload.filename, await upload.read(limit + 1)


def _add_recording(
    request: Request,
    principal: Principal,
    db: DbDep,
    slug: str,
    fields: dict[str, str],
    name: str | None,
    content: bytes,
) -> tuple[SavedAssessment, dict[str, Any]]:
    """Check, analyse and keep an uploaded recording (the page's and the API's step)."""
    from slingcoach.app.coach_evidence import RecordingUpload, add_recording

    if name is None:
        raise InvalidInputError("choose a recording file", location="file")
    about = RecordingUpload(
        kind=fields.get("kind", ""),
        task=fields.get("task", "").strip(),
        side=fields.get("side") or None,
    )
    return add_recording(
        db,
        slug,
        name,
        content,
        about,
        max_bytes=settings_of(request).upload_max_bytes,
        today=_today(request, principal),
        now=request.app.state.clock(),
    )


# --- JSON API -----------------------------------------------------------------------------
@router.get("/api/coach/dashboard", response_model=DashboardPage, tags=["coach"])
def api_dashboard(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    page: PageQuery = 1,
    q: NameQuery = "",
    show: ShowQuery = "all",
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
) -> DashboardPage:
    """The signed-in coach's clients, a page at a time, those needing attention first, with
    flags, latest findings and adherence, and how many need attention in all."""
    assert principal.coach_id is not None  # require_coach
    return dashboard_page(
        db,
        today=_today(request, principal),
        coach_id=principal.coach_id,
        q=q,
        show=show,
        page=page,
        page_size=page_size,
    )


@router.get(
    "/api/clients/{slug}/overview", response_model=coach_view.ClientOverview, tags=["coach"]
)
def api_overview(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    week: Annotated[int | None, Query(ge=1, le=52)] = None,
) -> coach_view.ClientOverview:
    """What the client page shows: latest assessment, a program week (``week``, by default
    the one around today), edits, progress."""
    return coach_view.client_overview(db, client.slug, today=_today(request, principal), week=week)


@router.get(
    "/api/clients/{slug}/program/substitutes",
    response_model=list[program_edits.SubstituteOut],
    tags=["coach"],
)
def api_substitutes(
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    item_key: Annotated[str, Query(pattern=r"^w\d{2}-s\d-i\d{2}$")],
) -> list[program_edits.SubstituteOut]:
    """The exercises that may replace the item ``item_key`` of the current program."""
    return program_edits.program_substitutes(db, client.slug, item_key)


class EditRefused(BaseModel):
    """Why an edit was refused."""

    detail: str
    problems: list[str]


@router.post(
    "/api/clients/{slug}/program/edits",
    response_model=program_edits.EditResult,
    tags=["coach"],
    responses={409: {"model": EditRefused, "description": "the edit breaks a rule"}},
)
def api_edit(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    edit: Annotated[Edit, Body(discriminator="kind")],
    dry_run: bool = False,
) -> Response:
    """Swap an exercise, change sets or move the days of the current program from today on.

    ``dry_run`` checks the edit and shows the warnings without storing it. An edit that
    breaks a rule is refused with 409 and the problems in the coach's words.
    """
    try:
        result = program_edits.edit_program(
            db,
            client.slug,
            edit,
            author=_author(principal),
            today=_today(request, principal),
            dry_run=dry_run,
            now=request.app.state.clock(),
        )
    except EditRefusedError as exc:
        body = EditRefused(detail=str(exc), problems=exc.problems)
        from fastapi.responses import JSONResponse

        return JSONResponse(body.model_dump(), status_code=409)
    from fastapi.responses import JSONResponse

    return JSONResponse(result.model_dump(mode="json"), status_code=200 if dry_run else 201)


@router.get(
    "/api/clients/{slug}/program/edits",
    response_model=list[program_edits.EditRecord],
    tags=["coach"],
)
def api_edits(
    principal: CoachDep, db: DbDep, client: OwnedClientDep
) -> list[program_edits.EditRecord]:
    """The changes made to the client's current program, oldest first."""
    return program_edits.program_edit_history(db, client.slug)


@router.get("/api/clients/{slug}/programs/{program_id}/export", tags=["coach"])
def api_program_export(
    request: Request,
    principal: CoachDep,
    db: DbDep,
    client: OwnedClientDep,
    program_id: str,
    format: ExportFormat = "json",
) -> Response:
    """The program as JSON (default), PDF, HTML, iCalendar or CSV."""
    return program_export(request, principal, db, client, program_id, format)


class FieldTestsIn(BaseModel):
    """Field tests, left and right: ``{"tests": {"side-plank-hold": {"left": 60, "right": 48}}}``."""

    tests: dict[str, dict[Literal["left", "right"], float]]


@router.post(
    "/api/clients/{slug}/tests", status_code=201, response_model=SavedAssessment, tags=["coach"]
)
def api_field_tests(
    request: Request, principal: CoachDep, db: DbDep, client: OwnedClientDep, body: FieldTestsIn
) -> SavedAssessment:
    """Assess the client again with these field tests (a 422 names the test and side)."""
    from slingcoach.app.coach_evidence import enter_field_tests

    values = {
        test_id: (str(sides.get("left", "")), str(sides.get("right", "")))
        for test_id, sides in body.tests.items()
    }
    return enter_field_tests(
        db, client.slug, values, today=_today(request, principal), now=request.app.state.clock()
    )


class RecordingAnalysis(BaseModel):
    """An uploaded recording, analysed and kept as evidence: the new assessment and what the
    analysis found (status, method, key numbers, warnings, the findings it supports)."""

    file: str
    assessment: SavedAssessment
    analysis: dict[str, Any]


UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "kind", "task"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "the recording: CSV/TXT or C3D, at most "
                            "SLINGCOACH_UPLOAD_MAX_BYTES (20 MB by default); never HTML",
                        },
                        "kind": {"type": "string", "enum": ["emg", "forceplate", "pose"]},
                        "task": {
                            "type": "string",
                            "maxLength": 200,
                            "description": "what was recorded (a task the kind supports)",
                        },
                        "side": {"type": "string", "enum": ["left", "right"]},
                    },
                }
            }
        },
    }
}
"""The multipart body of the upload route, for the OpenAPI document (the route reads the
form itself, after the access checks, so the body is not a declared parameter)."""


@router.post(
    "/api/clients/{slug}/recordings",
    status_code=201,
    response_model=RecordingAnalysis,
    tags=["coach"],
    openapi_extra=UPLOAD_BODY,
    responses={
        422: {
            "description": "no file, a file too large or of the wrong type, or a "
            "kind, task or side that does not fit (``detail`` names the field)"
        }
    },
)
async def api_upload_recording(
    request: Request, principal: CoachDep, db: DbDep, client: OwnedClientDep
) -> RecordingAnalysis:
    """Upload a recording (multipart: ``file``, ``kind``, ``task``, ``side``) as the client
    page does: checked for size and type, analysed, added as evidence, assessed again."""
    fields, name, content = await _recording_form(request)
    saved, analysis = _add_recording(request, principal, db, client.slug, fields, name, content)
    return RecordingAnalysis(
        file=str(analysis.get("file") or name), assessment=saved, analysis=analysis
    )
