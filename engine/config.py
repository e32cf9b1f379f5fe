"""Settings from ``KOOPERACJA_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///instance/kooperacja.db"


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str | None

    @classmethod
    def from_env(cls, environ=os.environ) -> Settings:
        return cls(
            database_url=environ.get("KOOPERACJA_DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=environ.get("KOOPERACJA_SECRET_KEY"),
        )
