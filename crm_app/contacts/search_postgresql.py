"""One page of a contact search on PostgreSQL, through the pg_trgm GIN index
and the walk indexes (``search_index``), on the plan ``search_estimate``'s
sample chooses.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from crm_app.contacts import search_estimate, search_index
from crm_app.core import paging
from crm_app.core.paging import PageWindow, page_window

# Up to this many estimated matches, the first pass reads them all (up to
# FULL_PASS_CAP) rather than a count's window: evaluating the GIN index costs
# more than reading a few thousand rows (« chantier fougeres », 2,028
# matches: 4.2 ms for the index, 2.5 ms for the rows), and a second pass
# would evaluate it again. The cap keeps an estimate that is off to one
# bounded pass.
ONE_PASS_ESTIMATE = 3500
FULL_PASS_CAP = 6000


def postgresql_page_of_ids(
    session: Session, contact, terms: list[str], filters: list, page: int, page_size: int
) -> tuple[list[int], PageWindow]:
    """The plan of ``search_sqlite``, on PostgreSQL, chosen from the estimate
    of ``search_estimate`` (PostgreSQL's planner misjudges a trigram LIKE,
    and would either walk the whole list or sort tens of thousands of rows):
    - many matches spread along the list: the list's head, walked on the
      walk indexes, holds the page;
    - else a first pass reads at most a count's window of matches. Few: that
      pass counted and sorted them all, and gave the page (up to
      a few thousand estimated, it reads them all: one evaluation of the
      index instead of two).
      Many: its page-th smallest key bounds the page, which the list's head,
      walked up to that bound, holds when the matches are spread; else the
      matches up to the bound are sorted.
    Sorting is done by PostgreSQL (its collation orders the list)."""
    condition = search_index.contact_search_filter(
        contact.search_text, contact.id, terms, "postgresql"
    )
    assert condition is not None  # called with terms only
    page = max(1, page)
    offset = (page - 1) * page_size
    cap = paging.count_cap(page, page_size)
    estimate = search_estimate.estimate_search(session, terms)
    walked = search_index.walk_first(session, contact, terms, filters, page, page_size, estimate)
    if walked is not None:
        return walked
    reach = max(cap, FULL_PASS_CAP) if estimate.matches <= ONE_PASS_ESTIMATE else cap
    first = select(contact.id, contact.list_sort_key).where(condition, *filters)
    first = first.limit(reach + 1)
    first = first.subquery()
    in_order = (
        select(first.c.id, first.c.list_sort_key, sa.func.count().over().label("matches"))
        .order_by(first.c.list_sort_key, first.c.id)
        .offset(offset)
        .limit(page_size)
    )
    # With a LIMIT, the planner expects to meet enough matches soon in a
    # sequential scan, and tests every row (25 ms): go through the GIN index.
    connection = session.connection()
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    try:
        rows = session.execute(in_order).all()
    finally:
        connection.exec_driver_sql("RESET enable_seqscan")
    counted = rows[0].matches if rows else None
    if counted is None and page == 1:
        return [], PageWindow(page, page_size, 0, exact=True)
    if counted is None:  # past the end (the list shrank): the last page
        matching = select(contact.id).where(condition, *filters)
        window = page_window(session, matching, page, page_size)
        if window.total == 0 or window.page == page:
            return [], window
        rows = session.execute(in_order.offset(window.offset)).all()
        return [row.id for row in rows], window
    window = paging.window_for(counted, page, page_size)
    if counted <= reach:  # every match was read and sorted: the page is right
        return [row.id for row in rows], window
    bound = rows[-1].list_sort_key or ""
    head_end = session.exec(select(search_index.head_end_key(contact, filters, window))).one()
    upto = bound if head_end is None else min(bound, head_end)
    if (rows[0].list_sort_key or "") <= upto:  # else they cluster further down
        ids = search_index.walk_the_list_head(session, contact, terms, filters, window, upto)
        if ids is not None:
            return ids, window
    # An expression to sort by: the list's index cannot serve it, so the
    # planner fetches the matches through the GIN index.
    sort_key = sa.func.coalesce(contact.list_sort_key, "")
    clustered = (
        select(contact.id)
        .where(condition, *filters, sort_key <= bound)
        .order_by(sort_key, contact.id)
        .offset(offset)
        .limit(page_size)
    )
    return list(session.exec(clustered).all()), window
