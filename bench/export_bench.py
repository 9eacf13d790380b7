"""Export of every contact of the benchmark dataset (100,000 contacts and
their 100,000 sub-addresses) in the three formats: time, rows per second and
memory.

    .venv/bin/python -m bench.export_bench        # SQLite file data/bench-100k.db

Each format is measured in its own process: one warm-up export, then the
timed one (the file goes to a temporary file on disk, as the download route
writes it to the network). Memory is then measured apart, with tracemalloc
(which slows Python down, hence not during the timed run): the peak of
Python allocations while exporting the first 10,000 rows, and while
exporting all of them. Flat memory means the two peaks are alike.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc

from bench.scale_bench import DEFAULT_DB, open_database

FORMATS = ("csv", "xlsx", "vcf")
FEW_ROWS = 10_000
TARGET_CSV_SECONDS = 10


def run_one(url: str, file_format: str) -> dict:
    """In this process: warm-up, timed export, then the two memory peaks."""
    open_database(url)
    from crm_app.db import session_scope
    from crm_app.exports import service
    from crm_app.exports.columns import COLUMNS
    from crm_app.exports.writers import csv_chunks, vcard_chunks, write_xlsx

    columns = list(COLUMNS)

    def export(limit: int | None = None) -> int:
        counted = 0
        with session_scope() as session, tempfile.TemporaryFile() as out:

            def rows():
                nonlocal counted
                for row in itertools.islice(service.matching_rows(session, "", True), limit):
                    counted += 1
                    yield row

            if file_format == "csv":
                for chunk in csv_chunks(columns, rows()):
                    out.write(chunk)
            elif file_format == "vcf":
                for chunk in vcard_chunks(rows()):
                    out.write(chunk)
            else:
                write_xlsx(columns, rows(), out)
        return counted

    def traced_peak_mb(limit: int | None) -> float:
        tracemalloc.start()
        export(limit)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak / 1024 / 1024

    export()
    start = time.perf_counter()
    count = export()
    seconds = time.perf_counter() - start
    return {
        "rows": count,
        "seconds": seconds,
        "few_mb": traced_peak_mb(FEW_ROWS),
        "all_mb": traced_peak_mb(None),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db-url", default=f"sqlite:///{DEFAULT_DB}")
    parser.add_argument("--one", choices=FORMATS, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.one:
        print(json.dumps(run_one(options.db_url, options.one)))
        return
    open_database(options.db_url)  # made or migrated once, before the measures
    print(
        f"{'format':7} {'lignes':>8} {'durée':>8} {'lignes/s':>9} "
        f"{'mém. 10 000 lignes':>19} {'mém. toutes':>12}"
    )
    for file_format in FORMATS:
        output = subprocess.run(
            [sys.executable, "-m", "bench.export_bench", "--db-url", options.db_url,
             "--one", file_format],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        figures = json.loads((output or "").strip().splitlines()[-1])
        rate = figures["rows"] / figures["seconds"]
        print(
            f"{file_format:7} {figures['rows']:>8} {figures['seconds']:>7.1f}s {rate:>9.0f} "
            f"{figures['few_mb']:>16.1f} Mo {figures['all_mb']:>9.1f} Mo"
        )
    print(
        f"\nCible : CSV de tous les contacts en ≤ {TARGET_CSV_SECONDS} s ; mémoire plate : "
        "le pic d'allocations Python (tracemalloc) est le même pour 10 000 lignes et pour toutes."
    )


if __name__ == "__main__":
    main()
