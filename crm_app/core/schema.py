"""Typed access to what SQLModel declares untyped."""

from __future__ import annotations

from typing import cast

import sqlalchemy as sa
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> sa.Table:
    """The model's table (SQLModel sets ``__table__`` without a type)."""
    return cast(sa.Table, model.__table__)  # pyright: ignore[reportAttributeAccessIssue]
