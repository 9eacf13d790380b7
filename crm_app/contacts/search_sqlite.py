"""One page of a contact search on SQLite, through the FTS5 trigram index
(``search_index``).

SQLite's planner knows nothing of how many rows a MATCH finds, so the plan is
chosen here: from the sample of ``search_estimate`` first, then from a count
of the index's matches up to the count's window (in id order, so a sample
unrelated to the list's order).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import json
import math

import sqlalchemy as sa
from sqlmodel import Session, select

from crm_app.contacts import search_estimate, search_index
from crm_app.core import paging, trigram_index
from crm_app.core.paging import PageWindow
from crm_app.core.trigram_index import is_indexable, like_pattern

# With more matches than a count's window and no term to check, how many of
# them (in id order, unrelated to the list's order) are read to plan the page.
SAMPLE_SIZE = 250


def sqlite_page_of_ids(
    session: Session, contact, terms: list[str], filters: list, page: int, page_size: int
) -> tuple[list[int], PageWindow]:
    """One page of the contacts matching ``terms`` (at least one of three
    characters or more) and ``filters``, in list order:
    - many matches spread along the list (a town, a surname, by the
      estimate): the list's head, tested row by row, holds the page;
    - few matches (the count's window holds them): SQLite counts and sorts
      them and gives the page;
    - many: the first ones read bound where the page ends in the list (their
      page-th smallest key). When the matches are spread along the list,
      the list's head, tested row by row up to that bound, holds the page;
    - else they cluster ("ferme": every farm sorts under F): look up the
      matches up to the bound, and sort them.
    Several words are looked for by their rarest trigrams (the index finds
    them two to three times as fast), and the rows it finds are checked
    with LIKE, as are the terms too short for the index.
    The filters are wrapped in expressions where the MATCH must drive: used
    bare, SQLite would walk their index and probe the FTS table row by row."""
    page = max(1, page)
    estimate = search_estimate.estimate_search(session, terms)
    walked = search_index.walk_first(session, contact, terms, filters, page, page_size, estimate)
    if walked is not None:
        return walked
    fts = search_index.fts_table()
    if sum(map(is_indexable, terms)) > 1:
        frequency = search_estimate.trigram_frequency(session)
        matched = trigram_index.fts_candidates(search_index.FTS_TABLE, terms, frequency)
        checks = [contact.search_text.like(like_pattern(t), escape="/") for t in terms]
    else:
        matched = search_index.fts_match(terms)
        checks = search_index.short_term_conditions(contact.search_text, terms)
    loose_filters = [sa.func.coalesce(f, False) for f in filters]
    connection = session.connection()
    cap = paging.count_cap(page, page_size)
    head_size = page * page_size

    def matches(*columns):
        return (
            select(*columns)
            .select_from(fts)
            .join(contact, contact.id == fts.c.rowid)
            .where(matched, *checks, *loose_filters)
        )

    def head_of(rows) -> tuple[list[tuple[str, int]], int, int]:
        """The first ``head_size`` of ``rows`` (id, key) in list order, as
        (key, id) pairs, how many rows there are, and their largest id:
        SQLite counts and sorts them, only the head comes back (read once:
        a materialized CTE costs less than window functions)."""
        listed = rows.cte().prefix_with("MATERIALIZED")
        counted = select(sa.func.count()).select_from(listed).scalar_subquery()
        last_id = select(sa.func.max(listed.c.id)).scalar_subquery()
        query = select(listed.c.id, listed.c.list_sort_key, counted, last_id)
        query = query.order_by(listed.c.list_sort_key, listed.c.id).limit(head_size)
        result = connection.execute(query).all()
        if not result:
            return [], 0, 0
        return [(key or "", id_) for id_, key, _, _ in result], result[0][2], result[0][3]

    def first_matches() -> tuple[list[tuple[str, int]], int, int]:
        """The matches up to the count's window, in id order (the index's)."""
        rows = matches(contact.id, contact.list_sort_key).order_by(fts.c.rowid)
        return head_of(rows.limit(cap + 1))

    def among(ids: list[int]):
        """Those of ``ids`` that pass the filters (the ids go as one JSON parameter)."""
        listed = select(sa.column("value")).select_from(sa.func.json_each(json.dumps(ids)))
        query = select(contact.id, contact.list_sort_key)
        return query.where(contact.id.in_(listed), *loose_filters)

    if checks:
        # "More than the window" must hold of the rows that pass the checks:
        # the first pass reads matches up to the window, each checked.
        found, counted, last_seen_id = first_matches()
        window = paging.window_for(counted, page, page_size)
    else:
        # The index's matches, up to the count's window, read once (evaluating
        # a MATCH of frequent words is the costly part). Past the window, the
        # total shown is this lower bound ("plus de 1 000"), and a sample of
        # the matches is enough to plan the page.
        first_pass = select(fts.c.rowid).where(matched).order_by(fts.c.rowid).limit(cap + 1)
        index_ids = list(connection.execute(first_pass).scalars().all())
        if len(index_ids) <= cap:
            found, counted, last_seen_id = head_of(among(index_ids))
            window = paging.window_for(counted, page, page_size)
        else:
            sample_ids = index_ids[: max(SAMPLE_SIZE, head_size)]
            keyed = connection.execute(among(sample_ids)).all()
            found = sorted((key or "", id_) for id_, key in keyed)
            last_seen_id = sample_ids[-1]
            window = PageWindow(page, page_size, cap, exact=False)
            if len(found) < head_size:  # filters, archived rows
                found, counted, last_seen_id = first_matches()
                window = paging.window_for(counted, page, page_size)
    if window.exact:
        return [id_ for _, id_ in found[window.offset : window.offset + page_size]], window
    # The first pass holds at least a page past the offset: no match of the
    # page sorts after its page-th smallest key.
    bound = found[window.offset + page_size - 1][0]
    head_end = session.exec(select(search_index.head_end_key(contact, filters, window))).one()
    upto = bound if head_end is None else min(bound, head_end)
    # No match read in the list's head: they cluster further down, and
    # walking the head would be wasted.
    if found[0][0] <= upto:
        ids = search_index.walk_the_list_head(session, contact, terms, filters, window, upto)
        if ids is not None:
            return ids, window
    # Sort the matches up to the bound: those of the first pass are in hand,
    # the others are read past the last id it saw. (An expression to sort by,
    # so that SQLite sorts them rather than walking the list's index.)
    sort_key = sa.func.coalesce(contact.list_sort_key, "")
    the_rest = (
        matches(sort_key, contact.id)
        .where(fts.c.rowid > last_seen_id, sort_key <= bound)
        .order_by(sort_key)
        .limit(window.offset + page_size)
    )
    in_hand = found[: bisect.bisect_right(found, (bound, math.inf))]
    rest = [tuple(row) for row in connection.execute(the_rest).all()]
    merged = heapq.merge(in_hand, rest)
    page_rows = itertools.islice(merged, window.offset, window.offset + page_size)
    return [id_ for _, id_ in page_rows], window
