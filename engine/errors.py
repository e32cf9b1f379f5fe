"""The engine's one exception hierarchy.

Every error the engine raises on purpose derives from ``EngineError``; ``web/`` maps each class to
an HTTP status once. Messages are Polish because they reach workers and analysts unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


class EngineError(Exception):
    """Root of all engine errors."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(EngineError):
    """The case, task, version or user does not exist (or is not visible to the caller)."""


class NotVisible(NotFound):
    """A read the need-to-know rules refuse: reported as "not found", and recorded in the audit trail.

    The refusal is written after the refused call's transaction rolled back (``EngineContext``).
    """

    def __init__(self, message: str, actor_id: int | None, case_id: str | None, action: str, token: str | None = None):
        super().__init__(message)
        self.actor_id = actor_id
        self.case_id = case_id
        self.action = action
        self.token = token  # the API token's name when an external system was refused


class NotAllowed(EngineError):
    """The acting user may not do this (role, institution, assignment)."""


class Conflict(EngineError):
    """The state changed under the caller: task already done or taken, concurrent update."""


class InvalidState(Conflict):
    """The operation does not fit the current state (e.g. completing in a suspended case)."""


class InvalidInput(EngineError):
    """A request the engine cannot take as given (a file name, an upload, an empty comment)."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one form field; ``path`` is dotted (``pozycje_planu.0.termin``)."""

    path: str
    message: str


class InvalidFormData(EngineError):
    """Submitted form data does not satisfy the task's JSON Schema."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("Formularz zawiera błędy.")
        self.errors = errors

    def by_field(self) -> dict[str, list[str]]:
        """Messages grouped by field path, in the order found."""
        grouped: dict[str, list[str]] = {}
        for error in self.errors:
            grouped.setdefault(error.path, []).append(error.message)
        return grouped


@dataclass(frozen=True)
class Problem:
    """One problem found in a process definition file."""

    file: str
    line: int | None
    element_id: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or 0}: {self.element_id or '-'}: {self.message}"


class DefinitionError(EngineError):
    """A BPMN/DMN/form file set is invalid; nothing was deployed."""

    def __init__(self, problems: list[Problem]):
        summary = "; ".join(str(p) for p in problems[:3])
        more = f" (i {len(problems) - 3} więcej)" if len(problems) > 3 else ""
        super().__init__(f"Definicja procesu zawiera błędy: {summary}{more}")
        self.problems = problems


class MessageNotExpected(NotFound):
    """A message was sent that no case (or not the named case) is waiting for."""


class NotAuthenticated(NotAllowed):
    """No credentials, or credentials the engine does not know (e.g. an unknown or revoked API token)."""


class IdempotencyKeyReused(Conflict):
    """An idempotency key already delivered a different message or went to a different case."""


class LoginThrottled(NotAuthenticated):
    """Logging in is paused for this account or address; ``retry_after`` says for how long."""

    def __init__(self, message: str, scope: str, retry_after: timedelta):
        super().__init__(message)
        self.scope = scope
        self.retry_after = retry_after
