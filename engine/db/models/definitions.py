"""Deployed versions: their files, comments and parsed process definitions; the analysts' drafts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine.db.models.base import Base
from engine.db.types import UTCDateTime


class Deployment(Base):
    __tablename__ = "deployment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class DeploymentFile(Base):
    __tablename__ = "deployment_file"

    deployment_id: Mapped[int] = mapped_column(ForeignKey("deployment.id"), primary_key=True)
    path: Mapped[str] = mapped_column(String(300), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class ProcessDefinition(Base):
    __tablename__ = "process_definition"
    __table_args__ = (UniqueConstraint("deployment_id", "process_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deployment_id: Mapped[int] = mapped_column(ForeignKey("deployment.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(String(300))
    start_role: Mapped[str | None] = mapped_column(String(120))
    spec_json: Mapped[str] = mapped_column(Text)


# --------------------------------------------------------------------------- runtime


class DeploymentNote(Base):
    """The comment an analyst gave when deploying a version (the CLI deploys without one)."""

    __tablename__ = "deployment_note"

    deployment_id: Mapped[int] = mapped_column(ForeignKey("deployment.id"), primary_key=True)
    comment: Mapped[str] = mapped_column(Text)


class ModelDraft(Base):
    """The analysts' working copy of one model file; nothing reaches running cases until deployed."""

    __tablename__ = "model_draft"

    path: Mapped[str] = mapped_column(String(300), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(200))
