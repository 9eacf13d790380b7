"""When two contacts are probably the same customer, and why.

One set of rules for every place that looks for duplicates: the scan of the
whole base (« Doublons »), the import's checks, and the warning shown while a
new contact is typed.

- exact: the same e-mail (case aside), phone or mobile (E.164, whatever
  format was typed), SIRET, VAT number or internal reference;
- probable: names alike once normalised (accents, case, civilities, legal
  forms, punctuation and word order aside; rapidfuzz) at the same postcode,
  or in the same town, unless both have a street and the streets differ
  (namesakes of one town, each at home).
Two contacts whose e-mails differ and whose phones differ, none of them
shared, are homonyms rather than duplicates: they are not proposed.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from crm_app.core.text import plain_words

# Words that say nothing of who a contact is.
CIVILITIES = {
    "m", "mr", "monsieur", "mme", "madame", "mlle", "mademoiselle", "dr", "docteur",
    "me", "maitre", "pr", "professeur", "mm", "messieurs", "mesdames",
}  # fmt: skip
LEGAL_FORMS = {
    "sarl", "sas", "sasu", "eurl", "sci", "earl", "sa", "snc", "gaec", "scea", "scp",
    "selarl", "sel", "scm", "ei", "eirl", "micro", "entreprise", "ste", "societe", "ets",
    "etablissements", "cie", "et",
}  # fmt: skip
# Names at least this alike (0–100, word order aside) with the same place are probable.
NAME_THRESHOLD = 88
# A probable pair's score: the name's likeness, plus this when the street matches too.
STREET_BONUS = 5
EXACT_SCORE = 100

STREET_THRESHOLD = 85
INCLUDED_NAME_SCORE = 90

_DIGITS = re.compile(r"\d+")


# Slots, and the phones as a sorted tuple: an import holds the keys of the
# whole base (100,000 contacts: 52 MB less than with a dict and a frozenset).
@dataclass(frozen=True, slots=True)
class ContactKeys:
    """What the rules compare of a contact (built from a row or a form)."""

    id: int
    family_id: int  # the main contact's id (its own for a main contact)
    name: str  # normalised: see name_key
    email: str
    phones: tuple[str, ...]  # distinct, sorted
    registry: str
    vat: str
    reference: str
    zip: str
    city: str
    street: str


@dataclass(frozen=True)
class Likeness:
    score: int
    reasons: tuple[str, ...]

    @property
    def reason_text(self) -> str:
        return " · ".join(self.reasons)


def name_key(name: str | None) -> str:
    """The name as compared: lower case, no accents, no punctuation, no
    civility nor legal form, words sorted (« SARL Le Goff » = « le goff »)."""
    words = plain_words(name)
    kept = [w for w in words if w not in CIVILITIES and w not in LEGAL_FORMS]
    return " ".join(sorted(kept or words))


@functools.lru_cache(maxsize=65_536)  # towns and streets repeat across a base
def place_key(text: str | None) -> str:
    return " ".join(plain_words(text))


def keys_of(row: Mapping[Any, Any]) -> ContactKeys:
    """The keys of a contact given as a mapping of its columns (stored values:
    e-mail normalised, phones in E.164)."""

    def text(field: str) -> str:
        return str(row.get(field) or "").strip()

    contact_id = int(row.get("id") or 0)
    return ContactKeys(
        id=contact_id,
        family_id=int(row.get("parent_id") or contact_id),
        name=name_key(text("name")),
        email=text("email").casefold(),
        phones=tuple(sorted({p for p in (text("phone"), text("mobile")) if p})),
        registry=text("company_registry").replace(" ", ""),
        vat=text("vat").replace(" ", "").upper(),
        reference=text("internal_reference").casefold(),
        zip=sys.intern(text("zip").replace(" ", "")),  # shared by a town's contacts
        city=place_key(text("city")),
        street=place_key(text("street")),
    )


def exact_keys(keys: ContactKeys) -> list[tuple[str, str]]:
    """(kind, value) pairs that identify a contact on their own."""
    found = [("email", keys.email)] if keys.email else []
    found += [("phone", p) for p in keys.phones]
    for kind, value in (("siret", keys.registry), ("vat", keys.vat), ("ref", keys.reference)):
        if value and (kind != "siret" or len(value) == 14):
            found.append((kind, value))
    return found


EXACT_REASONS = {
    "email": "même e-mail",
    "phone": "même téléphone",
    "siret": "même SIRET",
    "vat": "même n° de TVA",
    "ref": "même référence",
}


def _conflicting(a: ContactKeys, b: ContactKeys) -> bool:
    """Both have an e-mail and a phone, and neither is shared: two people."""
    return bool(
        a.email and b.email and a.email != b.email and a.phones and b.phones
        and not set(a.phones).intersection(b.phones)
    )  # fmt: skip


def likeness(a: ContactKeys, b: ContactKeys) -> Likeness | None:
    """How likely ``a`` and ``b`` are one contact, with the reasons; None when
    they are not (or are of one family: a contact and its own addresses)."""
    if a.id and a.id == b.id or a.family_id and a.family_id == b.family_id:
        return None
    shared_kinds = {kind for kind, _ in set(exact_keys(a)) & set(exact_keys(b))}
    exact = [reason for kind, reason in EXACT_REASONS.items() if kind in shared_kinds]
    if exact:
        return Likeness(EXACT_SCORE, tuple(exact))
    if not a.name or not b.name or _conflicting(a, b):
        return None
    same_zip = bool(a.zip) and a.zip == b.zip
    same_city = bool(a.city) and a.city == b.city
    if not (same_zip or same_city):
        return None
    similarity = name_similarity(a.name, b.name)
    if similarity < NAME_THRESHOLD:
        return None
    same_street = a.street and b.street and streets_match(a.street, b.street)
    if a.street and b.street and not same_street:
        return None  # namesakes of one town, each at home
    reasons = [f"nom proche {similarity} %" if similarity < 100 else "même nom"]
    reasons.append("même code postal" if same_zip else "même ville")
    score = similarity - 10  # below any exact match
    if same_street:
        reasons.append("même adresse")
        score += STREET_BONUS
    return Likeness(min(score, EXACT_SCORE - 1), tuple(reasons))


def name_similarity(a: str, b: str) -> int:
    """0–100 between two name keys; a name whose words (two at least) are all
    in the other counts as 90 (« Le Fournil », « Boulangerie Le Fournil »);
    names whose numbers differ are different."""
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return 0  # « Client 001 » and « Client 002 », « SCI 12 » and « SCI 13 »
    similarity = round(fuzz.ratio(a, b))
    shorter, longer = sorted((a.split(), b.split()), key=len)
    if len(shorter) >= 2 and len("".join(shorter)) >= 6 and set(shorter) <= set(longer):
        similarity = max(similarity, INCLUDED_NAME_SCORE)
    return similarity


def streets_match(a: str, b: str) -> bool:
    """The same street and number, typos aside (« 3 rue de la gare » is not
    « 13 rue de la gare »)."""
    return _DIGITS.findall(a) == _DIGITS.findall(b) and fuzz.ratio(a, b) >= STREET_THRESHOLD
