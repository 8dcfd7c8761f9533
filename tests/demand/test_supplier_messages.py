"""E-mailing approved POs through a real SMTP server (aiosmtpd on 127.0.0.1): plain + AUTH and
STARTTLS + AUTH; failures retry; a revision is never sent twice."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from shopweave.catalog.store import Database
from shopweave.demand.errors import PurchaseOrderStateError
from shopweave.demand.mail import SmtpMailSender
from shopweave.demand.purchase_orders import (
    approve_purchase_order,
    draft_purchase_orders,
    load_purchase_order,
    set_line_quantity,
)
from shopweave.demand.supplier_messages import list_messages, retry_failed_messages, send_purchase_order
from shopweave.demand.tables import PurchaseOrderMessageRow
from shopweave.events.log import read_events, record_event
from shopweave.settings import Settings
from tests.demand.conftest import PASSWORD, USER, SmtpServer, add_supplier

PO = "PO-20260301-ACME"


def _approved_po(database: Database) -> None:
    add_supplier(database)
    plan = pd.DataFrame(
        {
            "sku": ["A", "B"],
            "supplier_code": ["ACME", "ACME"],
            "order_quantity": [12, 10],
            "unit_cost": [2.5, 4.0],
            "lead_time": [21.0, 21.0],
        }
    )
    with database.transaction() as session:
        draft_purchase_orders(session, plan, date(2026, 3, 1), lambda e: record_event(session, e))
        approve_purchase_order(session, PO, "jane")


def _settings(settings: Settings, server: SmtpServer, *, starttls: bool) -> Settings:
    return settings.model_copy(
        update={
            "smtp_host": server.host,
            "smtp_port": server.port,
            "smtp_username": USER,
            "smtp_password": PASSWORD,
            "smtp_starttls": starttls,
            "mail_from": "buyer@shop.example",
        }
    )


@pytest.mark.parametrize("transport", ["plain", "starttls"])
def test_approved_po_is_mailed_once_with_text_html_and_csv(
    database: Database, settings: Settings, transport: str, request: pytest.FixtureRequest
) -> None:
    # given
    server: SmtpServer = request.getfixturevalue(f"smtp_{transport}")
    config = _settings(settings, server, starttls=transport == "starttls")
    sender = SmtpMailSender(config, ssl_context=server.client_tls)
    _approved_po(database)
    # when: sent, then asked again
    first = send_purchase_order(database, config, PO, sender, backoff_s=0)
    second = send_purchase_order(database, config, PO, sender, backoff_s=0)
    # then: one message on the server, recorded with the Message-ID it carried
    assert (first.status, first.sent_now, first.attempts) == ("sent", True, 1)
    assert (second.status, second.sent_now, second.message_id) == ("sent", False, first.message_id)
    assert len(server.inbox.messages) == 1
    message = server.inbox.messages[0]
    assert server.inbox.recipients == [["orders@acme.example"]]
    assert message["Message-ID"] == first.message_id
    assert message["Subject"] == f"Purchase order {PO} (rev. 1)"
    parts = {part.get_content_type(): part for part in message.walk() if not part.is_multipart()}
    assert sorted(parts) == ["text/csv", "text/html", "text/plain"]
    assert "Total: 70.00 EUR" in parts["text/plain"].get_content()
    assert "<h1>Purchase order PO-20260301-ACME</h1>" in parts["text/html"].get_content()
    assert parts["text/csv"].get_filename() == f"{PO}.csv"
    assert (
        parts["text/csv"].get_content().splitlines()[1] == "PO-20260301-ACME,A,12,2.50,30.00,EUR,2026-03-22"
    )
    with database.transaction() as session:
        events = read_events(session, types=["po.sent"])
    assert [(e.data["po_number"], e.data["message_id"]) for _, e in events] == [(PO, first.message_id)]


def test_wrong_password_fails_retries_and_marks_failed(
    database: Database, settings: Settings, smtp_plain: SmtpServer
) -> None:
    # given
    config = _settings(settings, smtp_plain, starttls=False).model_copy(update={"smtp_password": "wrong"})
    _approved_po(database)
    # when
    record = send_purchase_order(database, config, PO, SmtpMailSender(config), max_attempts=2, backoff_s=0)
    # then: two SMTP transactions, nothing delivered, the PO is still approved, no po.sent
    assert (record.status, record.attempts, record.sent_now) == ("failed", 2, False)
    assert record.last_error == (
        f"sending to orders@acme.example via 127.0.0.1:{smtp_plain.port} failed: "
        "(535, b'5.7.8 Authentication credentials invalid')"
    )
    assert smtp_plain.inbox.messages == []
    with database.transaction() as session:
        assert read_events(session, types=["po.sent"]) == []
        assert load_purchase_order(session, PO).order.status == "approved"


def test_failed_send_is_retried_later_with_the_same_message_id(
    database: Database, settings: Settings, smtp_plain: SmtpServer
) -> None:
    # given: the server is unreachable the first time (wrong port)
    good = _settings(settings, smtp_plain, starttls=False)
    down = good.model_copy(update={"smtp_port": smtp_plain.port + 1 if smtp_plain.port < 65535 else 1})
    _approved_po(database)
    failed = send_purchase_order(
        database, down, PO, SmtpMailSender(down, timeout=2), max_attempts=3, backoff_s=0
    )
    # when: the retry runs against the working server
    retried = retry_failed_messages(database, good, SmtpMailSender(good), max_attempts=4, backoff_s=0)
    # then
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert [(r.status, r.attempts, r.message_id) for r in retried] == [("sent", 4, failed.message_id)]
    assert [m["Message-ID"] for m in smtp_plain.inbox.messages] == [failed.message_id]
    assert retry_failed_messages(database, good, SmtpMailSender(good), backoff_s=0) == []


def test_a_new_revision_is_a_new_message(
    database: Database, settings: Settings, smtp_plain: SmtpServer
) -> None:
    # given: revision 1 is sent; the order is then re-opened as a draft, edited and re-approved
    config = _settings(settings, smtp_plain, starttls=False)
    sender = SmtpMailSender(config)
    _approved_po(database)
    send_purchase_order(database, config, PO, sender, backoff_s=0)
    with database.transaction() as session:
        row = session.scalars(select(PurchaseOrderMessageRow)).one()
        assert row.idempotency_key == f"{PO}:r1"
        load_purchase_order(session, PO).order.status = "draft"
        set_line_quantity(session, PO, "A", 18)
        approve_purchase_order(session, PO, "jane")
    # when
    send_purchase_order(database, config, PO, sender, backoff_s=0)
    # then
    assert [(m.revision, m.status) for m in list_messages(database, PO)] == [(1, "sent"), (2, "sent")]
    assert [m["Subject"] for m in smtp_plain.inbox.messages] == [
        f"Purchase order {PO} (rev. 1)",
        f"Purchase order {PO} (rev. 2)",
    ]


def test_a_draft_is_not_sent(database: Database, settings: Settings, smtp_plain: SmtpServer) -> None:
    add_supplier(database)
    plan = pd.DataFrame(
        {
            "sku": ["A"],
            "supplier_code": ["ACME"],
            "order_quantity": [6],
            "unit_cost": [2.5],
            "lead_time": [21.0],
        }
    )
    with database.transaction() as session:
        draft_purchase_orders(session, plan, date(2026, 3, 1), lambda e: record_event(session, e))
    config = _settings(settings, smtp_plain, starttls=False)
    with pytest.raises(PurchaseOrderStateError) as caught:
        send_purchase_order(database, config, PO, SmtpMailSender(config), backoff_s=0)
    assert caught.value.message == f"{PO} is draft; approve it before sending"
    assert smtp_plain.inbox.messages == []
    assert list_messages(database) == []
