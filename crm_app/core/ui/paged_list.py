"""What a paged list shows of its page window (see crm_app/paging.py): the
same vars for every list, filled in one place."""

from __future__ import annotations

import reflex as rx

from crm_app.core import paging


class PagedListMixin(rx.State, mixin=True):
    page: int = 1
    total: int = 0
    total_exact: bool = True  # else ``total`` is a lower bound (capped count)
    page_count: int = 1
    has_next: bool = False
    range_label: str = ""

    def _show_window(
        self, window: paging.PageWindow, shown: int, noun_plural: str, empty: str
    ) -> None:
        self.page, self.page_count, self.has_next = window.page, window.page_count, window.has_next
        self.total, self.total_exact = window.total, window.exact
        self.range_label = paging.range_label(window, shown, noun_plural, empty)
