"""The scan of the whole base for probable duplicates, without comparing
every pair: contacts are put in blocks (same exact key; same postcode or town
and a name word's first letters) and only the pairs of a block are compared,
names first in bulk (rapidfuzz's cdist), then by the full rules."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from sqlmodel import Session, col

from crm_app.contacts.models import AddressType, Contact
from crm_app.duplicates.matching import (
    NAME_THRESHOLD,
    ContactKeys,
    Likeness,
    exact_keys,
    keys_of,
    likeness,
)

KEY_COLUMNS = (
    "id", "parent_id", "name", "email", "phone", "mobile", "company_registry", "vat",
    "internal_reference", "zip", "city", "street",
)  # fmt: skip
# A key shared by more contacts than this (a switchboard number, « contact@ »
# of a franchise) tells nothing: its block is skipped.
MAX_EXACT_BLOCK = 50
# Letters of a name word that put two contacts of one place in a block.
BLOCK_PREFIX = 4


@dataclass(frozen=True)
class FoundPair:
    first_id: int
    second_id: int
    likeness: Likeness


def scanned_contacts(session: Session) -> Iterable[ContactKeys]:
    """The keys of every contact a duplicate may be: active, not erased, a
    main contact or a person under one (not its other addresses)."""
    columns = [getattr(Contact, name) for name in KEY_COLUMNS]
    person_under = sa.and_(
        col(Contact.address_type) == AddressType.CONTACT.value, col(Contact.name) != ""
    )
    query = sa.select(*columns).where(
        col(Contact.active).is_(True),
        col(Contact.erased_at).is_(None),
        sa.or_(col(Contact.parent_id).is_(None), person_under),
    )
    for row in session.execute(query.execution_options(yield_per=5000)).mappings():
        yield keys_of(row)


def name_blocks(keys: ContactKeys) -> set[tuple[str, str]]:
    """The blocks a contact's name is compared in: its postcode or its town,
    with the first letters of one of its name's words."""
    places = [p for p in (f"z{keys.zip}" if keys.zip else "", f"c{keys.city}") if len(p) > 1]
    return {(place, word[:BLOCK_PREFIX]) for word in keys.name.split() for place in places}


def _blocks(contacts: list[ContactKeys]) -> tuple[list[list[int]], list[list[int]]]:
    exact: dict[tuple[str, str], list[int]] = defaultdict(list)
    named: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, keys in enumerate(contacts):
        for key in exact_keys(keys):
            exact[key].append(index)
        for block in name_blocks(keys):
            named[block].append(index)
    exact_blocks = [b for b in exact.values() if 1 < len(b) <= MAX_EXACT_BLOCK]
    return exact_blocks, [b for b in named.values() if len(b) > 1]


def _similar_names(contacts: list[ContactKeys], block: list[int]) -> Iterable[tuple[int, int]]:
    names = [contacts[i].name for i in block]
    scores = cdist(names, names, scorer=fuzz.ratio, score_cutoff=NAME_THRESHOLD, dtype=np.uint8)
    firsts, seconds = np.nonzero(np.triu(scores, k=1))
    for first, second in zip(firsts.tolist(), seconds.tolist(), strict=True):
        yield block[first], block[second]


def find_pairs(contacts: list[ContactKeys]) -> list[FoundPair]:
    """The probable duplicate pairs among ``contacts``, best first."""
    exact_blocks, name_blocks = _blocks(contacts)
    candidates: set[tuple[int, int]] = set()
    for block in exact_blocks:
        candidates.update((a, b) for i, a in enumerate(block) for b in block[i + 1 :])
    for block in name_blocks:
        candidates.update(_similar_names(contacts, block))
    found = []
    for a, b in candidates:
        result = likeness(contacts[a], contacts[b])
        if result is not None:
            first, second = sorted((contacts[a].id, contacts[b].id))
            found.append(FoundPair(first, second, result))
    found = list({(p.first_id, p.second_id): p for p in found}.values())
    found.sort(key=lambda p: (-p.likeness.score, p.first_id, p.second_id))
    return found


@dataclass(frozen=True)
class ScanResult:
    contacts: int
    pairs: list[FoundPair]
    seconds: float


def scan(session: Session) -> ScanResult:
    started = time.perf_counter()
    contacts = list(scanned_contacts(session))
    pairs = find_pairs(contacts)
    return ScanResult(len(contacts), pairs, time.perf_counter() - started)
