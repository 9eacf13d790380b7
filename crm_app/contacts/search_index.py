"""The trigram index behind the contact search, on SQLite and on PostgreSQL.

``contact.search_text`` holds the normalised text a user may search for
(names, e-mail, phones in every form, town, postcode, reference, VAT number).
A substring search over it must not scan 100,000 rows on every keystroke:

- SQLite: an FTS5 table with the trigram tokenizer, whose content is the
  ``contact`` table itself; triggers keep it in step with every write;
- PostgreSQL: a pg_trgm GIN index, which serves ``LIKE '%term%'`` directly.
(The mechanics shared with the Planning's index: ``crm_app/trigram_index.py``.)

Trigrams cannot find a substring shorter than three characters: shorter terms
only narrow what longer ones found (see ``contact_search_filter``).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import json
import math

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from crm_app.contacts import search_estimate
from crm_app.contacts.models import Contact
from crm_app.core import paging, trigram_index
from crm_app.core.paging import PageWindow, page_window
from crm_app.core.schema import table_of
from crm_app.core.trigram_index import is_indexable, like_pattern

# On PostgreSQL, the page is looked for first by walking the list's head
# when its estimated end is within this many entries (~0.4 µs each, read
# from the walk index; the first pass costs ~3 ms for a thousand matches).
WALK_FIRST_ENTRIES = 3000
# On PostgreSQL, up to this many estimated matches, the first pass reads them
# all (up to FULL_PASS_CAP) rather than a count's window: evaluating the GIN
# index costs more than reading a few thousand rows (« chantier fougeres »,
# 2,028 matches: 4.2 ms for the index, 2.5 ms for the rows), and a second pass
# would evaluate it again. The estimates of several words are off by up to ~6
# times: the cap keeps a bad one to one bounded pass.
ONE_PASS_ESTIMATE = 3500
FULL_PASS_CAP = 6000
# How many list entries past the page a search with many matches tests row by
# row (on SQLite) before it looks its matches up and sorts them instead.
WALK_BUDGET = 4000
# With more matches than a count's window, how many of them (in id order,
# unrelated to the list's order) are read to plan the page.
SAMPLE_SIZE = 250
FTS_TABLE = "contact_search"
PG_INDEX = "ix_contact_search_text_trgm"
# The list's order with the search text, so that walking the list's head
# tests each row from the index alone (three to seven times faster than
# reading each row). A PostgreSQL btree entry holds at most 2,704 bytes: the
# contacts whose text and key take more have an index of their own (normally
# empty), which the walk reads too.
WALK_INDEX = "ix_contact_search_walk"
WALK_LONG_INDEX = "ix_contact_search_walk_long"
WALK_ENTRY_BYTES = 2400
_ENTRY_BYTES = "octet_length(search_text) + octet_length(list_sort_key)"

SQLITE_DDL = (
    *trigram_index.sqlite_ddl("contact", FTS_TABLE),
    f"CREATE INDEX IF NOT EXISTS {WALK_INDEX} ON contact (active, list_sort_key, search_text)",
)
POSTGRESQL_DDL = (
    *trigram_index.postgresql_ddl("contact", PG_INDEX),
    f"CREATE INDEX IF NOT EXISTS {WALK_INDEX} ON contact (active, list_sort_key) "
    f"INCLUDE (id, search_text) WHERE {_ENTRY_BYTES} <= {WALK_ENTRY_BYTES}",
    f"CREATE INDEX IF NOT EXISTS {WALK_LONG_INDEX} ON contact (active, list_sort_key) "
    f"WHERE {_ENTRY_BYTES} > {WALK_ENTRY_BYTES}",
)


def optimize(connection: sa.Connection) -> None:
    trigram_index.optimize(connection, FTS_TABLE, PG_INDEX)


def install(connection: sa.Connection) -> None:
    """Create the index for this database (idempotent)."""
    for statement in ddl_for(connection.dialect.name):
        connection.exec_driver_sql(statement)


def ddl_for(dialect_name: str) -> tuple[str, ...]:
    return {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL}.get(dialect_name, ())


def _fts_table() -> sa.TableClause:
    return trigram_index.fts_table(FTS_TABLE)


def _fts_match(terms: list[str]) -> ColumnElement[bool]:
    return trigram_index.fts_match(FTS_TABLE, terms)


def _short_term_conditions(search_text: sa.ColumnElement, terms: list[str]) -> list:
    short = [t for t in terms if not is_indexable(t)]
    return [search_text.like(like_pattern(t), escape="/") for t in short]


def contact_search_filter(
    search_text: sa.ColumnElement, contact_id: sa.ColumnElement, terms: list[str], dialect: str
) -> ColumnElement[bool] | None:
    """A condition on the contact table: every term is a substring of its
    search text. Terms of three characters or more go through the index (on
    SQLite, one MATCH of the FTS5 table for all of them)."""
    if not terms:
        return None
    if dialect != "sqlite" or not any(is_indexable(t) for t in terms):
        return sa.and_(*[search_text.like(like_pattern(t), escape="/") for t in terms])
    matching = select(_fts_table().c.rowid).where(_fts_match(terms))
    return sa.and_(contact_id.in_(matching), *_short_term_conditions(search_text, terms))


def _head_end(contact, filters: list, window: PageWindow) -> sa.ScalarSelect:
    """The sort key WALK_BUDGET entries past the page in the (filtered) list:
    how far a row-by-row walk of the list's head may go."""
    return (
        select(contact.list_sort_key)
        .where(*filters)
        .order_by(contact.list_sort_key)
        .offset(window.offset + window.page_size + WALK_BUDGET)
        .limit(1)
        .scalar_subquery()
    )


