"""The web settings: read from SLINGCOACH_* variables, default secret refused in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from slingcoach.web.settings import DEFAULT_SECRET, WebSettings


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLINGCOACH_ENV", "test")
    monkeypatch.setenv("SLINGCOACH_SESSION_HOURS", "2")
    monkeypatch.setenv("SLINGCOACH_MAIL_BACKEND", "smtp")
    monkeypatch.setenv("SLINGCOACH_SMTP_PORT", "2525")
    settings = WebSettings()
    assert settings.env == "test"
    assert settings.session_hours == 2
    assert settings.mail_backend == "smtp" and settings.smtp_port == 2525


@pytest.mark.parametrize("secret", [None, DEFAULT_SECRET, "short"])
def test_production_refuses_a_default_or_short_secret(secret: str | None) -> None:
    kwargs = {} if secret is None else {"secret_key": secret}
    with pytest.raises(ValidationError, match="SLINGCOACH_SECRET_KEY must be set"):
        WebSettings(env="production", **kwargs)


def test_production_takes_a_real_secret_and_development_the_default() -> None:
    secret = "k" * 43
    assert WebSettings(env="production", secret_key=secret).secret_key.get_secret_value() == secret
    assert WebSettings(env="development").https_only is False
    assert WebSettings(env="production", secret_key=secret).https_only is True


def test_a_bad_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLINGCOACH_MAIL_BACKEND", "pigeon")
    with pytest.raises(ValidationError, match="mail_backend"):
        WebSettings()
