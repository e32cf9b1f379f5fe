"""Institutions, users and their roles, partnerships (PZK), API tokens, notification preferences."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine.db.models.base import Base
from engine.db.types import UTCDateTime


class Institution(Base):
    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    gmina: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Random value every session cookie of the user carries; a new one ends all their sessions at once.
    session_key: Mapped[str | None] = mapped_column(String(64))


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(120), primary_key=True)


class Partnership(Base):
    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    gmina: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PartnershipMember(Base):
    __tablename__ = "partnership_member"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(120), primary_key=True)


# --------------------------------------------------------------------------- repository


class ApiToken(Base):
    """A token an external system (court, labour office) calls the JSON API with; only its hash is kept.

    It acts for one institution, may do the operations named in ``operations`` (JSON list, e.g.
    ``["messages:send", "cases:read"]``) and send the messages named in ``messages`` (JSON list);
    a token without an institution (issued before scopes existed) gets nothing of any case.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    operations: Mapped[str] = mapped_column(Text)
    messages: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationPreference(Base):
    """A user's choice for one kind of e-mail; no row means the default (on)."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
