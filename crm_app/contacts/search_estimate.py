"""How many contacts a search will find, and how far down the list its
first page ends, from a sample of the contacts kept in memory: it chooses the
search's plan (see ``search_index``).

SQLite has no estimate of its own; PostgreSQL's, from its statistics, was
wrong by up to ~300 times for one word after an ANALYZE (« martin »: 20
estimated, 5,741 found) and ~10 times too low for several, so the same search
switched between a 2 ms and a 12 ms plan from one ANALYZE to the next; asking
it also cost a round trip and a planning (~0.6 ms). A sample of a few
thousand texts (every n-th contact) counts every word and every combination
of words to ~10 % for the frequent ones, which are those the plan depends
on, in 0.1 to 1 ms. Being in list order, it also tells whether the matches
are spread along the list (a town, a surname: its head holds the first page)
or cluster further down (« ferme »: every farm sorts under F); and it tells
which trigrams are rare (SQLite looks several words up by those). It is
taken again every ten minutes: it only chooses a plan, and any plan gives
the same page.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from crm_app.contacts.models import Contact
from crm_app.core.schema import table_of
from crm_app.core.trigram_index import trigrams

SAMPLE_ROWS = 4000
REFRESH_SECONDS = 600.0
# The first sampled matches kept to tell how far down the list a page
# ends; at least HEAD_MATCHES_USED of them are used (fewer: one early match
# would say too much).
HEAD_MATCHES = 10
HEAD_MATCHES_USED = 5
# Past this many sampled matches, the rest of the sample is not read: the
# plan does not change, and a word found in every text would cost ~3 ms.
ENOUGH_MATCHES = 400


@dataclass(frozen=True)
class SearchEstimate:
    matches: int  # about how many active contacts match
    head_ranks: tuple[int, ...]  # the first sampled matches' ranks in the sample
    contacts_per_row: float  # list entries (and matches) a sampled row stands for

    def entries_to_walk(self, rows: int) -> float:
        """About how far down the list its first ``rows`` matches end: the
        sampled match standing for the rows-th match (each stands for
        ``contacts_per_row`` of them) is that far down, in proportion."""
        if not self.head_ranks:
            return math.inf
        wanted = max(HEAD_MATCHES_USED, math.ceil(rows / max(self.contacts_per_row, 1e-9)))
        used = min(len(self.head_ranks), wanted)
        return (self.head_ranks[used - 1] + 1) * rows / used


@dataclass(frozen=True)
class _Sample:
    text: str  # the sampled search texts, in list order, one per line
    starts: list[int]  # where each text starts in ``text``
    contacts_per_row: float  # active contacts a sampled text stands for
    taken_at: float
    trigrams: Counter[str]  # how often each trigram occurs in the sample

    def end_of(self, row: int) -> int:
        return self.starts[row + 1] - 1 if row + 1 < len(self.starts) else len(self.text)

    def row(self, row: int) -> str:
        return self.text[self.starts[row] : self.end_of(row)]

    def rarity(self, term: str) -> float:
        """How often the rarest trigram of ``term`` occurs (short terms last)."""
        return min((self.trigrams.get(g, 0) for g in trigrams(term)), default=math.inf)


_samples: dict[str, _Sample] = {}
_taking = threading.Lock()


def estimate_search(session: Session, terms: list[str]) -> SearchEstimate:
    """About how many active contacts hold every one of ``terms``, and how
    densely they start the list."""
    sample = _sample_of(session)
    if not all(terms) or not terms:
        return SearchEstimate(0, (), sample.contacts_per_row)
    # The rarest term is looked for, the others only in the texts holding it.
    first, *others = sorted(terms, key=sample.rarity)
    found: list[int] = []
    rows_read = len(sample.starts)
    for row in _rows_holding(sample, first):
        if all(term in sample.row(row) for term in others):
            found.append(row)
            if len(found) == ENOUGH_MATCHES:
                rows_read = row + 1
                break
    if not found:
        return SearchEstimate(0, (), sample.contacts_per_row)
    share = len(found) / rows_read
    return SearchEstimate(
        matches=round(share * len(sample.starts) * sample.contacts_per_row),
        # The sample is in list order: a row's index is its rank.
        head_ranks=tuple(found[:HEAD_MATCHES]),
        contacts_per_row=sample.contacts_per_row,
    )


def trigram_frequency(session: Session) -> Callable[[str], int]:
    """How often a trigram occurs in the sample (0: rare, or never seen)."""
    trigrams = _sample_of(session).trigrams
    return lambda gram: trigrams.get(gram, 0)


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
    """Every n-th active contact's search text (by id, unrelated to what it
    holds), in list order: the same sample for the same contacts, so that a
    search's plan does not change from one process to the next (every row
    is read: about 50 ms for 200,000 contacts, once in ten minutes)."""
    contact = table_of(Contact)
    active = contact.c.active == sa.true()
    total = session.execute(sa.select(sa.func.count()).select_from(contact).where(active))
    active_count = int(total.scalar_one())
    step = max(1, active_count // SAMPLE_ROWS)
    query = sa.select(contact.c.search_text).where(active, contact.c.id % step == 0)
    query = query.order_by(contact.c.list_sort_key)
    texts = [t or "" for t in session.execute(query).scalars()]
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    text = "\n".join(texts)
    return _Sample(
        text=text,
        trigrams=Counter(map("".join, zip(text, text[1:], text[2:], strict=False))),
        starts=starts,
        contacts_per_row=active_count / len(texts) if texts else 0.0,
        taken_at=time.monotonic(),
    )
