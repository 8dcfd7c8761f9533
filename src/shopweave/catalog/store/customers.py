"""Reading and idempotently writing customers (keyed by email)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopweave.catalog.schemas import Address, Customer
from shopweave.catalog.store._upsert import assign
from shopweave.catalog.store.products import UpsertCounts
from shopweave.catalog.store.tables import CustomerRow


def customer_fields(customer: Customer) -> dict[str, Any]:
    """Column values of a customer row."""
    return {
        "email": customer.email,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "phone": customer.phone,
        "accepts_marketing": customer.accepts_marketing,
        "default_address": None
        if customer.default_address is None
        else customer.default_address.model_dump(mode="json"),
        "tags": list(customer.tags),
    }


def customer_from_row(row: CustomerRow) -> Customer:
    """The schema view of a stored customer."""
    return Customer(
        id=row.id,
        email=row.email,
        first_name=row.first_name,
        last_name=row.last_name,
        phone=row.phone,
        accepts_marketing=row.accepts_marketing,
        default_address=None if row.default_address is None else Address.model_validate(row.default_address),
        tags=row.tags,
    )


def upsert_customers(session: Session, customers: Sequence[Customer]) -> UpsertCounts:
    """Create or update customers by email; identical ones are left untouched.

    The caller owns the transaction.
    """
    counts = UpsertCounts()
    emails = [c.email for c in customers]
    rows = {r.email: r for r in session.scalars(select(CustomerRow).where(CustomerRow.email.in_(emails)))}
    for customer in customers:
        values = customer_fields(customer)
        row = rows.get(customer.email)
        if row is None:
            row = CustomerRow(**values)
            session.add(row)
            rows[customer.email] = row
            counts.created += 1
        elif assign(row, values):
            counts.updated += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def get_customer(session: Session, email: str) -> Customer | None:
    """The customer with `email`, if any."""
    row = session.scalars(select(CustomerRow).where(CustomerRow.email == email)).one_or_none()
    return None if row is None else customer_from_row(row)
