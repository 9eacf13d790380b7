"""The table of every list: header cells, then one row per item of a Var list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import reflex as rx


def list_table(
    header_cells: Sequence[rx.Component],
    rows: Any,
    row_view: Callable[[Any], rx.Component],
    *,
    size: Literal["1", "2", "3"] = "2",
) -> rx.Component:
    """``header_cells`` are ``rx.table.column_header_cell``s (responsive ones
    keep their ``display``); ``rows`` a Var list, drawn by ``row_view``."""
    return rx.table.root(
        rx.table.header(rx.table.row(*header_cells)),
        rx.table.body(rx.foreach(rows, row_view)),
        variant="ghost",
        size=size,
        width="100%",
    )
