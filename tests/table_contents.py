"""The whole content of the database, to prove that a call changed nothing.

``table_rows`` reads every table of the app's metadata, row by row in primary
key order; ``table_checksums`` hashes each table's rows, so that comparing two
snapshots catches an UPDATE of one field as surely as an INSERT or a DELETE
(and a failing comparison names the tables that changed).

Both read what is committed, through a connection of their own: the test's
session and the app's own sessions (the State handlers') are seen alike.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from sqlmodel import Session, SQLModel


def table_rows(session: Session, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table (but ``skip``) -> its rows, each a tuple of every column's
    value, ordered by primary key."""
    contents: dict[str, list[tuple]] = {}
    with session.get_bind().connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in skip:
                continue
            query = sa.select(table).order_by(*table.primary_key.columns)
            contents[table.name] = [tuple(row) for row in connection.execute(query)]
    return contents


def table_checksums(session: Session, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every table (but ``skip``) -> a SHA-256 of its column names and rows."""
    checksums = {}
    for name, rows in table_rows(session, skip=skip).items():
        columns = [column.name for column in SQLModel.metadata.tables[name].columns]
        digest = hashlib.sha256(repr(columns).encode())
        for row in rows:
            digest.update(repr(row).encode())
            digest.update(b"\n")
        checksums[name] = digest.hexdigest()
    return checksums
