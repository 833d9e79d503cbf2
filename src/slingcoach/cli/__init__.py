"""The ``slingcoach`` command line.

Commands only parse arguments, call library code and print. Heavy libraries
(SciPy, OR-Tools, matplotlib, pandas, SQLAlchemy) are imported inside the
commands that need them, so ``slingcoach --help`` starts fast.

Every :class:`~slingcoach.errors.SlingcoachError` becomes its message on stderr
and the error's exit code; no traceback reaches the user (set
``SLINGCOACH_DEBUG=1`` to see one).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from slingcoach.cli import (
    analyze,
    anatomy,
    assessment,
    clients,
    db,
    exercises,
    plan,
    serve,
    tour,
    tracking,
)
from slingcoach.cli._exports import CommandGroup

app = typer.Typer(
    cls=CommandGroup,
    name="slingcoach",
    help="Find and fix left/right imbalances of the glutes and back (posterior oblique sling).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (anatomy, exercises, assessment, plan, analyze, tour, clients, db, tracking, serve):
    _module.register(app)


def _print_version(value: bool) -> None:
    if value:
        from slingcoach import __version__

        typer.echo(f"slingcoach {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_print_version,
        is_eager=True,
        help="Print the version of slingcoach and exit.",
    ),
) -> None:
    """Find and fix left/right imbalances of the glutes and back (posterior oblique sling)."""


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app and translate errors into exit codes."""
    import click

    from slingcoach.errors import SlingcoachError

    # typer 0.29 vendors part of click (typer._click); its usage errors (a bad --option
    # value, a missing argument) are not click's classes, so catch both kinds.
    usage_errors: tuple[type[Exception], ...] = (click.exceptions.ClickException,)
    try:
        from typer._click.exceptions import ClickException as VendoredClickException
    except ImportError:  # pragma: no cover - a typer without the vendored copy
        pass
    else:
        usage_errors = (*usage_errors, VendoredClickException)

    debug = os.environ.get("SLINGCOACH_DEBUG") == "1"
    try:
        result = app(args=argv, standalone_mode=False)
    except SlingcoachError as exc:
        if debug:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, typer.Abort, KeyboardInterrupt):
        # Ctrl-C, or Ctrl-D at a prompt: the shell's convention for an interrupt is 130.
        typer.echo("\naborted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except usage_errors as exc:
        shown: Any = exc  # both kinds have show() and exit_code
        shown.show()
        sys.exit(shown.exit_code)
    except OSError as exc:
        if debug:
            raise
        name = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        typer.echo(f"error:{name}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # last line of defence: no traceback for users
        if debug:
            raise
        typer.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in slingcoach; rerun with SLINGCOACH_DEBUG=1 for details.",
            err=True,
        )
        sys.exit(70)
    if isinstance(result, int) and result:
        sys.exit(result)
