"""CLI commands ``slingcoach serve`` (the web app), ``slingcoach worker`` (its mail worker) and
``slingcoach seed-demo`` (its demo data).

``serve`` only reads its options, checks the settings and the database, and hands the app
to uvicorn; the app itself is :func:`slingcoach.web.app.create_app`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from slingcoach.cli._output import JsonOption, console, print_json
from slingcoach.cli._store import DbOption

if TYPE_CHECKING:
    from slingcoach.web.settings import WebSettings


def register(app: typer.Typer) -> None:
    """Add ``serve``, ``worker`` and ``seed-demo`` to the main app."""
    app.command(name="serve")(serve)
    app.command(name="worker")(worker)
    app.command(name="seed-demo")(seed_demo)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, max=64, help="Worker processes (they share the database)."
        ),
    ] = 1,
    reload: Annotated[
        bool, typer.Option("--reload", help="Restart when the code changes (development).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Start the coaching web app (settings from SLINGCOACH_* variables; see README)."""
    import uvicorn

    from slingcoach.errors import InvalidInputError
    from slingcoach.storage.database import Database

    if reload and workers > 1:
        raise InvalidInputError(
            "--reload runs one process; leave out --workers", location="--reload"
        )
    if db is not None:
        os.environ["SLINGCOACH_DATABASE_URL"] = db  # the workers read it
    settings = _settings()
    with Database(settings.database_url) as database:  # refuses a schema that is behind
        name = database.name
    scheme = "http"
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.print(
        f"slingcoach web app on [bold]{scheme}://{shown_host}:{port}/[/bold] "
        f"({settings.env}, {workers} worker{'s' if workers != 1 else ''}, database {name}); "
        "Ctrl-C stops it"
    )
    uvicorn.run(
        "slingcoach.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
        log_level="info",
    )


def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Send what is due now, print the counts and stop.")
    ] = False,
    poll: Annotated[
        float | None,
        typer.Option("--poll", min=0.1, max=300, help="Seconds between polls (default: settings)."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Send the queued mail (invitations, notices, reminders) until stopped with Ctrl-C.

    Each web process runs one too, unless SLINGCOACH_JOBS_IN_APP=false.

    Several workers may run at once: each mail goes once.
    """
    from slingcoach.app.jobs import run_until_idle, worker_name
    from slingcoach.storage.database import Database
    from slingcoach.web.mail import mailer_from
    from slingcoach.web.worker import JobWorker

    if db is not None:
        os.environ["SLINGCOACH_DATABASE_URL"] = db
    settings = _settings()
    mailer = mailer_from(settings)
    with Database(settings.database_url) as database:
        if once:
            report = run_until_idle(database, mailer)
            counts = {"sent": report.sent, "retrying": report.retrying, "failed": report.failed}
            if as_json:
                print_json(counts)
            else:
                console.print(
                    f"{report.sent} sent, {report.retrying} to retry later, "
                    f"{report.failed} failed (database {database.name})"
                )
            return
        poll_s = poll if poll is not None else settings.job_poll_s
        loop = JobWorker(database, mailer, clock=_utc_now, poll_s=poll_s, name=worker_name())
        console.print(
            f"slingcoach worker on database {database.name}: mail via {settings.mail_backend}, "
            f"polling every {poll_s:g} s; Ctrl-C stops it"
        )
        try:
            loop.serve_forever()
        except KeyboardInterrupt:
            console.print("stopped")


def seed_demo(
    samples: Annotated[
        Path,
        typer.Option("--samples", help="Folder of sample intakes (one client each)."),
    ] = Path("samples"),
    today: Annotated[
        str | None, typer.Option("--today", help="Date the seeded logs run up to (default: today).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fill a database with the demo practice (a coach, the sample clients, their logins)."""
    from slingcoach.app.demo import seed_demo_practice
    from slingcoach.app.programs import parse_date
    from slingcoach.cli._store import open_database
    from slingcoach.errors import InvalidInputError

    day = parse_date(today, field="--today") if today else dt.date.today()
    if not samples.is_dir():
        raise InvalidInputError("not a folder of sample intakes", source=str(samples))
    with open_database(db) as database:
        practice = seed_demo_practice(database, samples, today=day)
        name = database.name
    if as_json:
        print_json(practice)
        return
    console.print(
        ("seeded" if practice.created else "already seeded") + f": the demo practice in {name}"
    )
    console.print(f"demo logins (password [bold]{practice.password}[/bold]):")
    for login in practice.logins:
        console.print(f"  {login.role:<6} {login.email:<40} {login.name}")


def _settings() -> WebSettings:
    """The settings from the environment, or one clear message naming each bad variable."""
    from pydantic import ValidationError

    from slingcoach.errors import InvalidInputError
    from slingcoach.web.settings import WebSettings

    try:
        return WebSettings()
    except ValidationError as exc:
        problems = "; ".join(_setting_problem(e["loc"], str(e["msg"])) for e in exc.errors())
        raise InvalidInputError(problems, source="settings") from None


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _setting_problem(loc: tuple[object, ...], message: str) -> str:
    """One settings error as ``SLINGCOACH_NAME: message`` (the name left out when none)."""
    message = message.removeprefix("Value error, ")
    if not loc:
        return message
    return f"SLINGCOACH_{'_'.join(str(part) for part in loc).upper()}: {message}"
