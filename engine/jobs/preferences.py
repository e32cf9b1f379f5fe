"""Which kinds of e-mail a user wants; a kind with no stored choice is on."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from engine.db.models import NotificationPreference
from engine.errors import NotFound

KINDS = {
    "task_new": "Nowe zadanie w kolejce mojej instytucji",
    "task_assigned": "Zadanie przydzielone mnie",
    "reminder": "Przypomnienie przed terminem zadania",
    "escalation": "Eskalacja po przekroczeniu terminu",
    "question_new": "Nowe pytanie do mojej roli w zespole ROPS",
    "question_answered": "Odpowiedź zespołu ROPS na moje pytanie",
    "meeting_scheduled": "Zaplanowane posiedzenie PZK mojego partnerstwa",
}
_PREFERENCE = NotificationPreference.__table__


def preferences(session: Session, user_id: int) -> dict[str, bool]:
    stored = dict(
        session.execute(select(_PREFERENCE.c.kind, _PREFERENCE.c.enabled).where(_PREFERENCE.c.user_id == user_id)).all()
    )
    return {kind: stored.get(kind, True) for kind in KINDS}


def set_preferences(session: Session, user_id: int, changes: dict[str, bool]) -> dict[str, bool]:
    unknown = sorted(set(changes) - set(KINDS))
    if unknown:
        raise NotFound(f"Nieznany rodzaj powiadomienia: {', '.join(unknown)}. Dostępne: {', '.join(KINDS)}.")
    if changes:
        session.execute(delete(_PREFERENCE).where(_PREFERENCE.c.user_id == user_id, _PREFERENCE.c.kind.in_(changes)))
        session.execute(
            insert(_PREFERENCE),
            [{"user_id": user_id, "kind": kind, "enabled": bool(on)} for kind, on in sorted(changes.items())],
        )
    return preferences(session, user_id)
