"""The trigram index behind the Planning search, on SQLite and on PostgreSQL.

``intervention.search_text`` holds the normalised label (lower case, no
accents: « Chaudière » is found by « chaudiere »), computed by a session hook
whenever an intervention is written through the ORM (bulk SQL writers, such
as the RGPD erasure and the synthetic dataset, use ``search_text_for``). As for the contacts
(``crm_app/contacts/search_index.py``):

- SQLite: an FTS5 table with the trigram tokenizer whose content is the
  ``intervention`` table itself; triggers keep it in step with every write;
- PostgreSQL: a pg_trgm GIN index, which serves ``LIKE '%term%'`` directly.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from crm_app.core import trigram_index
from crm_app.core.schema import table_of
from crm_app.core.text import normalize
from crm_app.interventions.models import Intervention

SEARCH_TEXT_LENGTH = 400
FTS_TABLE = "intervention_search"
PG_INDEX = "ix_intervention_search_text_trgm"

SQLITE_DDL = trigram_index.sqlite_ddl("intervention", FTS_TABLE)
POSTGRESQL_DDL = trigram_index.postgresql_ddl("intervention", PG_INDEX)


def search_text_for(label: str | None) -> str:
    """What the Planning search compares a label with: the one rule, used by
    every writer of a label (forms, RGPD erasure, bulk datasets)."""
    return normalize(label)[:SEARCH_TEXT_LENGTH]


def optimize(connection: sa.Connection) -> None:
    trigram_index.optimize(connection, FTS_TABLE, PG_INDEX)


def install(connection: sa.Connection) -> None:
    """Create the index for this database (idempotent)."""
    ddl = {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL}.get(connection.dialect.name, ())
    for statement in ddl:
        connection.exec_driver_sql(statement)


trigram_index.register_index(
    trigram_index.RegisteredIndex(
        table=table_of(Intervention),
        install=install,
        optimize=optimize,
        object_names=(PG_INDEX,),
        object_prefixes=(FTS_TABLE,),
    )
)


@event.listens_for(OrmSession, "before_flush")
def _label_search_text(session: OrmSession, _context, _instances) -> None:
    for row in (*session.new, *session.dirty):
        if isinstance(row, Intervention):
            row.search_text = search_text_for(row.label)
