"""Searched, paged lists of documents (opportunities, quotes, invoices),
and the row the list pages show for every kind."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, SQLModel, select

from crm_app.contacts.models import Contact
from crm_app.contacts.service import search_terms

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
class DocumentPage:
    rows: list[tuple[SQLModel, Contact]]
    total: int
    page: int
    page_count: int


def search_documents(
    session: Session,
    model: type[SQLModel],
    text: str,
    *,
    page: int = 1,
    text_columns: tuple = (),
    order_by: tuple = (),
) -> DocumentPage:
    """Documents whose customer (name, town, phone...) or own text matches
    every term, newest first, one page at a time."""
    query = select(model, Contact).join(Contact, Contact.id == model.customer_id)
    for term in search_terms(text):
        conditions = [Contact.search_text.contains(term, autoescape=True)]
        conditions += [func.lower(c).contains(term, autoescape=True) for c in text_columns]
        query = query.where(or_(*conditions))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page_count = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), page_count)
    rows = session.exec(
        query.order_by(*order_by, model.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return DocumentPage([(doc, contact) for doc, contact in rows], total, page, page_count)
