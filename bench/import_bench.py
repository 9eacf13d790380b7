"""Import of a large CSV into the benchmark base, with the duplicate checks:
rows per second, total time and peak memory.

    .venv/bin/python -m bench.import_bench [--rows 100000]

The 100,000-contact base of ``python -m bench`` is copied to a temporary file
(the benchmark base is left as it is). The CSV is written as French Excel
would (Windows-1252, « ; »): new customers with names, addresses, phones and
e-mails in the synthetic data's style, one row in twenty a re-typed copy of a
customer of the base (a duplicate, skipped by the default choice). The time
runs from « Lancer l'import » (rows read and checked, the base's keys loaded
for the duplicate checks) to the last batch committed; peak memory is the
process's maximum resident set (``ru_maxrss``) read after the run, beside the
same figure read before it.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

from bench.scale_bench import DEFAULT_DB, open_database

TARGET_SECONDS = 60
TARGET_MB = 400


def synthetic_csv(rows: int, base_rows: list[dict], seed: int = 11) -> bytes:
    from crm_app.demo.synthetic import FIRST_NAMES, LAST_NAMES, STREET_KINDS, STREET_NAMES, TOWNS

    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nom", "Prénom", "Adresse", "CP", "Ville", "Tél", "Portable", "Courriel"])
    for number in range(rows):
        if number % 20 == 19 and base_rows:
            row = rng.choice(base_rows)
            writer.writerow([row["name"].upper(), "", row["street"] or "", row["zip"] or "",
                             row["city"] or "", row["phone"] or "", "", ""])  # fmt: skip
            continue
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        postcode, town, _, _ = rng.choice(TOWNS)
        street = f"{rng.randint(1, 180)} {rng.choice(STREET_KINDS)} {rng.choice(STREET_NAMES)}"
        writer.writerow([
            last, first, street, postcode, town, f"02 {rng.randint(90, 99)} "
            f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}", f"{first}.{last}.{number}@import.fr".lower().replace(" ", ""),
        ])  # fmt: skip
    return buffer.getvalue().encode("cp1252", errors="replace")


def _resident_mb() -> tuple[float, float]:
    """(anonymous, file-mapped) resident memory of this process, in MB."""
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("RssAnon", "RssFile"))  # type: ignore[return-value]


class _PeakSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop, self.anon, self.file = threading.Event(), 0.0, 0.0

    def run(self) -> None:
        while not self.stop.wait(0.1):
            anon, file = _resident_mb()
            self.anon, self.file = max(self.anon, anon), max(self.file, file)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    options = parser.parse_args(argv)
    open_database(f"sqlite:///{DEFAULT_DB}")  # made or migrated as by python -m bench
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "import-bench.db"
        shutil.copyfile(DEFAULT_DB, copy)
        url = f"sqlite:///{copy}"
        import os

        os.environ["REFLEX_DB_URL"] = url
        os.environ["CRM_PRIVATE_DIR"] = str(Path(folder) / "private")
        import sqlalchemy as sa

        from crm_app import db
        from crm_app.contacts.models import Contact
        from crm_app.imports import runner, service

        def session_factory():
            return db.bulk_session_scope(url)  # as the app runs it

        with session_factory() as session:
            base = [
                dict(r)
                for r in session.execute(
                    sa.select(Contact.name, Contact.street, Contact.zip, Contact.city,
                              Contact.phone)  # fmt: skip
                    .where(sa.column("parent_id").is_(None))
                    .limit(20_000)
                ).mappings()
            ]
            data = synthetic_csv(options.rows, base)
            record = service.create_import(
                session, user_id=None, file_name="clients.csv", data=data
            )
            session.commit()
            import_id = record.id or 0
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        before_anon, before_file = _resident_mb()
        sampler = _PeakSampler()
        sampler.start()
        started = time.perf_counter()
        done = runner.run_import(session_factory, import_id, user_id=None)
        seconds = time.perf_counter() - started
        sampler.stop.set()
        sampler.join()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert done is not None
    rate = options.rows / seconds
    print(f"Import de {options.rows} lignes ({len(data) / 1e6:.1f} Mo) dans une base de "
          f"100 000 contacts : {seconds:.1f} s, {rate:.0f} lignes/s "
          f"(cible ≤ {TARGET_SECONDS} s pour 100 000)")  # fmt: skip
    print(f"Résultat : {done.created_count} créés, {done.skipped_count} doublons ignorés, "
          f"{done.invalid_count} refusés")  # fmt: skip
    print(f"Mémoire max du processus : {peak_mb:.0f} Mo (avant l'import : {before_mb:.0f} Mo ; "
          f"cible ≤ {TARGET_MB} Mo)")  # fmt: skip
    print(f"  pendant l'import : mémoire propre max {sampler.anon:.0f} Mo (avant : "
          f"{before_anon:.0f} Mo), pages du fichier SQLite max {sampler.file:.0f} Mo "
          f"(avant : {before_file:.0f} Mo)")  # fmt: skip


if __name__ == "__main__":
    main()
