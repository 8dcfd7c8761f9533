"""Sending e-mail: a small `MailSender` interface and its SMTP implementation.

`SmtpMailSender` speaks SMTP with the standard library (STARTTLS and AUTH when configured). The
message already carries its Message-ID, chosen and recorded by the caller before sending, so a
retry after an ambiguous failure can be recognised. `RecordingMailSender` (in `fakes.py`) is the
test double for other code.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from shopweave.demand.errors import MailConfigurationError, MailSendError
from shopweave.settings import Settings


class MailSender(Protocol):
    """Something that delivers a complete e-mail message or raises `MailSendError`."""

    def send(self, message: EmailMessage) -> None:
        """Deliver `message` (its From, To and Message-ID are set)."""
        ...


class SmtpMailSender:
    """Delivers messages through the SMTP server named in the settings."""

    def __init__(
        self, settings: Settings, *, ssl_context: ssl.SSLContext | None = None, timeout: float = 30.0
    ) -> None:
        if not settings.smtp_host:
            raise MailConfigurationError(
                "no SMTP server configured: set SHOPWEAVE_SMTP_HOST (and port, username, password)"
            )
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.username = settings.smtp_username
        self.password = settings.smtp_password
        self.starttls = settings.smtp_starttls
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        """One SMTP transaction: connect, STARTTLS, AUTH, send, quit."""
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as client:
                client.ehlo()
                if self.starttls:
                    client.starttls(context=self.ssl_context)
                    client.ehlo()
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise MailSendError(
                f"sending to {message['To']} via {self.host}:{self.port} failed: {exc}"
            ) from exc
