"""The contact search: what a query means, and the searched, paged lists.

Every list that finds contacts by text (the contact list, the pickers, the
customer side of the document lists) goes through ``contact_text_condition``,
so they all search the same way and through the trigram index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import and_, func, or_
from sqlalchemy.orm import QueryableAttribute, defer
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from crm_app.contacts.models import Contact
from crm_app.contacts.search_index import contact_search_filter
from crm_app.contacts.search_postgresql import postgresql_page_of_ids
from crm_app.contacts.search_sqlite import sqlite_page_of_ids
from crm_app.core.paging import PageWindow, WindowedPage, page_window
from crm_app.core.text import normalize
from crm_app.core.trigram_index import MIN_TERM_LENGTH, is_indexable, like_pattern
from crm_app.core.validators import clean_text

DEFAULT_PAGE_SIZE = 25
MAX_TERMS = 8
TOO_SHORT_MESSAGE = f"Saisissez au moins {MIN_TERM_LENGTH} caractères pour chercher."

_PHONE_LIKE = re.compile(r"^\+?[\d\s.\-()]+$")

# contact_search_filter takes column expressions: the ORM attributes are, at
# runtime, but SQLModel types them as their Python values (str, int | None).
_SEARCH_TEXT = cast("ColumnElement[str]", Contact.search_text)
_CONTACT_ID = cast("ColumnElement[int]", Contact.id)


def search_terms(text: str) -> list[str]:
    """Split a query into normalised terms; a phone number typed with spaces or
    dots is one term of digits."""
    text = clean_text(text)  # no control characters (PostgreSQL refuses NUL)
    if not text:
        return []
    if _PHONE_LIKE.match(text) and len(re.sub(r"\D", "", text)) >= 4:
        return [re.sub(r"\D", "", text)]
    # Phones are searched as digits: "+33" is "33".
    terms = [t.removeprefix("+") if t[1:].isdigit() else t for t in normalize(text).split()]
    return terms[:MAX_TERMS]


def is_too_short(text: str) -> bool:
    """A query with no term long enough for the index searches nothing (the
    list stays unfiltered and says so)."""
    terms = search_terms(text)
    return bool(terms) and not any(is_indexable(t) for t in terms)


def searchable_terms(text: str) -> list[str]:
    """The terms to search for; none when the query is empty or too short."""
    terms = search_terms(text)
    return terms if any(is_indexable(t) for t in terms) else []


def contact_text_condition(
    session: Session, text: str, *other_columns: ColumnElement
) -> ColumnElement[bool] | None:
    """Rows where every term of ``text`` is in the contact's search text (or,
    term by term, in one of ``other_columns``, e.g. a document's title); None
    when the query is empty or too short to search."""
    terms = searchable_terms(text)
    if not terms:
        return None
    dialect = session.get_bind().dialect.name
    if not other_columns:
        return _search_filter(terms, dialect)
    return and_(
        *[
            or_(
                _search_filter([term], dialect),
                *[func.lower(c).like(like_pattern(term), escape="/") for c in other_columns],
            )
            for term in terms
        ]
    )


def _search_filter(terms: list[str], dialect: str) -> ColumnElement[bool]:
    """Every term in the contact's search text (``terms`` is not empty)."""
    condition = contact_search_filter(_SEARCH_TEXT, _CONTACT_ID, terms, dialect)
    if condition is None:
        raise ValueError("no search term")
    return condition


@dataclass
class ContactPage(WindowedPage):
    rows: list[Contact]
    window: PageWindow
    too_short: bool = False


def _page_of_ids(
    session: Session, text: str, filters: list, page: int, page_size: int
) -> tuple[list[int], PageWindow]:
    """Ids of one page of the contacts matching ``text`` and ``filters``, in
    list order, with the page's window."""
    terms = searchable_terms(text)
    dialect = session.get_bind().dialect.name
    if terms and dialect == "sqlite":
        return sqlite_page_of_ids(session, Contact, terms, filters, page, page_size)
    if terms and dialect == "postgresql":
        return postgresql_page_of_ids(session, Contact, terms, filters, page, page_size)
    query = select(Contact.id).where(*filters)
    if terms:  # another database: LIKE on the search text, without an index
        query = query.where(_search_filter(terms, dialect))
    window = page_window(session, query, page, page_size)
    ids = session.exec(query.order_by(Contact.list_sort_key).offset(window.offset).limit(page_size))
    return [i for i in ids if i is not None], window


# Long texts no list or picker shows: not read with the rows (read on access).
_NOT_LISTED = cast(
    "tuple[QueryableAttribute[Any], ...]",
    (
        Contact.search_text,
        Contact.internal_notes,
        Contact.customer_notes,
        Contact.consent_proof_text,
    ),
)


def _contacts_in_order(session: Session, ids: list[int]) -> list[Contact]:
    query = select(Contact).where(col(Contact.id).in_(ids)).options(*map(defer, _NOT_LISTED))
    by_id = {c.id: c for c in session.exec(query).all()}
    return [by_id[i] for i in ids if i in by_id]


def search_contacts(
    session: Session,
    text: str = "",
    *,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    include_archived: bool = False,
) -> ContactPage:
    """One page of the contact list, sub-contacts right under their parent."""
    filters = [] if include_archived else [Contact.active == True]  # noqa: E712
    ids, window = _page_of_ids(session, text, filters, page, page_size)
    return ContactPage(
        rows=_contacts_in_order(session, ids), window=window, too_short=is_too_short(text)
    )


def search_main_contacts(
    session: Session, text: str, *, exclude_id: int | None = None, limit: int = 8
) -> list[Contact]:
    """Main contacts matching a query, for pickers (Revendeur, Installateur...)."""
    filters = [
        Contact.parent_id == None,  # noqa: E711
        Contact.active == True,  # noqa: E712
        Contact.id != (exclude_id or 0),
    ]
    ids, _ = _page_of_ids(session, text, filters, 1, limit)
    return _contacts_in_order(session, ids)
