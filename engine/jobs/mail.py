"""Sending e-mail: SMTP configured by ``KOOPERACJA_SMTP_*`` variables, or the log when no host is set."""

from __future__ import annotations

import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

log = logging.getLogger("engine.notify")


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class SmtpSettings:
    """``KOOPERACJA_SMTP_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``, ``_FROM``, ``_STARTTLS``."""

    host: str | None = None
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "Kooperacja <kooperacja@localhost>"
    starttls: bool = False
    timeout: float = 30.0

    @classmethod
    def from_env(cls, environ=os.environ) -> SmtpSettings:
        defaults = cls()
        return cls(
            host=environ.get("KOOPERACJA_SMTP_HOST") or None,
            port=int(environ.get("KOOPERACJA_SMTP_PORT") or defaults.port),
            user=environ.get("KOOPERACJA_SMTP_USER") or None,
            password=environ.get("KOOPERACJA_SMTP_PASSWORD") or None,
            sender=environ.get("KOOPERACJA_SMTP_FROM") or defaults.sender,
            starttls=(environ.get("KOOPERACJA_SMTP_STARTTLS") or "").lower() in ("1", "true", "tak", "yes"),
        )


class Mailer(Protocol):
    def send(self, email: Email) -> None:
        """Hand the message over, or raise (the job is retried)."""


class SmtpMailer:
    """One SMTP connection per message: simple, and nothing stale survives a server restart."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings

    def send(self, email: Email) -> None:
        settings = self.settings
        message = EmailMessage()
        message["From"] = settings.sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="kooperacja")
        message.set_content(email.body, charset="utf-8")
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(message)


class LogMailer:
    """No SMTP server configured: say what would have been sent."""

    def send(self, email: Email) -> None:
        log.info("e-mail nie wysłany (brak KOOPERACJA_SMTP_HOST) do %s: %s", email.to, email.subject)


def mailer_from_env(environ=os.environ) -> Mailer:
    settings = SmtpSettings.from_env(environ)
    return SmtpMailer(settings) if settings.host else LogMailer()
