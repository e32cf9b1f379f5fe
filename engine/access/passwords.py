"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engine.errors import FieldError, InvalidFormData

MIN_LENGTH = 10
_HASHER = PasswordHasher()
# Verified when the login is unknown, so an unknown login costs as much time as a wrong password.
_DUMMY_HASH = _HASHER.hash("kooperacja: no such user")


def hash_password(password: str) -> str:
    """The argon2id hash of a new password.

    Raises:
        InvalidFormData: the password is shorter than ``MIN_LENGTH`` characters.
    """
    if len(password) < MIN_LENGTH:
        raise InvalidFormData([FieldError("password", f"Hasło musi mieć co najmniej {MIN_LENGTH} znaków.")])
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; a missing hash takes as long and fails."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored_hash)
