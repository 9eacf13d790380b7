"""The columns every document table shares (interventions, opportunities,
quotes, invoices): a non-table SQLModel base the four tables inherit."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.contacts.models import Contact
from crm_app.core.clock import utcnow
from crm_app.core.schema import SavedRow, table_of


class DocumentBase(SavedRow, SQLModel):
    """Id, optimistic version, customer, author and timestamps of a document.

    The customer is the contact as chosen (a main contact or one of its
    sub-addresses). ``version`` grows by one at each save (see
    ``documents.forms.claim_version``)."""

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)
    customer_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")


class NumberedDocument(DocumentBase):
    """A document numbered by year: DEV-2026-0001, FAC-2026-0002
    (``documents.rules.next_number``)."""

    number: str = Field(max_length=30, unique=True, index=True)


# The fields every document kind shows in the journal (each kind adds its own).
DOCUMENT_FIELD_LABELS = {"customer_id": "Client", "number": "Numéro"}


def customer_main_contact_id(connection: sa.Connection, document: DocumentBase) -> int | None:
    """The journal of a document is its customer's main contact's."""
    contact = table_of(Contact)
    parent_id = connection.execute(
        sa.select(contact.c.parent_id).where(contact.c.id == document.customer_id)
    ).scalar()
    return parent_id or document.customer_id
