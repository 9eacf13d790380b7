"""Map generation: markers present, user text escaped, assets local (no CDN)."""

from __future__ import annotations

import json
import re

from crm_app.geo import maps

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>alert(1)</script>'
CDN_HOSTS = (
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "code.jquery.com",
    "netdna.bootstrapcdn.com",
    "unpkg.com",
)


def points(count: int) -> list[maps.MapPoint]:
    return [
        maps.MapPoint(
            48.1 + i / 1000, -1.68 + i / 1000, f"{HOSTILE} {i}", "Client", "14 rue de Saint-Malo"
        )
        for i in range(count)
    ]


def test_contact_map_has_one_escaped_marker_per_point():
    html = maps.contact_map_html(points(3))
    assert html.count("L.circleMarker(") == 3
    assert "<img src=x" not in html and "<script>alert(1)" not in html
    assert "&lt;img src=x" in html
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=48.100000,-1.680000" in html


def test_field_map_clusters_thousands_of_points_as_data():
    html = maps.field_map_html(points(2000))
    assert "L.markerClusterGroup" in html
    assert "L.marker(" not in html  # no Python-side marker per point
    data = json.loads(re.search(r"var data = (\[.*?\]\]);", html, re.S).group(1))
    assert len(data) == 2000 and data[0][2].startswith("<img")  # data, escaped for the script
    assert "<img src=x" not in html  # JSON in the page escapes < and >
    assert "textContent" in html and "innerHTML" not in html


def test_maps_load_their_libraries_from_the_app():
    for html in (maps.contact_map_html(points(1)), maps.field_map_html(points(5))):
        assert "/vendor/leaflet/leaflet.js" in html
        assert "/vendor/jquery/jquery.min.js" in html
        assert not [host for host in CDN_HOSTS if host in html]
    assert "/vendor/leaflet.markercluster/leaflet.markercluster.js" in maps.field_map_html(
        points(1)
    )


def test_tiles_are_configurable(monkeypatch):
    monkeypatch.setenv("CRM_MAP_TILES", "http://127.0.0.1:9/tuiles/{z}/{x}/{y}.png")
    assert "http://127.0.0.1:9/tuiles/{z}/{x}/{y}.png" in maps.contact_map_html(points(1))


def test_nothing_to_show_says_so():
    html = maps.empty_map_html("Aucun <point>")
    assert "Aucun &lt;point&gt;" in html


def test_text_cannot_escape_folium_template_strings():
    tricky = maps.MapPoint(48.1, -1.6, "${window.__pwned=1}`\\", "a`b", "$x")
    html = maps.contact_map_html([tricky])
    assert "${window" not in html and "a`b" not in html
    assert "&#36;{window.__pwned=1}&#96;&#92;" in html


def test_every_map_watches_its_tiles_and_writes_the_notice_as_text():
    for html in (maps.contact_map_html(points(2)), maps.field_map_html(points(50))):
        assert ".on('tileerror'" in html
        assert json.dumps(maps.TILE_ERROR_NOTICE) in html  # a JS string, set as textContent
        assert "notice.textContent" in html and "innerHTML" not in html
        assert "pointer-events:none" in html  # the points stay clickable
