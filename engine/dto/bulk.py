"""What a bulk action did to each case it was given."""

from __future__ import annotations

from dataclasses import dataclass

#: The actions a supervisor may run over many cases at once.
BULK_ACTIONS = ("suspend", "resume", "terminate", "retry")


@dataclass(frozen=True)
class BulkResult:
    """One case's outcome: done (``status`` is its new status) or refused, with the reason in Polish."""

    case_id: str
    business_key: str | None  # None when the actor may not see the case
    done: bool
    status: str | None
    message: str
