"""Test doubles for code that uses the demand subsystem (the real SMTP sender is tested for real)."""

from __future__ import annotations

from email.message import EmailMessage

from shopweave.demand.errors import MailSendError


class RecordingMailSender:
    """Keeps sent messages in `sent`; fails the first `fail_times` sends with `MailSendError`."""

    def __init__(self, fail_times: int = 0) -> None:
        self.sent: list[EmailMessage] = []
        self.fail_times = fail_times

    def send(self, message: EmailMessage) -> None:
        """Record `message`, or fail while failures remain."""
        if self.fail_times > 0:
            self.fail_times -= 1
            raise MailSendError("recording sender told to fail")
        self.sent.append(message)