def _walk_the_list_head(
    session: Session, contact, terms: list[str], filters: list, window: PageWindow, upto: str
) -> list[int] | None:
    """The page among the first entries of the list (up to the key ``upto``),
    tested row by row; None when they don't hold a full page of matches."""
    walked = [
        *filters,
        contact.list_sort_key <= upto,
        *[contact.search_text.like(like_pattern(t), escape="/") for t in terms],
    ]
    if session.get_bind().dialect.name != "postgresql":
        query = select(contact.id).where(*walked).order_by(contact.list_sort_key)
        query = query.offset(window.offset).limit(window.page_size)
        ids = list(session.exec(query).all())
        return ids if len(ids) == window.page_size else None
    # Each of the two walk indexes in order, merged (their predicates are
    # repeated word for word, so that the planner can use them).
    parts = [
        select(contact.id, contact.list_sort_key)
        .where(*walked, sa.text(f"{_ENTRY_BYTES} {size} {WALK_ENTRY_BYTES}"))
        .order_by(contact.list_sort_key)
        .limit(window.offset + window.page_size)
        for size in ("<=", ">")
    ]
    merged = sa.union_all(*parts).subquery()
    query = select(merged.c.id).order_by(merged.c.list_sort_key)
    rows = session.execute(query.offset(window.offset).limit(window.page_size)).scalars()
    ids = list(rows)
    return ids if len(ids) == window.page_size else None


