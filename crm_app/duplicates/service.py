"""Duplicates: scanning the base and keeping its pairs, the « Doublons » list
(paged in SQL), « Pas un doublon », and the likely matches of a contact being
typed or imported. The rules themselves are in ``matching.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from crm_app.contacts import search
from crm_app.contacts import service as contacts
from crm_app.contacts.models import Contact
from crm_app.core import validators
from crm_app.core.clock import utcnow
from crm_app.core.errors import FieldError
from crm_app.core.formatting import datetime_label, phone_label
from crm_app.core.paging import PageWindow, page_window
from crm_app.duplicates.index import DuplicateIndex
from crm_app.duplicates.matching import ContactKeys, Likeness, exact_keys, keys_of, likeness
from crm_app.duplicates.models import DuplicatePair, DuplicateScan, NotDuplicate
from crm_app.duplicates.scan import KEY_COLUMNS, scan, scanned_contacts

PAGE_SIZE = 20
INSERT_BATCH = 2000
# Contacts looked at for one contact's matches (exact keys, then its name's town).
CANDIDATE_LIMIT = 40


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def index_of_base(session: Session) -> DuplicateIndex:
    """Every contact a newcomer may duplicate, in memory (an import checks each
    of its rows against it, and adds the rows it creates)."""
    return DuplicateIndex(scanned_contacts(session))


def run_scan(session: Session, *, user_id: int | None) -> DuplicateScan:
    """Scan the base and replace the pairs of the last scan; pairs said not
    to be duplicates are left out. The caller commits."""
    started = utcnow()
    result = scan(session)
    dismissed = set(session.execute(select(NotDuplicate.first_id, NotDuplicate.second_id)).all())
    rows = [
        {
            "first_id": pair.first_id,
            "second_id": pair.second_id,
            "score": pair.likeness.score,
            "reasons": pair.likeness.reason_text[:300],
        }
        for pair in result.pairs
        if (pair.first_id, pair.second_id) not in dismissed
    ]
    session.execute(sa.delete(DuplicatePair))
    for start in range(0, len(rows), INSERT_BATCH):
        session.execute(sa.insert(DuplicatePair), rows[start : start + INSERT_BATCH])
    record = DuplicateScan(
        started_at=started,
        finished_at=utcnow(),
        user_id=user_id,
        contacts_scanned=result.contacts,
        pairs_found=len(rows),
        seconds=round(result.seconds, 1),
    )
    session.add(record)
    session.flush()
    return record


def last_scan(session: Session) -> DuplicateScan | None:
    return session.exec(
        select(DuplicateScan)
        .where(DuplicateScan.finished_at != None)  # noqa: E711
        .order_by(col(DuplicateScan.id).desc())
    ).first()


def last_scan_label(session: Session) -> str:
    done = last_scan(session)
    if done is None:
        return "La base n'a pas encore été analysée."
    return (
        f"Dernière analyse : {datetime_label(done.finished_at)}, "
        f"{done.contacts_scanned} contacts comparés en {done.seconds:.0f} s."
    )


@dataclass(frozen=True)
class PairSide:
    id: int
    name: str
    details: str


@dataclass(frozen=True)
class PairRow:
    first: PairSide
    second: PairSide
    score: int
    reasons: str


def _side(contact: Contact) -> PairSide:
    town = " ".join(p for p in (contact.zip, contact.city) if p)
    details = " · ".join(
        p for p in (contact.email, phone_label(contact.phone or contact.mobile), town) if p
    )
    return PairSide(contact.id or 0, contact.display_name, details)


def pairs_page(session: Session, page: int = 1) -> tuple[list[PairRow], PageWindow]:
    """One page of the pairs still to look at, best first: both contacts
    still active, not said to be different since the scan."""
    first, second = aliased(Contact), aliased(Contact)
    dismissed = select(NotDuplicate.id).where(
        NotDuplicate.first_id == DuplicatePair.first_id,
        NotDuplicate.second_id == DuplicatePair.second_id,
    )
    query = (
        select(DuplicatePair, first, second)
        .join(first, col(first.id) == col(DuplicatePair.first_id))
        .join(second, col(second.id) == col(DuplicatePair.second_id))
        .where(col(first.active).is_(True), col(second.active).is_(True), ~dismissed.exists())
    )
    counted = query.with_only_columns(col(DuplicatePair.id))
    window = page_window(session, counted, page, PAGE_SIZE)
    ordered = query.order_by(col(DuplicatePair.score).desc(), col(DuplicatePair.id))
    rows = session.execute(ordered.offset(window.offset).limit(PAGE_SIZE)).all()
    return [PairRow(_side(a), _side(b), pair.score, pair.reasons) for pair, a, b in rows], window


def dismiss_pair(session: Session, first_id: int, second_id: int, *, user_id: int | None) -> None:
    """« Pas un doublon »: remembered, the pair is never proposed again."""
    low, high = _ordered(int(first_id), int(second_id))
    exists = session.exec(
        select(NotDuplicate).where(NotDuplicate.first_id == low, NotDuplicate.second_id == high)
    ).first()
    if exists is None:
        session.add(NotDuplicate(first_id=low, second_id=high, user_id=user_id))
    session.execute(
        sa.delete(DuplicatePair).where(
            col(DuplicatePair.first_id) == low, col(DuplicatePair.second_id) == high
        )
    )
    session.flush()


@dataclass(frozen=True)
class Match:
    id: int
    name: str
    details: str
    likeness: Likeness


def _candidates(session: Session, keys: ContactKeys) -> list[Contact]:
    """Contacts worth comparing with ``keys``, found through the search index:
    those whose search text holds one of its exact keys (e-mail, phone
    digits, VAT number, reference), and those of its place whose name holds
    its longest name word."""
    active = col(Contact.active).is_(True)
    found: dict[int, Contact] = {}

    def add(text: str, *conditions: sa.ColumnElement[bool]) -> None:
        condition = search.contact_text_condition(session, text)
        if condition is None:
            return
        query = select(Contact).where(active, condition, *conditions).limit(CANDIDATE_LIMIT)
        for contact in session.exec(query).all():
            found[contact.id or 0] = contact

    for kind, value in exact_keys(keys):
        if kind == "siret":  # not in the search text
            query = select(Contact).where(active, col(Contact.company_registry) == value)
            found.update((c.id or 0, c) for c in session.exec(query.limit(CANDIDATE_LIMIT)))
        else:
            add(value.lstrip("+"))
    words = sorted(keys.name.split(), key=len, reverse=True)
    if words and keys.zip:
        add(words[0], col(Contact.zip) == keys.zip)
    if words and keys.city:  # the town is in the search text
        add(f"{words[0]} {keys.city}")
    return list(found.values())


# What the quick-create and address dialogs let a user type, compared as stored.
TYPED_FIELDS = ("name", "email", "phone", "mobile", "zip", "city", "street")


def _stored_form(field: str, raw: object) -> object:
    """A typed value as it would be stored, or as typed when it is not valid
    yet (a half-typed phone is no key)."""
    try:
        if field == "email":
            return validators.email(raw)
        if field in ("phone", "mobile"):
            return validators.phone(raw)
    except FieldError:
        return None
    return validators.clean_text(raw)


@dataclass
class DuplicateHint:
    """A likely duplicate as a form shows it (« Ce contact existe peut-être déjà »)."""

    id: int
    name: str
    details: str
    reasons: str


def hints_for_typed(
    session: Session,
    typed: Mapping[str, object],
    *,
    exclude_id: int | None = None,
    parent_id: int | None = None,
) -> list[DuplicateHint]:
    """The likely duplicates of what is being typed in a contact form."""
    values: dict[str, object] = {f: _stored_form(f, typed.get(f)) for f in TYPED_FIELDS}
    values.update(id=exclude_id, parent_id=parent_id)
    has_key = any(values[f] for f in ("email", "phone", "mobile"))
    if len(str(values["name"] or "")) < 3 and not has_key:
        return []
    return _hints(matches_for(session, values))


def hints_for_contact(session: Session, contact_id: int) -> list[DuplicateHint]:
    """The likely duplicates of a stored contact (« Doublons de cette fiche »)."""
    contact = contacts.get_contact(session, contact_id)
    values = {field: getattr(contact, field) for field in KEY_COLUMNS}
    return _hints(matches_for(session, values, limit=10))


def _hints(matches: list[Match]) -> list[DuplicateHint]:
    return [DuplicateHint(m.id, m.name, m.details, m.likeness.reason_text) for m in matches]


def matches_for(session: Session, values: Mapping[str, object], *, limit: int = 5) -> list[Match]:
    """The contacts a contact with these ``values`` (stored form: e-mail
    normalised, phones E.164; ``id`` and ``parent_id`` when it exists) is
    probably a duplicate of, best first."""
    keys = keys_of({field: values.get(field) for field in KEY_COLUMNS})
    matches = []
    for contact in _candidates(session, keys):
        other = keys_of({field: getattr(contact, field) for field in KEY_COLUMNS})
        result = likeness(keys, other)
        if result is not None:
            side = _side(contact)
            matches.append(Match(side.id, side.name, side.details, result))
    matches.sort(key=lambda m: (-m.likeness.score, m.name))
    return matches[:limit]
