"""Where the database is: the environment variable, else the user's data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from slingcoach.storage import settings


def test_default_is_a_sqlite_file_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    url = settings.database_url({})
    expected = platformdirs.user_data_path("slingcoach", appauthor=False) / "slingcoach.db"
    assert url == f"sqlite:///{expected}"
    assert Path(url.removeprefix("sqlite:///")).name == "slingcoach.db"


def test_environment_variable_wins_and_postgres_gets_psycopg() -> None:
    env = {"SLINGCOACH_DATABASE_URL": "postgresql://coach:pw@db.local:5432/slingcoach"}
    assert settings.database_url(env) == "postgresql+psycopg://coach:pw@db.local:5432/slingcoach"
    assert settings.database_url({"SLINGCOACH_DATABASE_URL": "  sqlite:////x/y.db "}) == (
        "sqlite:////x/y.db"
    )


def test_redact_hides_the_password_only() -> None:
    assert settings.redact("postgresql+psycopg://coach:secret@h/db") == (
        "postgresql+psycopg://coach:***@h/db"
    )
    assert settings.redact("postgresql://coach@h/db") == "postgresql://coach@h/db"
    assert settings.redact("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"
