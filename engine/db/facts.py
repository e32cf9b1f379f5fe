"""``case_fact``: a few of a case's data values the dashboards filter and count by, kept in step with the
case on save (``engine.store.facts``) so figures never load workflows: the model's variant, and when
the case ends its outcome and the reason it was closed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.db.models import Base
from engine.db.types import UTCDateTime


class CaseFact(Base):
    __tablename__ = "case_fact"

    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), primary_key=True)
    variant: Mapped[str | None] = mapped_column(String(60), index=True)  # ``wariant``
    outcome: Mapped[str | None] = mapped_column(String(60))  # ``wynik_sprawy``
    close_reason: Mapped[str | None] = mapped_column(String(120))  # ``powod_zamkniecia``
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
