"""The paging controls of every list."""

from __future__ import annotations

from typing import Literal

import reflex as rx


def pager(
    page,
    page_count,
    on_previous,
    on_next,
    *,
    size: Literal["1", "2", "3", "4"] = "2",
    ids: bool = False,
    has_next=None,
    total_exact=True,
):
    """Previous / "page n / m" / next: the paging controls of every list. With a
    capped count (``total_exact`` false) more pages may follow: "n / m+"."""
    return rx.fragment(
        rx.icon_button(
            rx.icon("chevron_left"),
            variant="soft",
            size=size,
            disabled=page <= 1,
            on_click=on_previous,
            aria_label="Page précédente",
            id="previous-page" if ids else None,
        ),
        rx.text(page, " / ", page_count, rx.cond(total_exact, "", "+"), size="2"),
        rx.icon_button(
            rx.icon("chevron_right"),
            variant="soft",
            size=size,
            disabled=page >= page_count if has_next is None else ~has_next,
            on_click=on_next,
            aria_label="Page suivante",
            id="next-page" if ids else None,
        ),
    )
