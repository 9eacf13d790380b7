"""The static files' cache headers (crm_app/core/http_cache.py)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from crm_app.core.http_cache import StaticCacheHeaders


def _answer(request):
    return PlainTextResponse("x", headers={"Cache-Control": "no-cache"})


def client() -> TestClient:
    inner = Starlette(routes=[Route("/{path:path}", _answer)])
    return TestClient(StaticCacheHeaders(inner))


def test_hashed_assets_are_kept_a_year_vendor_a_day_pages_untouched():
    web = client()
    assets = web.get("/assets/root-CW0QiDAF.js")
    assert assets.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert web.get("/vendor/leaflet/leaflet.js").headers["cache-control"] == "public, max-age=86400"
    assert web.get("/ma-journee/").headers["cache-control"] == "no-cache"
    assert web.get("/api/calendrier/x.ics").headers["cache-control"] == "no-cache"
