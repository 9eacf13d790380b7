"""Batch geocoding for large imports: the Géoplateforme's CSV operation
(``POST <domain>/search/csv``, the Addok CSV endpoint behind
data.geopf.fr/geocodage): one request geocodes thousands of addresses, where
the one-by-one path would take minutes at the service's rate limit.

The file sent holds an ``id`` and an ``adresse`` column; ``columns=adresse``
names the one to geocode. The answer is the same CSV with ``latitude``,
``longitude``, ``result_score`` and ``result_label`` added (empty when not
found). Blocking network calls: run it in a worker thread."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import httpx

from crm_app.geo.geocoder import MIN_BAN_SCORE, Answer, GeocoderSettings, GeocodingFailed

BATCH_ROWS = 2000  # addresses per request (a few hundred kB of CSV)
BATCH_TIMEOUT = 120.0  # seconds: the service answers a whole file at once


def csv_url(settings: GeocoderSettings) -> str:
    return f"{settings.scheme}://{settings.domain.rstrip('/')}/search/csv"


def _request_body(rows: list[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "adresse"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _answer(row: dict[str, str]) -> Answer:
    try:
        latitude = float(row.get("latitude") or "")
        longitude = float(row.get("longitude") or "")
    except ValueError:
        return Answer(found=False)
    try:
        score = float(row.get("result_score") or 0)
    except ValueError:
        score = 0.0
    if score < MIN_BAN_SCORE:
        return Answer(found=False, score=score)
    return Answer(True, latitude, longitude, score, row.get("result_label") or None)


def geocode_batch(
    queries: Iterable[str], settings: GeocoderSettings, *, client: httpx.Client | None = None
) -> dict[str, Answer]:
    """Answers by address (as given). GeocodingFailed when the service cannot
    answer a batch (the caller falls back to one address at a time)."""
    unique = list(dict.fromkeys(q for q in queries if q))
    answers: dict[str, Answer] = {}
    owned = client is None
    http = client or httpx.Client(
        timeout=BATCH_TIMEOUT, headers={"User-Agent": settings.user_agent}
    )
    try:
        for start in range(0, len(unique), BATCH_ROWS):
            chunk = unique[start : start + BATCH_ROWS]
            rows = [(str(index), query) for index, query in enumerate(chunk)]
            answers.update(_send(http, settings, chunk, rows))
    finally:
        if owned:
            http.close()
    return answers


def _send(
    http: httpx.Client, settings: GeocoderSettings, chunk: list[str], rows: list[tuple[str, str]]
) -> dict[str, Answer]:
    try:
        response = http.post(
            csv_url(settings),
            data={"columns": "adresse"},
            files={"data": ("adresses.csv", _request_body(rows), "text/csv")},
        )
    except httpx.TimeoutException:
        raise GeocodingFailed("Le service de géocodage n'a pas répondu à temps.") from None
    except httpx.HTTPError:
        raise GeocodingFailed("Le service de géocodage est indisponible.") from None
    if response.status_code == 429:
        raise GeocodingFailed(
            "Le service de géocodage limite les demandes (HTTP 429) : réessayez plus tard."
        )
    if response.status_code != 200:
        raise GeocodingFailed(
            f"Le service de géocodage est indisponible (HTTP {response.status_code})."
        )
    text = response.content.decode("utf-8-sig", errors="replace")
    answers: dict[str, Answer] = {}
    for row in csv.DictReader(io.StringIO(text)):
        index = (row.get("id") or "").strip()
        if index.isdigit() and int(index) < len(chunk):
            answers[chunk[int(index)]] = _answer(row)
    return answers
