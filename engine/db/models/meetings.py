"""Meetings of a partnership (posiedzenia PZK): the agenda of cases waiting for its decision, who came,
and the decision taken on each case (which completes that case's PZK task when the meeting closes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.db.models.base import Base
from engine.db.types import UTCDateTime


class Meeting(Base):
    __tablename__ = "pzk_meeting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))  # planned, held (attendance recorded), closed
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MeetingItem(Base):
    """One case on the agenda, with the PZK task waiting in it; ``decision`` is that task's form data."""

    __tablename__ = "pzk_meeting_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("pzk_meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str] = mapped_column(String(36), index=True)
    decision: Mapped[str | None] = mapped_column(Text)  # JSON
    outcome: Mapped[str] = mapped_column(String(20))  # pending, done, refused, undecided
    outcome_message: Mapped[str | None] = mapped_column(Text)


class MeetingAttendance(Base):
    __tablename__ = "pzk_meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("pzk_meeting.id", ondelete="CASCADE"), primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean)
