"""The documents slingcoach publishes as JSON, their models and their JSON Schemas.

Every document has a ``schema_version`` and round-trips: dumped to JSON
(:func:`~slingcoach.app.exports.document_json`), loaded with :func:`load_document` and
dumped again, it gives the same text. Its JSON Schema (:func:`document_schema`) is
published in ``docs/schemas/<name>.schema.json`` (a test keeps the files current) and
printed by ``slingcoach schema NAME``.

>>> sorted(DOCUMENTS)
['assessment', 'intake', 'preferences', 'program', 'sensors']
>>> document_schema("program")["$id"]
'https://slingcoach.org/schemas/program.schema.json'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from pydantic import BaseModel

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE_URL: Final = "https://slingcoach.org/schemas/"


@dataclass(frozen=True)
class Document:
    """A published document: the model that reads it and what its schema describes.

    ``mode`` is ``"validation"`` for files people write (the intake and preferences: the
    schema says what is accepted, defaults may be left out) and ``"serialization"`` for
    what slingcoach writes (every field present).
    """

    name: str
    model_path: str
    mode: Literal["validation", "serialization"]
    description: str

    def model(self) -> type[BaseModel]:
        """The pydantic model (imported on first use, to keep the CLI's start-up light)."""
        from importlib import import_module

        module, _, attribute = self.model_path.rpartition(".")
        model: type[BaseModel] = getattr(import_module(module), attribute)
        return model


DOCUMENTS: Final[dict[str, Document]] = {
    doc.name: doc
    for doc in (
        Document(
            "intake",
            "slingcoach.assessment.intake.Intake",
            "validation",
            "the intake file: the person, answers and field-test results",
        ),
        Document(
            "assessment",
            "slingcoach.assessment.model.Assessment",
            "serialization",
            "what `slingcoach assess --json` prints: provenance, screening, tests, findings",
        ),
        Document(
            "sensors",
            "slingcoach.assessment.sensors.SensorEvidence",
            "serialization",
            "the intake's recordings as analysed (the assessment's sensor evidence)",
        ),
        Document(
            "preferences",
            "slingcoach.programming.preferences.Preferences",
            "validation",
            "what a person asks of a program (days, minutes, dates, equipment, goals)",
        ),
        Document(
            "program",
            "slingcoach.programming.model.Program",
            "serialization",
            "what `slingcoach plan --json` prints: weeks, sessions and items",
        ),
    )
}


def document(name: str) -> Document:
    """The :class:`Document` called ``name``; an :class:`InvalidInputError` lists the names."""
    try:
        return DOCUMENTS[name]
    except KeyError:
        raise InvalidInputError(
            f"unknown document {name!r}; choose one of: {', '.join(DOCUMENTS)}",
            source="document",
        ) from None


def document_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document ``name``."""
    doc = document(name)
    schema = doc.model().model_json_schema(by_alias=True, mode=doc.mode)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{SCHEMA_BASE_URL}{name}.schema.json",
        **schema,
    }


def load_document(name: str, text: str | bytes) -> BaseModel:
    """Validate a document's JSON text with its model.

    Raises
    ------
    InvalidInputError
        The text is not JSON or does not fit the model (another ``schema_version``
        included); the message names the first field that is wrong.
    """
    from pydantic import ValidationError

    model = document(name).model()
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        message = str(first["msg"]).removeprefix("Value error, ")
        more = exc.error_count() - 1
        if more:
            message += f" ({more} more problem{'s' if more > 1 else ''} after this one)"
        raise InvalidInputError(message, source=f"{name} document", location=where) from None
