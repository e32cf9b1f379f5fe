"""The key that signs session cookies: never a constant, never missing outside development and tests."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from engine.config import ConfigurationError, Settings

MIN_LENGTH = 32
# Keys that were ever written in this project's sources or docs: a cookie signed with one is forgeable.
KNOWN_KEYS = frozenset({"kooperacja-development-key-do-not-use-in-production", "test-secret", "changeme"})
HOW_TO = (
    "Utwórz losowy klucz poleceniem: python3 -c 'import secrets; print(secrets.token_urlsafe(48))' "
    "i ustaw go w zmiennej KOOPERACJA_SECRET_KEY albo zapisz w pliku wskazanym przez KOOPERACJA_SECRET_KEY_FILE "
    "(plik tworzy też polecenie: kooperacja secret-key instance/secret_key). Ten sam klucz muszą mieć wszystkie "
    "procesy aplikacji; jego zmiana wylogowuje wszystkich."
)


def new_key() -> str:
    return secrets.token_urlsafe(48)


def session_signing_key(settings: Settings, testing: bool = False) -> str:
    """The configured key; in development or tests without one, a random key for this process only.

    Raises:
        ConfigurationError: no key (outside development and tests), or one too short or published.
    """
    key = settings.secret_key
    if key is None:
        if testing or settings.development:
            return new_key()
        raise ConfigurationError(
            "Brak klucza sesji (KOOPERACJA_SECRET_KEY): aplikacja nie wystartuje bez niego, bo każdy mógłby "
            "podrobić sesję dowolnego użytkownika. " + HOW_TO
        )
    if len(key) < MIN_LENGTH or key in KNOWN_KEYS:
        raise ConfigurationError(
            f"Klucz sesji KOOPERACJA_SECRET_KEY jest za słaby: potrzeba co najmniej {MIN_LENGTH} losowych znaków, "
            "a nie wartości znanej z dokumentacji. " + HOW_TO
        )
    return key


def ensure_key_file(path: str | Path) -> bool:
    """Create ``path`` with a new random key, readable by its owner only; an existing key is kept.

    Returns whether the file was created.
    """
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(new_key() + "\n")
    return True
