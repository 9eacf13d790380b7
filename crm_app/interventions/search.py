"""The Planning search: every term is in the customer's search text or in
the intervention's own label, newest first, one page with a capped count.

Both sides have a trigram index (``contact_search`` / ``intervention_search``
on SQLite, pg_trgm GIN indexes on PostgreSQL), but a term may be found on
either side, so no single index lookup answers a query. The plan is chosen
here, by how many interventions match (the same idea as the contact list,
``crm_app/contacts/search_index.py``):

- one term drives: the rarest, when there are several. Its matches are read
  through both indexes (label, then customer), the other terms tested row by
  row, each side stopping past the count's window;
- few matches (the window is exact): they are all there; sort them;
- many: the newest interventions, tested row by row along the date index,
  hold a page of them; if they don't (matches clustered in the past, or
  scattered thinly: two frequent words), every match of the driving term is
  read and sorted — the slow case, tens of milliseconds on 500,000.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from crm_app.contacts import search_index as contact_index
from crm_app.contacts.models import Contact
from crm_app.core import paging
from crm_app.core.paging import PageWindow
from crm_app.core.trigram_index import fts_match, fts_table, is_indexable, like_pattern
from crm_app.interventions import search_index
from crm_app.interventions.models import Intervention

# How many interventions past the page the walk along the date index tests
# before it gives up and sorts every match instead.
WALK_BUDGET = 3000
# A matching contact has about this many interventions (to compare terms).
INTERVENTIONS_PER_CONTACT = 3


def term_condition(term: str) -> ColumnElement[bool]:
    """The row matches ``term``: in the label or in the customer's search text
    (the query joins the customer as ``Contact``)."""
    pattern = like_pattern(term)
    return sa.or_(
        col(Intervention.search_text).like(pattern, escape="/"),
        col(Contact.search_text).like(pattern, escape="/"),
    )


def _label_side(term: str, dialect: str, *columns):
    """Interventions whose label holds ``term``, through the label's index."""
    if dialect == "sqlite":
        fts = fts_table(search_index.FTS_TABLE)
        return (
            select(*columns)
            .select_from(fts)
            .join(Intervention, Intervention.id == fts.c.rowid)
            .where(fts_match(search_index.FTS_TABLE, [term]))
        )
    return select(*columns).where(
        col(Intervention.search_text).like(like_pattern(term), escape="/")
    )


def _customer_side(term: str, dialect: str, *columns):
    """Interventions whose customer's search text holds ``term``, through the
    contact index."""
    if dialect == "sqlite":
        fts = fts_table(contact_index.FTS_TABLE)
        return (
            select(*columns)
            .select_from(fts)
            .join(Intervention, Intervention.customer_id == fts.c.rowid)
            .where(fts_match(contact_index.FTS_TABLE, [term]))
        )
    found = select(Contact.id).where(col(Contact.search_text).like(like_pattern(term), escape="/"))
    return select(*columns).where(col(Intervention.customer_id).in_(found))


def _side_count(session: Session, term: str, dialect: str, side: str, limit: int) -> int:
    """How many labels (or contacts) hold ``term``, counted up to ``limit``
    (on SQLite, straight from the FTS table: it stops at the limit)."""
    if dialect == "sqlite":
        table = search_index.FTS_TABLE if side == "label" else contact_index.FTS_TABLE
        query = select(fts_table(table).c.rowid).where(fts_match(table, [term]))
    else:
        column = col(Intervention.search_text) if side == "label" else col(Contact.search_text)
        query = select(column).where(column.like(like_pattern(term), escape="/"))
    return paging.count_up_to(session, query, limit)


def _driving_term(session: Session, terms: list[str], dialect: str, probe: int) -> str | None:
    """The indexed term with the fewest matches (counted up to ``probe`` on
    each side); None when one term is found nowhere (nothing matches)."""
    long_terms = [t for t in terms if is_indexable(t)]
    if len(long_terms) == 1:
        return long_terms[0]
    sizes = {}
    for term in long_terms:
        labels = _side_count(session, term, dialect, "label", probe)
        contacts = _side_count(session, term, dialect, "customer", probe)
        if labels == contacts == 0:
            return None
        sizes[term] = labels + INTERVENTIONS_PER_CONTACT * contacts
    return min(long_terms, key=lambda t: sizes[t])


# The date as the database returns it, unparsed: sorting thousands of them in
# Python needs no datetime objects (SQLite's ISO text sorts as the dates do).
_start_as_stored = sa.type_coerce(Intervention.start_at, sa.String).label("start_at")


def _gather(
    session: Session, driving: str, other_terms: list[str], filters: list, limit: int | None
) -> tuple[dict[int, object], bool]:
    """The matches met through the driving term's two sides (the other terms
    tested row by row), each side read up to ``limit`` rows: {id: start}, and
    True when a side had more (many matches)."""
    dialect = session.get_bind().dialect.name
    checks = [term_condition(t) for t in other_terms]
    found: dict[int, object] = {}
    for side in (_label_side, _customer_side):
        query = side(driving, dialect, Intervention.id, _start_as_stored)
        if checks:  # the customer's search text, for the other terms
            query = query.join(Contact, col(Contact.id) == col(Intervention.customer_id))
        # Plain rows (no ORM): thousands of them may be read.
        rows = session.connection().execute(query.where(*checks, *filters).limit(limit)).all()
        found.update((row.id, row.start_at) for row in rows)
        if limit is not None and len(rows) >= limit:
            return found, True
    return found, False


def _newest_first(found: dict[int, object]) -> list[int]:
    return sorted(found, key=lambda i: (found[i], i), reverse=True)


def _walk_the_newest(session: Session, conditions: list, window: PageWindow) -> list[int] | None:
    """The page among the newest interventions, tested row by row along the
    date index; None when they don't hold a full page of matches."""
    newest_first = (col(Intervention.start_at).desc(), col(Intervention.id).desc())
    head_end = (
        select(Intervention.start_at)
        .order_by(*newest_first)
        .offset(window.offset + window.page_size + WALK_BUDGET)
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(Intervention.id)
        .join(Contact, col(Contact.id) == col(Intervention.customer_id))
        .where(*conditions, Intervention.start_at >= head_end)
        .order_by(*newest_first)
        .offset(window.offset)
        .limit(window.page_size)
    )
    ids = [i for i in session.exec(query) if i is not None]
    return ids if len(ids) == window.page_size else None


def planning_page_of_ids(
    session: Session, terms: list[str], filters: list, page: int, page_size: int
) -> tuple[list[int], PageWindow]:
    """Ids of one page of the interventions matching every term (at least one
    of three characters or more) and ``filters``, newest first, with the
    page's window."""
    dialect = session.get_bind().dialect.name
    cap = paging.count_cap(page, page_size)
    driving = _driving_term(session, terms, dialect, cap + 1)
    if driving is None:
        return [], paging.window_for(0, page, page_size)
    others = [t for t in terms if t != driving]
    found, many = _gather(session, driving, others, filters, cap + 1)
    if not many:  # every match is here
        window = paging.window_for(len(found), page, page_size)
        return _newest_first(found)[window.offset : window.offset + page_size], window
    window = PageWindow(page=max(1, page), page_size=page_size, total=cap, exact=False)
    ids = _walk_the_newest(session, [*[term_condition(t) for t in terms], *filters], window)
    if ids is None:  # clustered in the past: read every match and sort them
        found, _ = _gather(session, driving, others, filters, None)
        ids = _newest_first(found)[window.offset : window.offset + page_size]
    return ids, window
