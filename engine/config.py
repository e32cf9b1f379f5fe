"""Settings from ``KOOPERACJA_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from engine.errors import EngineError

DEFAULT_DATABASE_URL = "sqlite:///instance/kooperacja.db"
DEVELOPMENT = "development"
_FALSE = ("0", "false", "no", "nie", "off")


class ConfigurationError(EngineError):
    """A setting the application cannot run without is missing or unusable."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str | None
    secure_cookies: bool = True
    environment: str = "production"
    idle_timeout: timedelta = timedelta(minutes=30)
    retention: timedelta | None = None
    proxies: int = 0  # reverse proxies in front that set X-Forwarded-For/-Proto (the TLS proxy: 1)

    @classmethod
    def from_env(cls, environ=os.environ) -> Settings:
        return cls(
            database_url=environ.get("KOOPERACJA_DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=_secret_key(environ),
            # Browsers keep Secure cookies on http://127.0.0.1 and localhost, so `make run` needs no exception;
            # switch off only behind a plain-HTTP proxy on another host (never in production).
            secure_cookies=environ.get("KOOPERACJA_SECURE_COOKIES", "1").strip().lower() not in _FALSE,
            environment=environ.get("KOOPERACJA_ENV", "production").strip().lower() or "production",
            idle_timeout=_duration(environ, "KOOPERACJA_IDLE_TIMEOUT") or timedelta(minutes=30),
            retention=_duration(environ, "KOOPERACJA_RETENTION"),
            proxies=int(environ.get("KOOPERACJA_PROXIES", "0") or 0),
        )

    @property
    def development(self) -> bool:
        return self.environment == DEVELOPMENT


def _secret_key(environ) -> str | None:
    """``KOOPERACJA_SECRET_KEY``, or the content of the file ``KOOPERACJA_SECRET_KEY_FILE`` names."""
    key = environ.get("KOOPERACJA_SECRET_KEY", "").strip()
    if key:
        return key
    path = environ.get("KOOPERACJA_SECRET_KEY_FILE", "").strip()
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip() or None
    except OSError as error:
        message = f"Nie można odczytać pliku klucza KOOPERACJA_SECRET_KEY_FILE={path}: {error}."
        raise ConfigurationError(message) from error


def _duration(environ, name: str) -> timedelta | None:
    from engine.bpmn.runner import duration  # SpiffWorkflow's parser; imported only when the variable is set

    value = environ.get(name, "").strip()
    if not value:
        return None
    try:
        parsed = duration(value)
    except Exception as error:
        raise ConfigurationError(f"{name}={value} nie jest okresem ISO 8601 (np. P10Y, P6M, PT30M).") from error
    if parsed <= timedelta(0):
        raise ConfigurationError(f"{name} musi być dodatnim okresem ISO 8601 (np. P10Y, PT30M).")
    return parsed
