"""Ending a user's sessions inside another change (password, deactivation); see ``engine.services.sessions``."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from engine.db.models import User


def end_all(session: Session, user_id: int) -> None:
    """End every session of the user, in the caller's transaction: their cookies' key is cleared."""
    session.execute(update(User.__table__).where(User.__table__.c.id == user_id).values(session_key=None))
