"""Query tables of the recommendations report (Księga rekomendacji), kept in step with a case's data on
save (``engine.store.report_rows``): the dates its workers entered, the services of its plan, and the
recommendations written at its end."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.db.models.base import Base
from engine.db.types import UTCDateTime


class CaseReport(Base):
    """One row per case: the form dates lead times are measured between, and its plan's services."""

    __tablename__ = "case_report"

    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), primary_key=True)
    nominated_on: Mapped[date | None] = mapped_column(Date)  # ``data_zgloszenia``
    qualified_on: Mapped[date | None] = mapped_column(Date)  # ``data_kwalifikacji``
    plan_approved_on: Mapped[date | None] = mapped_column(Date)  # the first ``data_decyzji_pzk`` approving
    closed_on: Mapped[date | None] = mapped_column(Date)  # ``data_zamkniecia``, else the day the case ended
    services: Mapped[str] = mapped_column(Text)  # JSON: [[service, source, status], ...] of ``pozycje_planu``
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CaseRecommendation(Base):
    """A conclusion or recommendation a worker wrote in a case, with the stage of the step it was written
    in. Free text that may name people: erased when the case is anonymised."""

    __tablename__ = "case_recommendation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    area: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(String(200))
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
