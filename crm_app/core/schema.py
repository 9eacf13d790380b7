"""Typed access to what SQLModel declares untyped."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import sqlalchemy as sa
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> sa.Table:
    """The model's table (SQLModel sets ``__table__`` without a type)."""
    return cast(sa.Table, model.__table__)  # pyright: ignore[reportAttributeAccessIssue]


class SavedRow:
    """For table models: ``saved_id``, the id of a row read from (or flushed
    to) the database, where a plain ``int`` is needed."""

    if TYPE_CHECKING:  # declared by the table model itself
        id: int | None

    @property
    def saved_id(self) -> int:
        if self.id is None:
            raise ValueError(f"{type(self).__name__} not saved yet")
        return self.id

