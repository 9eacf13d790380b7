"""Which tables the journal follows, and how their entries read.

A domain declares its table once, in its models module, through
``audit.hooks.journal_changes_of``; the flush hook (``audit.hooks``) writes
entries for it and the reader (``audit.presentation``) shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from crm_app.core.schema import table_of


@dataclass(frozen=True)
class JournaledModel:
    object_type: str  # as the journal names it (audit.service.OBJECT_LABELS)
    # The main contact whose journal shows the entry, read on the flush's connection.
    main_contact_id: Callable[[sa.Connection, Any], int | None]
    table: sa.Table | None = None
    # French label of every field the reader may see; the others are bookkeeping.
    labels: Mapping[str, str] = field(default_factory=dict)
    # French label of each stored code, for the fields holding a choice.
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


_BY_MODEL: dict[type, JournaledModel] = {}
_BY_OBJECT_TYPE: dict[str, JournaledModel] = {}


def register(
    model: type[SQLModel],
    object_type: str,
    main_contact_id: Callable[[sa.Connection, Any], int | None],
    *,
    labels: Mapping[str, str] | None = None,
    choices: Mapping[str, Mapping[Any, str]] | None = None,
) -> None:
    """Journal every change of ``model`` (``audit.hooks.journal_changes_of``).
    ``labels`` names, in French, the fields the reader sees (the others are
    bookkeeping and stay hidden); ``choices`` gives the French label of each
    stored code of a field."""
    journaled = JournaledModel(
        object_type,
        main_contact_id,
        table_of(model),
        dict(labels or {}),
        {name: {str(k): v for k, v in values.items()} for name, values in (choices or {}).items()},
    )
    _BY_MODEL[model] = journaled
    _BY_OBJECT_TYPE[object_type] = journaled


def for_model(model: type) -> JournaledModel | None:
    return _BY_MODEL.get(model)


def journaled_model(object_type: str) -> JournaledModel | None:
    return _BY_OBJECT_TYPE.get(object_type)
