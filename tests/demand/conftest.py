"""Fixtures for demand tests: a supplier catalogue and a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import SupplierItemRow, SupplierRow

USER, PASSWORD = "buyer", "s3cret"


@dataclass
class Inbox:
    """Messages the test SMTP server accepted."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd hook name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox
    client_tls: ssl.SSLContext | None = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_plain() -> Iterator[SmtpServer]:
    """Plain SMTP offering AUTH without TLS (for this test server only); a wrong login is refused.

    AUTH is offered but not required: aiosmtpd warns when AUTH is required without TLS.
    """
    inbox = Inbox()
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield SmtpServer("127.0.0.1", port, inbox)
    controller.stop()


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def smtp_starttls(tmp_path: Path) -> Iterator[SmtpServer]:
    """SMTP that requires STARTTLS (self-signed certificate made with openssl) and AUTH."""
    cert, key = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox = Inbox()
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=_authenticate,
        auth_required=True,
    )
    controller.start()
    yield SmtpServer("127.0.0.1", port, inbox, client_tls=ssl.create_default_context(cafile=str(cert)))
    controller.stop()


def add_supplier(database: Database, code: str = "ACME", email: str | None = "orders@acme.example") -> None:
    """A supplier selling SKUs A (case pack 6, cost 2.50) and B (MOQ 10, cost 4.00)."""
    with database.transaction() as session:
        supplier = SupplierRow(code=code, name="Acme Ltd", email=email, lead_time_days=21, currency="EUR")
        session.add(supplier)
        session.flush()
        session.add_all(
            [
                SupplierItemRow(supplier_id=supplier.id, sku="A", unit_cost=Decimal("2.50"), case_pack=6),
                SupplierItemRow(
                    supplier_id=supplier.id, sku="B", unit_cost=Decimal("4.00"), min_order_quantity=10
                ),
            ]
        )
