"""Cases: the instance header, one row per SpiffWorkflow task, and the query tables kept with them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine.db.models.base import Base
from engine.db.types import UTCDateTime


class ProcessInstance(Base):
    __tablename__ = "process_instance"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(120), index=True)
    business_key: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), index=True)
    stage: Mapped[str | None] = mapped_column(String(200))
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id"), index=True)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    error_message: Mapped[str | None] = mapped_column(Text)
    error_task_id: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(Text)
    lock_version: Mapped[int] = mapped_column(Integer)
    anonymized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # retention removed its personal data
    kind: Mapped[str | None] = mapped_column(String(20))  # whom the case is for: CASE_KINDS, chosen at start


class InstanceTask(Base):
    __tablename__ = "instance_task"

    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workflow_key: Mapped[str] = mapped_column(String(36))
    body: Mapped[str] = mapped_column(Text)


class CaseParticipant(Base):
    """An institution playing a role in a case; it sees the case once ``admitted_at`` is set."""

    __tablename__ = "case_participant"
    # the role too: the case list "an institution's open task" walks this index without reading the rows (0019);
    # the admission too: a worker's case list counts its cases from here alone (0020)
    __table_args__ = (Index("ix_case_participant_institution", "institution_id", "instance_id", "role", "admitted_at"),)

    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(120), primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    admitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HumanTask(Base):
    __tablename__ = "human_task"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"))  # indexes.py
    bpmn_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(200))
    form: Mapped[str | None] = mapped_column(String(200))
    ui_form: Mapped[str | None] = mapped_column(String(200))
    instructions: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    draft: Mapped[str | None] = mapped_column(Text)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    subject: Mapped[str | None] = mapped_column(String(200))  # a multi-instance task's item, e.g. "Anna"
    # the one institution of its role the task is for (``candidateInstitution``: the provider ordered from)
    institution: Mapped[str | None] = mapped_column(String(200))


class Timer(Base):
    __tablename__ = "timer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(60))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class MessageSubscription(Base):
    __tablename__ = "message_subscription"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    message_name: Mapped[str] = mapped_column(String(200), index=True)


class CaseEvent(Base):
    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    task_id: Mapped[str | None] = mapped_column(String(36))
    task_name: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[str | None] = mapped_column(Text)


class MessageReceipt(Base):
    """An external message delivered under an idempotency key: the same key never has a second effect."""

    __tablename__ = "message_receipt"

    idempotency_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    message_name: Mapped[str] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(200))
    body_hash: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the payload; None before 0010


class CaseFact(Base):
    """A few of a case's data values the dashboards filter and count by, kept in step on save: the variant,
    and when the case ends its outcome and the reason it was closed."""

    __tablename__ = "case_fact"

    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), primary_key=True)
    variant: Mapped[str | None] = mapped_column(String(60), index=True)  # ``wariant``
    outcome: Mapped[str | None] = mapped_column(String(60))  # ``wynik_sprawy``
    close_reason: Mapped[str | None] = mapped_column(String(120))  # ``powod_zamkniecia``
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Correction(Base):
    """A recorded fact of a completed task corrected (art. 16 GDPR): the task's data keeps the old value
    (the history); the case file and the documents show the newest correction of each field."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(120))
    old_value: Mapped[str | None] = mapped_column(Text)  # JSON
    new_value: Mapped[str | None] = mapped_column(Text)  # JSON
    reason: Mapped[str] = mapped_column(Text)
    corrected_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recipients: Mapped[str | None] = mapped_column(Text)  # JSON list: institutions that had received the fact
