"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for notification tests."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from engine.jobs.mail import SmtpMailer, SmtpSettings


@dataclass(frozen=True)
class Received:
    to: tuple[str, ...]
    sender: str
    subject: str
    body: str


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.sink.refuse:
            return "451 Chwilowy błąd serwera (test)"
        message = message_from_bytes(envelope.content, policy=policy.default)
        received = Received(
            to=tuple(envelope.rcpt_tos),
            sender=str(message["From"]),
            subject=str(message["Subject"]),
            body=message.get_content(),
        )
        with self.sink.lock:
            self.sink.messages.append(received)
        return "250 OK"


class SmtpSink:
    """Start with ``with SmtpSink() as sink:``; ``sink.messages`` holds every accepted message."""

    def __init__(self):
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.refuse = False  # answer every message with a temporary failure
        self.port = free_port()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()

    def settings(self, **overrides) -> SmtpSettings:
        return SmtpSettings(
            host="127.0.0.1", port=self.port, sender="Kooperacja <powiadomienia@kooperacja.test>", **overrides
        )

    def mailer(self) -> SmtpMailer:
        return SmtpMailer(self.settings())

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.to]

    def wait_for(self, count: int, seconds: float = 10.0) -> list[Received]:
        """Every message once at least ``count`` arrived (bounded wait; the worker sends them synchronously)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        with self.lock:
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
