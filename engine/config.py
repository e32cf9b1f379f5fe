"""Settings from ``KOOPERACJA_*`` environment variables: the deployment's and the background jobs'."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from engine.clock import parse_duration
from engine.errors import EngineError

DEFAULT_DATABASE_URL = "sqlite:///instance/kooperacja.db"
DEFAULT_CACHE_BYTES = (
    256 * 1024 * 1024
)  # the workflow cache per process: ~25 cases of 1,000 items, thousands of usual ones
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
    value = environ.get(name, "").strip()
    if not value:
        return None
    try:
        parsed = parse_duration(value)
    except ValueError as error:
        raise ConfigurationError(f"{name}={value} nie jest okresem ISO 8601 (np. P10Y, P6M, PT30M).") from error
    if parsed <= timedelta(0):
        raise ConfigurationError(f"{name} musi być dodatnim okresem ISO 8601 (np. P10Y, PT30M).")
    return parsed


def cache_limit(environ=os.environ) -> int:
    """Bytes the in-process workflow cache may hold (by estimate): ``KOOPERACJA_CACHE_MB``, else 256 MiB."""
    value = environ.get("KOOPERACJA_CACHE_MB", "").strip()
    if not value:
        return DEFAULT_CACHE_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1
    if megabytes < 0:
        raise ConfigurationError(
            f"KOOPERACJA_CACHE_MB={value} nie jest liczbą megabajtów (np. 256; 0 wyłącza pamięć podręczną)."
        )
    return int(megabytes * 1024 * 1024)


@dataclass(frozen=True)
class JobSettings:
    """Reminder lead time, retry policy and lease length of jobs.

    ``reminder_before``: how long before a task's deadline its reminder goes out (at most half the
    time the task has); ``max_attempts``: failures before a job becomes an incident; ``backoff``:
    the first retry delay, doubled each time up to ``backoff_cap``; ``lease``: how long a worker may
    hold a job that runs outside a transaction (e-mail) before another worker takes it over.
    """

    reminder_before: timedelta = timedelta(days=2)
    max_attempts: int = 5
    backoff: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(minutes=5)
    base_url: str | None = None

    @classmethod
    def from_env(cls, environ=os.environ) -> JobSettings:
        defaults = cls()

        def seconds(name: str, default: timedelta) -> timedelta:
            value = environ.get(name)
            return timedelta(seconds=float(value)) if value else default

        before = environ.get("KOOPERACJA_REMINDER_BEFORE")
        return cls(
            reminder_before=parse_duration(before) if before else defaults.reminder_before,
            max_attempts=int(environ.get("KOOPERACJA_JOB_MAX_ATTEMPTS", defaults.max_attempts)),
            backoff=seconds("KOOPERACJA_JOB_BACKOFF_SECONDS", defaults.backoff),
            backoff_cap=defaults.backoff_cap,
            lease=seconds("KOOPERACJA_JOB_LEASE_SECONDS", defaults.lease),
            base_url=environ.get("KOOPERACJA_BASE_URL") or None,
        )

    def retry_delay(self, attempts: int) -> timedelta:
        """Exponential backoff: ``backoff`` after the first failure, doubling, at most ``backoff_cap``."""
        return min(self.backoff * (2 ** max(attempts - 1, 0)), self.backoff_cap)
