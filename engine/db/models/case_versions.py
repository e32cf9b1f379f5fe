"""Cases moved from one deployed version of their process to another (``engine.services.migration``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.db.models.base import Base
from engine.db.types import UTCDateTime


class CaseMigration(Base):
    """One move of a case: from which definition to which, when and by whom. The newest row of a case
    names the version an undo moves it back to."""

    __tablename__ = "case_migration"
    __table_args__ = (Index("ix_case_migration_target", "to_definition_id", "instance_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    from_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"))
    to_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"))
    migrated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    migrated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    kind: Mapped[str] = mapped_column(String(20))  # "migrate" or "undo"
