"""The exercise library (``/library``, both roles): search and filter, one exercise's cues
and body diagram; ``/api/library`` is its JSON twin.

Exercises are named by a query parameter (``?id=``), not a path segment: the library is the
same for everyone signed in, so there is no owner to check.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from slingcoach.app.library import (
    ExerciseCard,
    LibraryPage,
    LibraryQuery,
    exercise_card,
    exercise_diagram,
    library,
)
from slingcoach.errors import InvalidInputError
from slingcoach.web.deps import PrincipalDep
from slingcoach.web.forms import errors_from
from slingcoach.web.pages import render

router = APIRouter()

ExerciseId = Annotated[str, Query(min_length=1, max_length=120, description="exercise id")]


@router.get("/library", include_in_schema=False)
def library_page(
    request: Request,
    principal: PrincipalDep,
    q: Annotated[str, Query(max_length=100)] = "",
    sling: Annotated[str, Query(max_length=40)] = "",
    equipment: Annotated[str, Query(max_length=40)] = "",
    pattern: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[str, Query(max_length=5)] = "1",
) -> Response:
    """Search by name or cue words, filter by sling, equipment and pattern."""
    values = {"q": q, "sling": sling, "equipment": equipment, "pattern": pattern}
    try:
        found = library(LibraryQuery.model_validate({**values, "page": page or "1"}))
    except (InvalidInputError, ValidationError) as exc:
        empty = library(LibraryQuery())
        return render(
            request,
            "library/index.html",
            {"found": empty, "values": values, "errors": errors_from(exc), "shown": False},
            status_code=422,
        )
    return render(
        request,
        "library/index.html",
        {"found": found, "values": values, "errors": {}, "shown": True},
    )


@router.get("/library/exercise", include_in_schema=False)
def exercise_page(request: Request, principal: PrincipalDep, id: ExerciseId) -> Response:
    """One exercise: how to do it, cues, faults, easier and harder variations, the diagram."""
    return render(request, "library/exercise.html", {"card": exercise_card(id)})


@router.get("/library/diagram.svg", include_in_schema=False)
def exercise_svg(principal: PrincipalDep, id: ExerciseId) -> Response:
    """The exercise's body diagram (an image, cached by the browser for a day)."""
    return Response(
        exercise_diagram(id),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, max-age=86400"},
    )


@router.get("/api/library", response_model=LibraryPage, tags=["library"])
def api_library(query: Annotated[LibraryQuery, Depends()], principal: PrincipalDep) -> LibraryPage:
    """Exercises matching the filters, one page of 20."""
    return library(query)


@router.get("/api/library/exercise", response_model=ExerciseCard, tags=["library"])
def api_exercise(principal: PrincipalDep, id: ExerciseId) -> ExerciseCard:
    """One exercise in full."""
    return exercise_card(id)
