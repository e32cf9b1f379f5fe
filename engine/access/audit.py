"""The audit trail: every read and write of case data (who, when, what), in the caller's transaction.

Entries are hash-chained (``audit_chain``): they are appended at commit, each carrying the previous
entry's hash, so ``kooperacja audit verify`` finds an altered, inserted or deleted entry.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.orm import Session

from engine.access import audit_chain
from engine.access.acting import Acting
from engine.errors import NotVisible


def audit(session: Session, at, who: Acting, action: str, case_id=None, task_id=None, **detail) -> None:
    """Record one read or write of case data (who, when, what); an API token's call names the token."""
    if who.token is not None:
        detail = {"api_token": who.token, **detail}
    _append(session, at, who.id, action, case_id, task_id, detail)


def record_refusal(session: Session, refused: NotVisible, at: datetime) -> None:
    """Record a read the need-to-know rules refused (``<action>.refused``), in a transaction of its own."""
    detail = {"api_token": refused.token} if refused.token is not None else {}
    _append(session, at, refused.actor_id, f"{refused.action}.refused", refused.case_id, None, detail)


def _append(session: Session, at, actor_id, action: str, case_id, task_id, detail: dict) -> None:
    entry = {
        "at": at,
        "actor_id": actor_id,
        "action": action,
        "instance_id": case_id,
        "task_id": task_id,
        "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
    }
    audit_chain.append(session, [entry])
