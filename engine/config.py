"""Settings from ``KOOPERACJA_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///instance/kooperacja.db"
_FALSE = ("0", "false", "no", "nie", "off")


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str | None
    secure_cookies: bool = True

    @classmethod
    def from_env(cls, environ=os.environ) -> Settings:
        return cls(
            database_url=environ.get("KOOPERACJA_DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=environ.get("KOOPERACJA_SECRET_KEY"),
            # Browsers keep Secure cookies on http://127.0.0.1 and localhost, so `make run` needs no exception;
            # switch off only behind a plain-HTTP proxy on another host (never in production).
            secure_cookies=environ.get("KOOPERACJA_SECURE_COOKIES", "1").strip().lower() not in _FALSE,
        )
