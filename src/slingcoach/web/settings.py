"""The web app's settings, from environment variables prefixed ``SLINGCOACH_``.

Outside development and test the app refuses to start with the default secret key (as the
full-stack-fastapi-template does), because the key protects nothing once it is public.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-this-is-only-for-development"
"""The placeholder secret: accepted in development and test only."""

SECRET_MIN = 32
"""Shortest production secret key in characters (256 bits of hex or urlsafe base64 is 43+)."""


class WebSettings(BaseSettings):
    """Everything the web app reads from its environment (``SLINGCOACH_<NAME>``)."""

    model_config = SettingsConfigDict(env_prefix="SLINGCOACH_", extra="ignore", frozen=True)

    env: Literal["development", "test", "production"] = "development"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; unset: the embedded SQLite file"
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000", description="the address in e-mailed links"
    )
    mail_backend: Literal["console", "smtp"] = "console"
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    mail_from: str = "slingcoach <coach@localhost>"
    session_hours: float = Field(default=24 * 14, gt=0, le=24 * 90)
    invite_hours: float = Field(default=24 * 7, gt=0, le=24 * 60)
    reset_minutes: float = Field(default=60, gt=0, le=24 * 60)
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    jobs_in_app: bool = Field(
        default=True,
        description="each web process runs the mail worker too (off: run `slingcoach worker`)",
    )
    job_poll_s: float = Field(default=2.0, gt=0, le=300, description="seconds between polls")

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> WebSettings:
        if self.env in ("development", "test"):
            return self
        secret = self.secret_key.get_secret_value()
        if secret == DEFAULT_SECRET or len(secret) < SECRET_MIN:
            raise ValueError(
                f"SLINGCOACH_SECRET_KEY must be set to a random value of at least {SECRET_MIN} "
                f"characters when SLINGCOACH_ENV={self.env} (for example: python -c "
                "'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return self

    @property
    def https_only(self) -> bool:
        """Cookies are Secure everywhere but development (test clients use https URLs)."""
        return self.env != "development"
