"""The Planning search on the benchmark dataset (500,000 interventions):
varied queries through the trigram indexes, beside the former LIKE search.

    .venv/bin/python -m bench.planning_bench          # SQLite file data/bench-100k.db
    .venv/bin/python -m bench.planning_bench --db-url \
        'postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dplan_bench,public'

The database is made (or migrated) as ``python -m bench`` makes it.
"""

from __future__ import annotations

import argparse
import os
import sys

from bench.scale_bench import DEFAULT_DB, heavy_contact_id, open_database, percentile, timed

REPEATS = 5
# As office staff type them: label words (frequent and rare), a town, a
# customer name, accents or not, two words (one on each side), nothing.
QUERIES = (
    "entretien",
    "chaudière",
    "CHAUDIERE",
    "rennes",
    "saint-malo",
    "le goff",
    "quéméner",
    "kerbenchmark",
    "entretien kerbenchmark",
    "martin rennes",
    "chantier fougeres",
    "02 99",
    "syn-42-0012300",
    "zzz introuvable",
)


def like_search(session, text: str, page_size: int = 25):
    """The former Planning search: the contact index, then ``lower(label) LIKE``
    term by term, a capped count and a page by date."""
    from sqlalchemy import func, or_
    from sqlmodel import select

    from crm_app.contacts.models import Contact
    from crm_app.contacts.search import searchable_terms
    from crm_app.contacts.search_index import contact_search_filter
    from crm_app.core.paging import page_window
    from crm_app.core.trigram_index import like_pattern
    from crm_app.interventions.models import Intervention

    dialect = session.get_bind().dialect.name
    query = select(Intervention.id).join(Contact, Contact.id == Intervention.customer_id)
    for term in searchable_terms(text):
        query = query.where(
            or_(
                contact_search_filter(Contact.search_text, Contact.id, [term], dialect),
                func.lower(Intervention.label).like(like_pattern(term), escape="/"),
            )
        )
    window = page_window(session, query, 1, page_size)
    ids = session.exec(
        query.order_by(Intervention.start_at.desc(), Intervention.id.desc()).limit(page_size)
    ).all()
    return window, ids


def measure(session, like: bool = True) -> list[tuple[str, list[float], list[float], int, bool]]:
    """Per query: the indexed times, the LIKE times, rows, exact count. Both
    searches get one warm-up run, then REPEATS timed runs."""
    from crm_app.interventions.service import search_interventions

    results = []
    for text in QUERIES:
        page = search_interventions(session, text)  # warm the cache, as a typing user does
        times = [timed(search_interventions, session, text)[0] for _ in range(REPEATS)]
        like_times: list[float] = []
        if like:
            like_search(session, text)
            like_times = [timed(like_search, session, text)[0] for _ in range(REPEATS)]
        results.append((text, times, like_times, page.total, page.window.exact))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=f"sqlite:///{DEFAULT_DB}")
    parser.add_argument("--no-like", action="store_true", help="skip the former LIKE search")
    options = parser.parse_args(argv)
    url = options.db_url
    open_database(url)
    from crm_app.db import session_scope

    with session_scope(url) as session:
        heavy_contact_id(session)  # the customer of the « Entretien chaudière » labels
        dialect = session.get_bind().dialect.name
        results = measure(session, like=not options.no_like)
    print(f"\nPlanning, {dialect} ; Python {sys.version.split()[0]}, {os.cpu_count()} cœurs\n")
    print(f"{'requête':<26}{'p50':>9}{'max':>9}{'LIKE p50':>10}  trouvées")
    for text, times, like_times, total, exact in results:
        found = f"{total}" if exact else f"plus de {total}"
        like_p50 = f"{percentile(like_times, 0.5):>8.0f}ms" if like_times else f"{'–':>10}"
        print(
            f"{text:<26}{percentile(times, 0.5):>7.1f}ms{max(times):>7.1f}ms{like_p50}  {found}"
        )
    every = [t for _, times, _, _, _ in results for t in times]
    like = [t for _, _, like_times, _, _ in results for t in like_times]
    p50, p95 = percentile(every, 0.5), percentile(every, 0.95)
    like_text = (
        f"LIKE : p50 {percentile(like, 0.5):.0f} ms, p95 {percentile(like, 0.95):.0f} ms"
        if like
        else "LIKE non mesuré"
    )
    print(
        f"\nIndex : p50 {p50:.1f} ms, p95 {p95:.1f} ms (cible p95 ≤ 10 ms : "
        f"{'ok' if p95 <= 10 else 'HORS CIBLE'}) ; {like_text} ({len(QUERIES)} requêtes, "
        f"chacune 1 échauffement + {REPEATS} mesures, pour les deux recherches)."
    )


if __name__ == "__main__":
    main()
