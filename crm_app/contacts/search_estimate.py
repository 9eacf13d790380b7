"""How many contacts a search will find, and how far down the list its
first page ends, on PostgreSQL, from a sample of the contacts kept in memory:
it chooses the search's plan (see ``search_index.postgresql_page_of_ids``).

PostgreSQL's own estimate of a trigram LIKE came from its statistics, and was
wrong by up to ~300 times for one word after an ANALYZE (« martin »: 20
estimated, 5,741 found) and ~10 times too low for several, so the same search
switched between a 2 ms and a 12 ms plan from one ANALYZE to the next; asking
it also cost a round trip and a planning (~0.6 ms). A random sample of a few
thousand texts counts every word and every combination of words to a few per
cent for the frequent ones, which are those the plan depends on, in about
0.1 ms; being in list order, it also tells whether the matches are spread
along the list (a town, a surname: its head holds the first page) or
cluster further down (« ferme »: every farm sorts under F). It is taken
again every ten minutes: it only chooses a plan, and any plan gives the
same page.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from crm_app.contacts.models import Contact
from crm_app.core.schema import table_of

SAMPLE_ROWS = 4000
REFRESH_SECONDS = 600.0
# How many of the first sampled matches measure how densely the matches
# start the list (fewer: one early match would say too much).
HEAD_MATCHES = 5
# Past this many sampled matches, the rest of the sample is not read: the
# plan does not change, and a word found in every text would cost ~3 ms.
ENOUGH_MATCHES = 400


@dataclass(frozen=True)
class SearchEstimate:
    matches: int  # about how many active contacts match
    # About how many entries of the list, from its head, hold one match.
    entries_per_match: float

    def entries_to_walk(self, rows: int) -> float:
        """About how far down the list its first ``rows`` matches end."""
        return self.entries_per_match * rows


@dataclass(frozen=True)
class _Sample:
    text: str  # the sampled search texts, in list order, one per line
    starts: list[int]  # where each text starts in ``text``
    contacts_per_row: float  # active contacts a sampled text stands for
    taken_at: float

    def end_of(self, row: int) -> int:
        return self.starts[row + 1] - 1 if row + 1 < len(self.starts) else len(self.text)

    def row(self, row: int) -> str:
        return self.text[self.starts[row] : self.end_of(row)]


_samples: dict[str, _Sample] = {}
_taking = threading.Lock()


def estimate_search(session: Session, terms: list[str]) -> SearchEstimate:
    """About how many active contacts hold every one of ``terms``, and how
    densely they start the list."""
    sample = _sample_of(session)
    # The longest term is looked for, the others only in the texts holding it.
    first, *others = sorted(terms, key=len, reverse=True) or [""]
    found: list[int] = []
    rows_read = len(sample.starts)
    for row in _rows_holding(sample, first):
        if all(term in sample.row(row) for term in others):
            found.append(row)
            if len(found) == ENOUGH_MATCHES:
                rows_read = row + 1
                break
    if not found or not first:
        return SearchEstimate(0, math.inf)
    # The sample is in list order: a row's index is its rank.
    head = found[:HEAD_MATCHES]
    share = len(found) / rows_read
    return SearchEstimate(
        matches=round(share * len(sample.starts) * sample.contacts_per_row),
        entries_per_match=(head[-1] + 1) / len(head),
    )


def forget_samples() -> None:
    """Take the samples again at the next search (tests, after a bulk load)."""
    _samples.clear()


def _rows_holding(sample: _Sample, term: str) -> Iterator[int]:
    """The sampled texts holding ``term``, in list order."""
    at = sample.text.find(term)
    while at >= 0:
        row = bisect.bisect_right(sample.starts, at) - 1
        yield row
        at = sample.text.find(term, sample.end_of(row))  # one hit per text is enough


def _sample_of(session: Session) -> _Sample:
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    sample = _samples.get(key)
    if sample is None or time.monotonic() - sample.taken_at > REFRESH_SECONDS:
        with _taking:
            sample = _samples.get(key)
            if sample is None or time.monotonic() - sample.taken_at > REFRESH_SECONDS:
                sample = _samples[key] = _take_sample(session)
    return sample


def _take_sample(session: Session) -> _Sample:
    """A random sample of the active contacts' search texts, in list order
    (each row kept with the same chance: PostgreSQL's BERNOULLI sampling
    reads every page, about 30 ms for 200,000 contacts, once in ten minutes)."""
    contact = table_of(Contact)
    active = contact.c.active == sa.true()
    total = session.execute(sa.select(sa.func.count()).select_from(contact).where(active))
    active_count = int(total.scalar_one())
    percent = min(100.0, 100.0 * SAMPLE_ROWS / max(1, active_count))
    sampled = sa.tablesample(contact, sa.func.bernoulli(percent))
    query = (
        sa.select(sampled.c.search_text)
        .where(sampled.c.active == sa.true())
        .order_by(sampled.c.list_sort_key)
    )
    texts = [t or "" for t in session.execute(query).scalars()]
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    return _Sample(
        text="\n".join(texts),
        starts=starts,
        contacts_per_row=active_count / len(texts) if texts else 0.0,
        taken_at=time.monotonic(),
    )
