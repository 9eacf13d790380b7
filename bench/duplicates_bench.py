"""Duplicate detection on the benchmark dataset (100,000 contacts): recall and
precision on planted duplicates, and the time of a scan of the whole base.

    .venv/bin/python -m bench.duplicates_bench     # SQLite file data/bench-100k.db

1,000 duplicates are planted, in memory (the database is not changed), among
the base's contacts: copies of random main contacts made as people really
re-type a customer (a typo in the name, words swapped, accents dropped, a
civility or legal form added, the phone typed in another format, the e-mail
in capitals, some with no phone nor e-mail at all). The scan's rules then
run over base + copies: recall = planted pairs found / planted; precision =
planted pairs found / pairs found. The scan of the base alone (read from the
database, then compared) is timed the same way the « Analyser la base »
button runs it, once after a warm-up.
"""

from __future__ import annotations

import argparse
import random
import time

from bench.scale_bench import DEFAULT_DB, open_database

PLANTED = 1000
SEED = 7
TARGET_SECONDS = 30
TARGET_RECALL = 0.90
TARGET_PRECISION = 0.90


def _typo(rng: random.Random, name: str) -> str:
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long_words:
        return name
    index = rng.choice(long_words)
    word = words[index]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "replace"))
    if kind == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == "drop":
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + rng.choice("aeioulnrst") + word[at + 1 :]
    words[index] = word
    return " ".join(words)


def _national_with_dots(e164: str) -> str:
    digits = "0" + e164.removeprefix("+33")
    return ".".join(digits[i : i + 2] for i in range(0, 10, 2))


def _retyped(e164: str, typed: str) -> str:
    """The number as the app stores ``typed`` (the synthetic data holds a few
    numbers no operator uses, which the form would refuse: kept as they are)."""
    from crm_app.core import validators
    from crm_app.core.errors import FieldError

    try:
        return validators.phone(typed) or e164
    except FieldError:
        return e164


def planted_copy(rng: random.Random, row: dict, kind: int) -> dict:
    """A re-typed copy of ``row`` (stored form), by kind of mistake."""
    from crm_app.core.text import normalize

    copy = dict(row, parent_id=None, internal_reference=None)
    name = str(row["name"])
    if kind == 0:  # typo; the phone typed with dots; another e-mail
        copy["name"] = _typo(rng, name)
        copy["phone"] = _retyped(str(row["phone"]), _national_with_dots(str(row["phone"])))
        copy["email"] = "autre." + str(row["email"])
    elif kind == 1:  # words swapped, no accents; same e-mail in capitals; no phone
        copy["name"] = " ".join(reversed(normalize(name).split()))
        copy["email"] = str(row["email"]).upper()
        copy["phone"] = copy["mobile"] = None
    elif kind == 2:  # typo, same address, nothing else
        copy["name"] = _typo(rng, name)
        copy["email"] = copy["phone"] = copy["mobile"] = None
    else:  # civility or legal form, capitals; phone typed +33 …; town only
        copy["name"] = rng.choice(("M. ", "Mme ", "SARL ", "Ets ")) + name.upper()
        typed = "+33 " + _national_with_dots(str(row["phone"]))[1:]
        copy["phone"] = _retyped(str(row["phone"]), typed)
        copy["email"] = None
        copy["zip"] = None
    return copy


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db-url", default=f"sqlite:///{DEFAULT_DB}")
    options = parser.parse_args(argv)
    open_database(options.db_url)
    import sqlalchemy as sa

    from crm_app.contacts.models import Contact
    from crm_app.db import session_scope
    from crm_app.duplicates.matching import keys_of
    from crm_app.duplicates.scan import KEY_COLUMNS, find_pairs, scan, scanned_contacts

    with session_scope() as session:
        scan(session)  # warm-up
        started = time.perf_counter()
        result = scan(session)
        seconds = time.perf_counter() - started
        base = list(scanned_contacts(session))
        columns = [getattr(Contact, name) for name in KEY_COLUMNS]
        mains = sa.select(*columns).where(
            sa.column("parent_id").is_(None), sa.column("active").is_(True)
        )
        rows = [dict(r) for r in session.execute(mains).mappings()]
    rng = random.Random(SEED)
    originals = rng.sample(rows, PLANTED)
    next_id = 10_000_000
    planted: set[tuple[int, int]] = set()
    copies = []
    for number, row in enumerate(originals):
        copy = planted_copy(rng, row, number % 4)
        copy["id"] = next_id
        copies.append(keys_of(copy))
        planted.add((int(row["id"]), next_id))
        next_id += 1
    started = time.perf_counter()
    pairs = find_pairs(base + copies)
    compare_seconds = time.perf_counter() - started
    found = {(p.first_id, p.second_id) for p in pairs}
    hits = len(found & planted)
    recall, precision = hits / len(planted), hits / max(1, len(found))
    by_kind = [0, 0, 0, 0]
    for number, pair in enumerate(sorted(planted, key=lambda p: p[1])):
        by_kind[number % 4] += pair in found

    def ok(passed: bool) -> str:
        return "ok" if passed else "HORS CIBLE"

    print(
        f"Analyse de la base : {result.contacts} contacts, {len(result.pairs)} paires, "
        f"{seconds:.1f} s (cible ≤ {TARGET_SECONDS} s) {ok(seconds <= TARGET_SECONDS)}"
    )
    print(f"Doublons plantés : {len(planted)} ; paires trouvées : {len(found)} "
          f"(comparaison {compare_seconds:.1f} s)")  # fmt: skip
    print(f"Rappel : {recall:.1%} (cible ≥ {TARGET_RECALL:.0%}) {ok(recall >= TARGET_RECALL)}")
    print(f"Précision : {precision:.1%} (cible ≥ {TARGET_PRECISION:.0%}) "
          f"{ok(precision >= TARGET_PRECISION)}")  # fmt: skip
    kinds = ("faute + tél. en points", "mots inversés + e-mail en capitales",
             "faute, même adresse seule", "civilité/forme + tél. +33, ville seule")  # fmt: skip
    for kind, count in zip(kinds, by_kind, strict=True):
        print(f"  {kind} : {count}/{PLANTED // 4}")


if __name__ == "__main__":
    main()