def sqlite_page_of_ids(
    session: Session, contact, terms: list[str], filters: list, page: int, page_size: int
) -> tuple[list[int], PageWindow]:
    """One page of the contacts matching ``terms`` (at least one of three
    characters or more) and ``filters``, in list order, on SQLite.

    SQLite's planner knows nothing of how many rows a MATCH finds, so the
    plan is chosen here, from a count of the index's matches (up to the
    count's window) and a first pass over them (in id order, so a sample
    unrelated to the list's order):
    - few matches (the window is exact): they are all here; sort them;
    - many: a sample of them bounds where the page ends in the list (its
      page-th smallest key). When the matches are spread along the list (a
      town, a postcode), the list's head, tested row by row up to that
      bound, holds the page;
    - else they cluster ("ferme": every farm sorts under F): look up the
      matches up to the bound, and sort them.
    Several words are looked for by some of their trigrams (the index finds
    them twice as fast), and the rows it finds are checked with LIKE, as
    are the terms too short for the index.
    The filters are wrapped in expressions where the MATCH must drive: used
    bare, SQLite would walk their index and probe the FTS table row by row."""
    fts = _fts_table()
    if sum(map(is_indexable, terms)) > 1:
        matched = trigram_index.fts_candidates(FTS_TABLE, terms)
        checks = [contact.search_text.like(like_pattern(t), escape="/") for t in terms]
    else:
        matched = _fts_match(terms)
        checks = _short_term_conditions(contact.search_text, terms)
    loose_filters = [sa.func.coalesce(f, False) for f in filters]

    def matches(*columns):
        return (
            select(*columns)
            .select_from(fts)
            .join(contact, contact.id == fts.c.rowid)
            .where(matched, *checks, *loose_filters)
        )

    connection = session.connection()

    def first_matches(limit: int) -> tuple[list[tuple[str, int]], int]:
        """The first ``limit`` matches in id order (the FTS index's own), as
        (key, id) pairs sorted by code point as SQLite compares, and the last
        id read. Core rather than the ORM: plain rows cost a third as much."""
        query = matches(contact.id, contact.list_sort_key).order_by(fts.c.rowid).limit(limit)
        pairs = [(key or "", id_) for id_, key in map(tuple, connection.execute(query).all())]
        last_id = pairs[-1][1] if pairs else 0
        return sorted(pairs), last_id

    def keyed(ids: list[int]) -> list[tuple[str, int]]:
        """(key, id) of those of ``ids`` that pass the filters, sorted; looked
        up by id (the ids go as one JSON parameter)."""
        listed = select(sa.column("value")).select_from(sa.func.json_each(json.dumps(ids)))
        query = select(contact.id, contact.list_sort_key).where(
            contact.id.in_(listed), *loose_filters
        )
        return sorted((key or "", id_) for id_, key in connection.execute(query).all())

    page = max(1, page)
    cap = paging.count_cap(page, page_size)
    if checks:
        # "More than the window" must hold of the rows that pass the checks:
        # the first pass reads matches up to the window, each checked.
        found, last_seen_id = first_matches(cap + 1)
        window = paging.window_for(len(found), page, page_size)
    else:
        # The index's matches, up to the count's window, read once (evaluating
        # a MATCH of frequent words is the costly part). Past the window, the
        # total shown is this lower bound ("plus de 1 000"), and a sample of
        # the matches is enough to plan the page.
        first_pass = select(fts.c.rowid).where(matched).order_by(fts.c.rowid).limit(cap + 1)
        index_ids = list(connection.execute(first_pass).scalars().all())
        if len(index_ids) <= cap:
            found = keyed(index_ids)
            window = paging.window_for(len(found), page, page_size)
        else:
            sample_ids = index_ids[: max(SAMPLE_SIZE, page * page_size)]
            found, last_seen_id = keyed(sample_ids), sample_ids[-1]
            window = PageWindow(page, page_size, cap, exact=False)
            if len(found) < page * page_size:  # filters, archived rows
                found, last_seen_id = first_matches(cap + 1)
                window = paging.window_for(len(found), page, page_size)
    if window.exact:
        return [id_ for _, id_ in found[window.offset : window.offset + page_size]], window
    # The sample holds at least a page past the offset: no match of the page
    # sorts after its page-th smallest key.
    bound = found[window.offset + page_size - 1][0]
    head_end = session.exec(select(_head_end(contact, filters, window))).one()
    upto = bound if head_end is None else min(bound, head_end)
    # No sampled match in the list's head: they cluster further down, and
    # walking the head would be wasted.
    if found[0][0] <= upto:
        ids = _walk_the_list_head(session, contact, terms, filters, window, upto)
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


def postgresql_page_of_ids(
    session: Session, contact, terms: list[str], filters: list, page: int, page_size: int
) -> tuple[list[int], PageWindow]:
    """The same plan as on SQLite, on PostgreSQL, chosen from an estimate of
    the matches made on a sample of the search texts (``search_estimate``:
    PostgreSQL's planner misjudges a trigram LIKE, and would either walk the
    whole list or sort tens of thousands of rows). The first pass reads at
    most a count's window of matches:
    - few: that pass counted and sorted them all, and gave the page (up to
      a few thousand estimated, it reads them all: one evaluation of the
      index instead of two);
    - many: its page-th smallest key bounds the page, which the list's head,
      walked up to that bound, holds when the matches are spread; else the
      matches up to the bound are sorted.
    Sorting is done by PostgreSQL (its collation orders the list)."""
    condition = contact_search_filter(contact.search_text, contact.id, terms, "postgresql")
    assert condition is not None  # called with terms only
    page = max(1, page)
    offset = (page - 1) * page_size
    cap = paging.count_cap(page, page_size)
    estimate = search_estimate.estimate_search(session, terms)
    spread = estimate.entries_to_walk(offset + page_size) <= WALK_FIRST_ENTRIES
    if estimate.matches > 1.5 * cap and spread:
        # A town, a surname: far more matches than the count's window, spread
        # along the list. Its head, walked row by row, holds the page; the
        # total shown is the estimate's lower bound ("plus de 1 000").
        window = PageWindow(page, page_size, cap, exact=False)
        head_end = session.exec(select(_head_end(contact, filters, window))).one()
        if head_end is not None:
            ids = _walk_the_list_head(session, contact, terms, filters, window, head_end)
            if ids is not None:
                return ids, window
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
    head_end = session.exec(select(_head_end(contact, filters, window))).one()
    upto = bound if head_end is None else min(bound, head_end)
    if (rows[0].list_sort_key or "") <= upto:  # else they cluster further down
        ids = _walk_the_list_head(session, contact, terms, filters, window, upto)
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


trigram_index.register_index(
    trigram_index.RegisteredIndex(
        table=table_of(Contact),
        install=install,
        optimize=optimize,
        object_names=(PG_INDEX, WALK_INDEX, WALK_LONG_INDEX),
        object_prefixes=(FTS_TABLE,),
    )
)
