"""A local HTTP server on 127.0.0.1 answering like the Base Adresse Nationale
(Géoplateforme /geocodage/search, GeoJSON) and Nominatim (/search, JSON list),
so the real geopy code path runs without the internet.

Behaviour is chosen by the address asked: "introuvable" → no result,
"quota" → HTTP 429, "panne" → HTTP 503, "lent" → answers after 2 s.
"""

from __future__ import annotations

import csv
import email
import email.policy
import hashlib
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def _multipart(content_type: str, body: bytes) -> dict[str, str]:
    """The fields of a multipart/form-data body, as text."""
    message = email.message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body, policy=email.policy.HTTP
    )
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            fields[name] = payload.decode("utf-8-sig") if isinstance(payload, bytes) else ""
    return fields


def position_for(query: str) -> tuple[float, float]:
    """A stable position around Rennes for any address."""
    digest = hashlib.sha256(query.encode()).digest()
    return 48.05 + digest[0] / 2550, -1.75 + digest[1] / 2550


class StubGeocoder:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        # What the batch operation answers (200, or a refusal to fall back from).
        self.batch_status = 200
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def domain(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> StubGeocoder:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                url = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                query = params.get("q", "")
                stub.requests.append(
                    {
                        "path": url.path,
                        "params": params,
                        "user_agent": self.headers.get("User-Agent", ""),
                        "time": time.monotonic(),
                    }
                )
                if not url.path.endswith("/search"):
                    return self._send(404, {"error": "not found"})
                lowered = query.lower()
                if "quota" in lowered:
                    return self._send(429, {"error": "Too Many Requests"})
                if "panne" in lowered:
                    return self._send(503, {"error": "Service Unavailable"})
                if "lent" in lowered:
                    time.sleep(2)
                nominatim = params.get("format") == "json"
                found = "introuvable" not in lowered
                body = self._nominatim(query, found) if nominatim else self._ban(query, found)
                return self._send(200, body)

            def do_POST(self) -> None:
                """The BAN's batch operation: POST /search/csv, multipart
                ``data`` (a CSV) and ``columns`` (the address column); the CSV
                comes back with latitude, longitude, result_score, result_label."""
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                parts = _multipart(self.headers.get("Content-Type", ""), body)
                stub.requests.append(
                    {"path": url.path, "params": {"columns": parts.get("columns", "")},
                     "rows": 0, "time": time.monotonic(), "method": "POST"}
                )  # fmt: skip
                if not url.path.endswith("/search/csv") or "data" not in parts:
                    return self._send(404, {"error": "not found"})
                if stub.batch_status != 200:
                    return self._send(stub.batch_status, {"error": "batch refused"})
                rows = list(csv.DictReader(io.StringIO(parts["data"])))
                stub.requests[-1]["rows"] = len(rows)
                column = parts.get("columns") or "adresse"
                out = io.StringIO()
                names = [*(rows[0].keys() if rows else ["id", column]), "latitude", "longitude",
                         "result_label", "result_score"]  # fmt: skip
                writer = csv.DictWriter(out, names, lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    query = row.get(column, "")
                    if "introuvable" not in query.lower():
                        lat, lon = position_for(query)
                        row.update(latitude=f"{lat:.7f}", longitude=f"{lon:.7f}",
                                   result_label=query.title(), result_score="0.93")  # fmt: skip
                    writer.writerow(row)
                data = out.getvalue().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/csv; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _ban(self, query: str, found: bool) -> dict:
                features = []
                if found:
                    lat, lon = position_for(query)
                    features.append(
                        {
                            "type": "Feature",
                            "geometry": {"type": "Point", "coordinates": [lon, lat]},
                            "properties": {
                                "label": query.title(),
                                "score": 0.97,
                                "type": "housenumber",
                                "postcode": "35000",
                                "city": "Rennes",
                                "context": "35, Ille-et-Vilaine, Bretagne",
                            },
                        }
                    )
                return {
                    "type": "FeatureCollection",
                    "features": features,
                    "query": query,
                    "attribution": "BAN",
                    "licence": "ETALAB-2.0",
                    "limit": 1,
                }

            def _nominatim(self, query: str, found: bool) -> list:
                if not found:
                    return []
                lat, lon = position_for(query)
                return [
                    {
                        "place_id": 1,
                        "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
                        "osm_type": "node",
                        "osm_id": 42,
                        "lat": f"{lat:.7f}",
                        "lon": f"{lon:.7f}",
                        "class": "place",
                        "type": "house",
                        "place_rank": 30,
                        "importance": 0.31,
                        "addresstype": "place",
                        "name": "",
                        "display_name": query.title() + ", Bretagne, France",
                        "boundingbox": [
                            str(lat - 0.001),
                            str(lat + 0.001),
                            str(lon - 0.001),
                            str(lon + 0.001),
                        ],
                    }
                ]

            def _send(self, status: int, body) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
