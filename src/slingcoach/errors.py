"""The one error hierarchy of slingcoach.

Every class also subclasses the matching built-in so that callers who do not
know slingcoach can still catch ``LookupError`` or ``ValueError``. Messages say
what was wrong, where (file, line, field, channel, sample) and what would be right.
The CLI turns any :class:`SlingcoachError` into its message and a non-zero exit.
"""

from __future__ import annotations


class SlingcoachError(Exception):
    """Base class of every error slingcoach raises on purpose."""

    #: Process exit code the CLI uses for this kind of error.
    exit_code: int = 1


class UnknownIdError(SlingcoachError, LookupError):
    """An id (muscle, sling, exercise, test, method) that does not exist.

    ``suggestions`` holds close matches for a "did you mean" hint.
    """

    exit_code = 2

    def __init__(self, kind: str, value: str, suggestions: list[str] | None = None) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = list(suggestions or [])
        hint = ""
        if self.suggestions:
            hint = " Did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(f"unknown {kind} {value!r}.{hint}")


class UnknownMuscleError(UnknownIdError):
    """A muscle or connective structure id that is not in the anatomy data."""

    def __init__(self, value: str, suggestions: list[str] | None = None) -> None:
        super().__init__("muscle", value, suggestions)


class UnknownSlingError(UnknownIdError):
    """A sling id that is not one of the four slings; ``choices`` lists the valid ones."""

    def __init__(
        self, value: str, suggestions: list[str] | None = None, choices: str | None = None
    ) -> None:
        super().__init__("sling", value, suggestions)
        if choices:
            self.args = (f"{self.args[0]} Valid slings: {choices}.",)


class UnknownExerciseError(UnknownIdError):
    """An exercise id that is not in the catalogue."""

    def __init__(self, value: str, suggestions: list[str] | None = None) -> None:
        super().__init__("exercise", value, suggestions)


class UnknownTestError(UnknownIdError):
    """A field-test id that is not in the battery."""

    def __init__(self, value: str, suggestions: list[str] | None = None) -> None:
        super().__init__("field test", value, suggestions)


class InvalidInputError(SlingcoachError, ValueError):
    """User input (a file, an argument, a form) that cannot be used as given.

    ``source`` names the file or argument, ``location`` the line/field inside it.
    ``field`` is the name of the setting the message asks for (``"sampling_rate_hz"``),
    so a front end can say how it is given there (the CLI adds "give it with --rate").
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        location: str | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.location = location
        self.field = field
        where = ", ".join(part for part in (source, location) if part)
        super().__init__(f"{where}: {message}" if where else message)


class ReferenceDataError(SlingcoachError, ValueError):
    """Bundled or user reference data (muscles, slings, exercises, tests) that fails validation."""


class InvalidRecordingError(InvalidInputError):
    """A sensor recording that is malformed: bad time axis, NaNs, missing channels, empty file."""


class AnalysisError(SlingcoachError, ValueError):
    """A signal analysis that cannot be completed on the data given (no jump found, no onset)."""


class ReferralRequiredError(SlingcoachError, RuntimeError):
    """Red flags were found: no program may be generated; see a clinician."""

    exit_code = 3


class InfeasibleProgramError(SlingcoachError, ValueError):
    """The person's constraints cannot all be met; the message names what to relax."""

    exit_code = 2


class NotFoundError(SlingcoachError, LookupError):
    """A stored record (client, assessment, program, log) that does not exist.

    The web layer maps it to 404; the CLI exits 2.
    """

    exit_code = 2


class ConflictError(SlingcoachError, ValueError):
    """A write that clashes with what is stored (a client id already taken, a stale update).

    The web layer maps it to 409; the CLI exits 2.
    """

    exit_code = 2


class DatabaseError(SlingcoachError, RuntimeError):
    """The database cannot be used as it is: unreachable, or its schema is behind or ahead.

    The message says which database and what to do (for example ``slingcoach db upgrade``).
    """


class DatabaseBusyError(DatabaseError):
    """Every pooled database connection stayed in use for the whole pool timeout: the server
    is overloaded for now. ``retry_after_s`` says when to try again; the web layer maps it to
    503 with ``Retry-After``."""

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message)


class AuthenticationError(SlingcoachError, PermissionError):
    """A login that failed: wrong e-mail or password, or an account that is not active.

    The message never says which of the two was wrong (no account enumeration).
    The web layer maps it to 401 on the API and to the login form's message on pages.
    """


class ForbiddenError(SlingcoachError, PermissionError):
    """A signed-in user asked for something their role may not do (a client on a coach page).

    The web layer maps it to 403.
    """


class RateLimitedError(SlingcoachError, RuntimeError):
    """Too many attempts (failed logins, reset requests) in the current window.

    ``retry_after_s`` says when to try again; the web layer maps it to 429.
    """

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message)


class EditRefusedError(InvalidInputError):
    """A program edit that would break a rule the program must keep (equipment, a
    contraindication, the minutes available, the weaker side's sets).

    ``problems`` lists each broken rule in the coach's words; the web layer shows them (422).
    """

    def __init__(self, message: str, problems: list[str], *, location: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__(message, source="edit", location=location)
