"""E-mailing approved purchase orders to suppliers: once per PO revision, recorded, retried.

The idempotency key is `<PO number>:r<revision>`. Before any SMTP traffic a message row is
committed with that key and a fresh Message-ID; a later call with the same key finds the row:
`sent` → nothing is sent again; `pending`/`failed` → the same message (same Message-ID) is tried
again, up to `max_attempts` SMTP transactions in all. Success marks the row `sent`, the PO `sent`,
and records `po.sent` in the same transaction.

The one window left is a crash after the server accepted the message and before `sent` was
committed: the retry then re-sends the *same* Message-ID, which receiving systems use to drop
duplicates.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parseaddr

from pydantic import BaseModel, Field
from sqlalchemy import select

from shopweave.catalog.store import Database
from shopweave.demand.errors import MailConfigurationError, MailSendError, PurchaseOrderStateError
from shopweave.demand.events import PoSent, to_cloud_event
from shopweave.demand.mail import MailSender
from shopweave.demand.purchase_orders import (
    PurchaseOrderView,
    load_purchase_order,
    purchase_order_csv,
    purchase_order_html,
    purchase_order_text,
)
from shopweave.demand.tables import PurchaseOrderMessageRow
from shopweave.events.log import record_event
from shopweave.settings import Settings


class MessageRecord(BaseModel):
    """A supplier e-mail and where it stands."""

    po_number: str = Field(description="PO carried.", examples=["PO-20260301-ACME"])
    revision: int = Field(description="Revision carried.", examples=[1])
    message_id: str = Field(description="Message-ID header.", examples=["<…@shop.example.com>"])
    to: str = Field(description="Recipient.", examples=["orders@acme.example"])
    status: str = Field(description="pending, sent or failed.", examples=["sent"])
    attempts: int = Field(description="SMTP transactions tried.", examples=[1])
    last_error: str | None = Field(description="Why the last attempt failed.", examples=[None])
    sent_now: bool = Field(description="True when this call delivered it.", examples=[True])


def _record(row: PurchaseOrderMessageRow, sent_now: bool) -> MessageRecord:
    return MessageRecord(
        po_number=row.po_number,
        revision=row.revision,
        message_id=row.message_id,
        to=row.to_address,
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        sent_now=sent_now,
    )


def _sender_address(settings: Settings) -> str:
    sender = settings.mail_from or settings.smtp_username
    if not sender:
        raise MailConfigurationError(
            "set SHOPWEAVE_MAIL_FROM (or SHOPWEAVE_SMTP_USERNAME) to send purchase orders"
        )
    return sender


def build_message(view: PurchaseOrderView, message_id: str, sender: str) -> EmailMessage:
    """Text + HTML alternative, with the lines attached as CSV."""
    message = EmailMessage()
    message["Subject"] = f"Purchase order {view.order.number} (rev. {view.revision})"
    message["From"] = sender
    message["To"] = view.supplier.email or ""
    message["Message-ID"] = message_id
    message.set_content(purchase_order_text(view))
    message.add_alternative(purchase_order_html(view), subtype="html")
    message.add_attachment(
        purchase_order_csv(view).encode("utf-8"),
        maintype="text",
        subtype="csv",
        filename=f"{view.order.number}.csv",
    )
    return message


def send_purchase_order(
    database: Database,
    settings: Settings,
    number: str,
    sender: MailSender,
    *,
    max_attempts: int = 3,
    backoff_s: float = 1.0,
) -> MessageRecord:
    """E-mail an approved PO to its supplier, at most once per revision (see the module doc)."""
    from_address = _sender_address(settings)
    with database.transaction() as session:
        view = load_purchase_order(session, number)
        if view.order.status not in ("approved", "sent"):
            raise PurchaseOrderStateError(f"{number} is {view.order.status}; approve it before sending")
        if not view.supplier.email:
            raise MailConfigurationError(f"supplier {view.supplier.code} has no e-mail address")
        key = f"{number}:r{view.revision}"
        row = session.scalars(
            select(PurchaseOrderMessageRow).where(PurchaseOrderMessageRow.idempotency_key == key)
        ).first()
        if row is None:
            domain = parseaddr(from_address)[1].rpartition("@")[2] or "shopweave.local"
            row = PurchaseOrderMessageRow(
                idempotency_key=key,
                po_number=number,
                revision=view.revision,
                message_id=f"<{number}.r{view.revision}.{uuid.uuid4().hex[:12]}@{domain}>",
                to_address=view.supplier.email,
                subject=f"Purchase order {number} (rev. {view.revision})",
                status="pending",
                attempts=0,
            )
            session.add(row)
            session.flush()
        if row.status == "sent":
            return _record(row, sent_now=False)
        message = build_message(view, row.message_id, from_address)
        row_id = row.id
    return _deliver(database, row_id, message, sender, max_attempts=max_attempts, backoff_s=backoff_s)


def _deliver(
    database: Database,
    row_id: int,
    message: EmailMessage,
    sender: MailSender,
    *,
    max_attempts: int,
    backoff_s: float,
) -> MessageRecord:
    while True:
        with database.transaction() as session:
            row = session.get(PurchaseOrderMessageRow, row_id)
            assert row is not None
            if row.status == "sent":
                return _record(row, sent_now=False)
            if row.attempts >= max_attempts:
                return _record(row, sent_now=False)
            row.attempts += 1
        try:
            sender.send(message)
        except MailSendError as exc:
            with database.transaction() as session:
                row = session.get(PurchaseOrderMessageRow, row_id)
                assert row is not None
                row.status = "failed"
                row.last_error = exc.message
                if row.attempts >= max_attempts:
                    return _record(row, sent_now=False)
            time.sleep(backoff_s * 2 ** (row.attempts - 1))
            continue
        with database.transaction() as session:
            row = session.get(PurchaseOrderMessageRow, row_id)
            assert row is not None
            row.status = "sent"
            row.last_error = None
            row.sent_at = datetime.now(UTC)
            view = load_purchase_order(session, row.po_number)
            view.order.status = "sent"
            view.order.ordered_on = row.sent_at.date()
            record_event(
                session,
                to_cloud_event(
                    PoSent(
                        po_number=row.po_number,
                        supplier=view.supplier.code,
                        revision=row.revision,
                        message_id=row.message_id,
                        to=row.to_address,
                    ),
                    f"purchase_order/{row.po_number}",
                    row.idempotency_key,
                ),
            )
            return _record(row, sent_now=True)


def retry_failed_messages(
    database: Database,
    settings: Settings,
    sender: MailSender,
    *,
    max_attempts: int = 3,
    backoff_s: float = 1.0,
) -> list[MessageRecord]:
    """Try again every message that is not sent and has attempts left."""
    with database.transaction() as session:
        numbers = session.scalars(
            select(PurchaseOrderMessageRow.po_number).where(
                PurchaseOrderMessageRow.status != "sent", PurchaseOrderMessageRow.attempts < max_attempts
            )
        ).all()
    return [
        send_purchase_order(
            database, settings, number, sender, max_attempts=max_attempts, backoff_s=backoff_s
        )
        for number in sorted(set(numbers))
    ]


def list_messages(database: Database, po_number: str | None = None) -> list[MessageRecord]:
    """Every recorded supplier message (optionally for one PO), oldest first."""
    with database.transaction() as session:
        query = select(PurchaseOrderMessageRow).order_by(PurchaseOrderMessageRow.id)
        if po_number:
            query = query.where(PurchaseOrderMessageRow.po_number == po_number)
        return [_record(row, sent_now=False) for row in session.scalars(query).all()]
