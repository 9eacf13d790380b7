"""Paging for the big lists (contacts, interventions, documents).

Counting every match of a query over 100,000 rows on each keystroke costs
more than finding the page itself, so, as large CRMs do, the lists count at
most a window of rows past the current page: "1–25 sur plus de 1 000".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from crm_app.core.formatting import number_label

COUNT_WINDOW = 1000


@dataclass(frozen=True)
class PageWindow:
    page: int
    page_size: int
    total: int  # exact when ``exact``, else a lower bound
    exact: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def page_count(self) -> int:
        """Pages known to exist (one more may follow when the count is capped)."""
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count or not self.exact


class WindowedPage:
    """A page of a list with its ``window``: total, page and page count."""

    window: PageWindow

    @property
    def total(self) -> int:
        return self.window.total

    @property
    def page(self) -> int:
        return self.window.page

    @property
    def page_count(self) -> int:
        return self.window.page_count


def count_up_to(session: Session, query, limit: int) -> int:
    """How many rows ``query`` returns, counting no further than ``limit``."""
    return session.exec(select(func.count()).select_from(query.limit(limit).subquery())).one()


def count_cap(page: int, page_size: int) -> int:
    """How far the count of a list goes for this page: a window past its start."""
    return (max(1, page) - 1) * page_size + COUNT_WINDOW


def window_for(counted: int, page: int, page_size: int) -> PageWindow:
    """The page's window from a count made up to ``count_cap(...) + 1`` rows; the
    page moves back to the last one when the list is shorter."""
    page = max(1, page)
    cap = count_cap(page, page_size)
    exact = counted <= cap
    total = min(counted, cap)
    last_page = max(1, -(-total // page_size))
    if exact and page > last_page:
        page = last_page
    return PageWindow(page=page, page_size=page_size, total=total, exact=exact)


def page_window(session: Session, query, page: int, page_size: int) -> PageWindow:
    """The asked page (moved back to the last one when the list shrank), with
    the total counted up to COUNT_WINDOW rows past the page's start."""
    counted = count_up_to(session, query, count_cap(page, page_size) + 1)
    return window_for(counted, page, page_size)


def range_label(window: PageWindow, shown: int, noun_plural: str, empty: str) -> str:
    """ "26–50 sur 1 234 contacts" / "… sur plus de 1 000 contacts"."""
    if window.total == 0:
        return empty
    first = window.offset + 1
    last = first + shown - 1
    total = number_label(window.total)
    about = total if window.exact else f"plus de {total}"
    return f"{first}–{last} sur {about} {noun_plural}"
