"""Searched, paged lists of documents (opportunities, quotes, invoices),
and the row the list pages show for every kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlmodel import Session, col, select

from crm_app.contacts.models import Contact
from crm_app.contacts.search import contact_text_condition
from crm_app.core.paging import PageWindow, page_window
from crm_app.documents.models import DocumentBase

Document = TypeVar("Document", bound=DocumentBase)

PAGE_SIZE = 25


@dataclass
class DocumentRow:
    id: int
    reference: str  # number, or the task of an intervention
    customer: str
    title: str
    when: str
    amount: str
    state: str
    state_label: str


@dataclass
class DocumentPage(Generic[Document]):
    rows: list[tuple[Document, Contact]]
    window: PageWindow


def search_documents(
    session: Session,
    model: type[Document],
    text: str,
    *,
    page: int = 1,
    text_columns: tuple = (),
    order_by: tuple = (),
) -> DocumentPage[Document]:
    """Documents whose customer (name, town, phone...) or own text matches
    every term, newest first, one page at a time."""
    query = select(model, Contact).join(Contact, col(Contact.id) == col(model.customer_id))
    condition = contact_text_condition(session, text, *text_columns)
    if condition is not None:
        query = query.where(condition)
    window = page_window(session, query, page, PAGE_SIZE)
    rows = session.exec(
        query.order_by(*order_by, col(model.id).desc()).offset(window.offset).limit(PAGE_SIZE)
    ).all()
    return DocumentPage([(doc, contact) for doc, contact in rows], window)
