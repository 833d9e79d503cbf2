"""Form helpers: errors keyed by field name, for ``_forms.html``'s ``field`` macro.

A page re-renders its form with ``errors=errors_from(exc)`` and status 422; each message
shows next to its field, and messages for no field (``"__all__"``) above the form.
:func:`submit` does that for a form handler: it runs the action and, on bad input or a
conflict, hands the messages and status to the function that re-renders the form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError

from slingcoach.errors import ConflictError, InvalidInputError, NotFoundError, SlingcoachError

GENERAL = "__all__"
"""The key of messages that belong to the whole form."""

T = TypeVar("T")
Rerender = Callable[[dict[str, str], int], Response]
"""Re-renders a form with ``(errors, status_code)``."""
FieldOf = str | Callable[[Exception], str]


def submit(
    action: Callable[[], T],
    rerender: Rerender,
    *,
    conflict: FieldOf = GENERAL,
    not_found: FieldOf | None = None,
) -> T | Response:
    """``action()``'s result, or the form re-rendered with the messages of what went wrong.

    Bad input (pydantic's errors, :class:`InvalidInputError`) comes back beside its fields
    with status 422; a :class:`ConflictError` with 409, its message on the field
    ``conflict`` names (or returns, given the error). A :class:`NotFoundError` is shown on
    the ``not_found`` field with 422 when one is named, else it propagates (a 404 page).
    """
    try:
        return action()
    except (ValidationError, RequestValidationError, InvalidInputError) as exc:
        return rerender(errors_from(exc), 422)
    except ConflictError as exc:
        return rerender({_field(conflict, exc): str(exc)}, 409)
    except NotFoundError as exc:
        if not_found is None:
            raise
        return rerender({_field(not_found, exc): str(exc)}, 422)


def _field(where: FieldOf, exc: Exception) -> str:
    return where if isinstance(where, str) else where(exc)


def errors_from(exc: Exception) -> dict[str, str]:
    """``{field: message}`` from a pydantic ValidationError, a RequestValidationError or an
    :class:`~slingcoach.errors.InvalidInputError` (its ``location`` names the field).

    >>> from pydantic import BaseModel, Field
    >>> class Form(BaseModel):
    ...     reps: int = Field(ge=1)
    >>> try:
    ...     Form(reps=0)
    ... except ValidationError as exc:
    ...     errors_from(exc)
    {'reps': 'Input should be greater than or equal to 1'}
    """
    if isinstance(exc, ValidationError | RequestValidationError):
        # a request's locations start with where (body, query, path); a model's do not
        return _from_details(exc.errors(), located=isinstance(exc, RequestValidationError))
    if isinstance(exc, InvalidInputError):
        field = exc.location or GENERAL
        return {field: _bare_message(exc)}
    if isinstance(exc, SlingcoachError):
        return {GENERAL: str(exc)}
    raise TypeError(f"errors_from takes a validation error, not {type(exc).__name__}")


def error_details(exc: Exception) -> list[dict[str, Any]]:
    """The JSON ``detail`` list of a 422 (FastAPI's shape: ``loc``, ``msg``, ``type``)."""
    if isinstance(exc, ValidationError | RequestValidationError):
        return [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
    if isinstance(exc, InvalidInputError):
        loc = ["body", exc.location] if exc.location else ["body"]
        return [{"loc": loc, "msg": _bare_message(exc), "type": "invalid_input"}]
    return [{"loc": ["body"], "msg": str(exc), "type": "invalid_input"}]


async def form_data(request: Request) -> dict[str, str]:
    """The submitted form's text fields (the CSRF token left out), for re-filling a form."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


def _from_details(details: Sequence[Any], *, located: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    for detail in details:
        loc = [str(part) for part in detail.get("loc", ())]
        if located and loc and loc[0] in ("body", "query", "path"):
            loc = loc[1:]
        field = ".".join(loc) or GENERAL
        out.setdefault(field, _plain(detail))
    return out


def _plain(detail: Any) -> str:
    """Pydantic's message in the words of a form (an empty required field says so)."""
    kind = detail.get("type")
    ctx = detail.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return "this field is required"
    return str(detail.get("msg", "invalid value")).removeprefix("Value error, ")


def _bare_message(exc: InvalidInputError) -> str:
    """The message without the "source, location: " prefix InvalidInputError adds."""
    text = str(exc)
    where = ", ".join(part for part in (exc.source, exc.location) if part)
    return text.removeprefix(f"{where}: ") if where else text
