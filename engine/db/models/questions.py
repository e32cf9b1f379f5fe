"""Questions a worker asks the ROPS model team (adviser, legal consultant, supervisor) about a case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.db.models.base import Base
from engine.db.types import UTCDateTime


class AdviceQuestion(Base):
    """One question to one role's queue, with its deadline; ``answer`` is empty until it is answered.

    ``task_id`` is the human task it was asked from (None: asked from the case file); the question and
    the answer are case data, read and written under the case's need-to-know rules.
    """

    __tablename__ = "advice_question"
    __table_args__ = (Index("ix_advice_question_queue", "to_role", "answered_at", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(36))
    to_role: Mapped[str] = mapped_column(String(120))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    question: Mapped[str] = mapped_column(Text)
    asked_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    asked_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
