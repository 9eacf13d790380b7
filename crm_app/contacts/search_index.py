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

How a page of a search is found in it: ``search_sqlite`` and
``search_postgresql``; what they share (walking the head of the list) is here.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from crm_app.contacts import search_estimate
from crm_app.contacts.models import Contact
from crm_app.core import paging, trigram_index
from crm_app.core.paging import PageWindow
from crm_app.core.schema import table_of
from crm_app.core.trigram_index import is_indexable, like_pattern

# The page is looked for first by walking the list's head when its estimated
# end is within this many entries (~0.4 µs each, read from the walk index;
# the first pass costs ~3 ms for a thousand matches).
WALK_FIRST_ENTRIES = 5000
# How many list entries past the page a walk of the list's head tests, row
# by row, before the matches are looked up and sorted instead.
WALK_BUDGET = 5000
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


def fts_table() -> sa.TableClause:
    return trigram_index.fts_table(FTS_TABLE)


def fts_match(terms: list[str]) -> ColumnElement[bool]:
    return trigram_index.fts_match(FTS_TABLE, terms)


def short_term_conditions(search_text: sa.ColumnElement, terms: list[str]) -> list:
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
    matching = select(fts_table().c.rowid).where(fts_match(terms))
    return sa.and_(contact_id.in_(matching), *short_term_conditions(search_text, terms))


def head_end_key(contact, filters: list, window: PageWindow) -> sa.ScalarSelect:
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


def walk_the_list_head(
    session: Session, contact, terms: list[str], filters: list, window: PageWindow, upto: str
) -> list[int] | None:
    """The page among the first entries of the list (up to the key ``upto``),
    tested row by row; None when they don't hold a full page of matches."""
    if session.get_bind().dialect.name != "postgresql":
        likes = [contact.search_text.like(like_pattern(t), escape="/") for t in terms]
        query = select(contact.id).where(*filters, contact.list_sort_key <= upto, *likes)
        query = query.order_by(contact.list_sort_key)
        query = query.offset(window.offset).limit(window.page_size)
        ids = list(session.exec(query).all())
        return ids if len(ids) == window.page_size else None
    # Each of the two walk indexes in order, merged (their predicates are
    # repeated word for word, so that the planner can use them). strpos()
    # rather than LIKE: the planner, misjudging a LIKE as rare, would read
    # every match through the GIN index and sort them.
    walked = [
        *filters,
        contact.list_sort_key <= upto,
        *[sa.func.strpos(contact.search_text, t) > 0 for t in terms],
    ]
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


def walk_first(
    session: Session,
    contact,
    terms: list[str],
    filters: list,
    page: int,
    page_size: int,
    estimate: search_estimate.SearchEstimate,
) -> tuple[list[int], PageWindow] | None:
    """The page from the list's head, when the estimate says the matches are
    far more than the count's window (half as many again: it may be off)
    and spread along the list (a town, a surname), so that its first
    entries hold the page; the total shown is then the window's ("plus de
    1 000"). None when they are not, or when the walk fell short."""
    window = PageWindow(page, page_size, paging.count_cap(page, page_size), exact=False)
    many = estimate.matches > 1.5 * window.total
    spread = estimate.entries_to_walk(window.offset + window.page_size) <= WALK_FIRST_ENTRIES
    if not (many and spread):
        return None
    head_end = session.exec(select(head_end_key(contact, filters, window))).one()
    if head_end is None:
        return None
    ids = walk_the_list_head(session, contact, terms, filters, window, head_end)
    return None if ids is None else (ids, window)


trigram_index.register_index(
    trigram_index.RegisteredIndex(
        table=table_of(Contact),
        install=install,
        optimize=optimize,
        object_names=(PG_INDEX, WALK_INDEX, WALK_LONG_INDEX),
        object_prefixes=(FTS_TABLE,),
    )
)
