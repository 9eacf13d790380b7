"""Folium maps rendered to HTML for an iframe's srcdoc, working offline:
Leaflet, the cluster plugin and jQuery come from the app's /vendor assets,
never from a CDN. Every user value is escaped (popups are HTML otherwise).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

import folium
from branca.element import MacroElement
from folium.plugins import FastMarkerCluster
from jinja2 import Template

from crm_app.core.settings import get_settings

LOCAL_JS = [
    ("leaflet", "/vendor/leaflet/leaflet.js"),
    ("jquery", "/vendor/jquery/jquery.min.js"),
]
LOCAL_CSS = [("leaflet_css", "/vendor/leaflet/leaflet.css")]
CLUSTER_JS = [("markerclusterjs", "/vendor/leaflet.markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markerclustercss", "/vendor/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", "/vendor/leaflet.markercluster/MarkerCluster.Default.css"),
]
FRANCE_CENTER = (46.6, 2.4)
ADDRESS_COLORS = {
    "main": "#3e63dd",
    "contact": "#3e63dd",
    "invoice": "#f76b15",
    "delivery": "#30a46c",
    "other": "#8e4ec6",
    "private": "#e54666",
}


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float
    title: str
    subtitle: str = ""
    detail: str = ""
    color: str = ADDRESS_COLORS["main"]


def directions_url(latitude: float, longitude: float) -> str:
    """Opens the phone's navigation app (or the web map) towards the point."""
    return f"https://www.google.com/maps/dir/?api=1&destination={latitude:.6f},{longitude:.6f}"


def _tile_settings() -> tuple[str, str]:
    """The background map's tile URL and attribution (CRM_MAP_TILES...)."""
    settings = get_settings()
    return settings.map_tiles, settings.map_attribution


def _base_map(points: list[MapPoint], zoom: int, *, canvas: bool) -> folium.Map:
    center = (
        (
            sum(p.latitude for p in points) / len(points),
            sum(p.longitude for p in points) / len(points),
        )
        if points
        else FRANCE_CENTER
    )
    fmap = folium.Map(
        location=center,
        zoom_start=zoom if points else 6,
        tiles=None,
        control_scale=True,
        prefer_canvas=canvas,
    )
    fmap.default_js = LOCAL_JS
    fmap.default_css = LOCAL_CSS
    tiles, attribution = _tile_settings()
    layer = folium.TileLayer(tiles=tiles, attr=attribution, max_zoom=19)
    layer.add_to(fmap)
    TileErrorNotice(layer).add_to(fmap)
    if len(points) > 1:
        lats = [p.latitude for p in points]
        lons = [p.longitude for p in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(30, 30))
    return fmap


TILE_ERROR_NOTICE = "Fond de carte indisponible — les points restent affichés"


class TileErrorNotice(MacroElement):
    """When the tile server cannot be reached (offline office, blocked
    network), a short notice over the map instead of a silent grey square.
    It lets clicks through, so the points stay usable."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var notice = null;
            {{ this.layer.get_name() }}.on('tileerror', function () {
                if (notice) { return; }
                notice = L.DomUtil.create('div', 'tile-error-notice', map.getContainer());
                notice.setAttribute('role', 'status');
                notice.textContent = {{ this.message|tojson }};
                notice.style.cssText = 'position:absolute;top:10px;left:50%;'
                    + 'transform:translateX(-50%);z-index:1000;pointer-events:none;'
                    + 'background:rgba(255,255,255,0.92);color:#333;padding:6px 12px;'
                    + 'border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,0.25);'
                    + 'font:13px/1.4 sans-serif;width:max-content;max-width:80%;text-align:center;';
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, layer: folium.TileLayer):
        super().__init__()
        self._name = "TileErrorNotice"
        self.layer = layer
        self.message = TILE_ERROR_NOTICE


def safe_text(text: str) -> str:
    """User text for folium's HTML, which folium also places inside JavaScript
    template strings: escape HTML, and the backtick, "$" and "\\" too."""
    return html.escape(text).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def popup_html(point: MapPoint) -> str:
    lines = [f"<strong>{safe_text(point.title)}</strong>"]
    lines += [safe_text(text) for text in (point.subtitle, point.detail) if text]
    link = html.escape(directions_url(point.latitude, point.longitude))
    lines.append(f'<a href="{link}" target="_blank" rel="noopener">Itinéraire</a>')
    return "<br>".join(lines)


def contact_map_html(points: Sequence[MapPoint]) -> str:
    """The Localisation tab's map: a few points, one circle marker each."""
    return _contact_map_html(tuple(points), _tile_settings())


@functools.lru_cache(maxsize=128)  # the same contact is opened again and again
def _contact_map_html(points: tuple[MapPoint, ...], _tiles: tuple[str, str]) -> str:
    fmap = _base_map(list(points), zoom=15, canvas=False)
    for point in points:
        folium.CircleMarker(
            location=(point.latitude, point.longitude),
            radius=9,
            color=point.color,
            fill=True,
            fill_color=point.color,
            fill_opacity=0.85,
            weight=2,
            tooltip=folium.Tooltip(safe_text(point.title)),
            popup=folium.Popup(popup_html(point), max_width=300),
        ).add_to(fmap)
    return fmap.get_root().render()


# Builds each marker in the browser; text goes in with textContent, never as HTML.
_CLUSTER_CALLBACK = """
function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {
        radius: 8, color: row[5], fillColor: row[5], fillOpacity: 0.85, weight: 2
    });
    var box = document.createElement('div');
    var title = document.createElement('strong');
    title.textContent = row[2];
    box.appendChild(title);
    [row[3], row[4]].forEach(function (text) {
        if (text) {
            var line = document.createElement('div');
            line.textContent = text;
            box.appendChild(line);
        }
    });
    var link = document.createElement('a');
    link.href = 'https://www.google.com/maps/dir/?api=1&destination=' + row[0] + ',' + row[1];
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = 'Itinéraire';
    box.appendChild(link);
    marker.bindPopup(box);
    return marker;
}
"""


def field_map_html(points: list[MapPoint]) -> str:
    """The Carte page: thousands of points, clustered in the browser."""
    # Canvas draws thousands of circles far faster than one SVG node each.
    fmap = _base_map(points, zoom=11, canvas=True)
    cluster = FastMarkerCluster(
        data=[
            [round(p.latitude, 6), round(p.longitude, 6), p.title, p.subtitle, p.detail, p.color]
            for p in points
        ],
        callback=_CLUSTER_CALLBACK,
        options={"chunkedLoading": True, "maxClusterRadius": 50},
    )
    cluster.default_js = CLUSTER_JS
    cluster.default_css = CLUSTER_CSS
    cluster.add_to(fmap)
    return fmap.get_root().render()


def geo_uri(latitude: float, longitude: float, label: str) -> str:
    """Opens the phone's own navigation app (Android's geo: scheme; label escaped)."""
    return f"geo:{latitude:.6f},{longitude:.6f}?q={latitude:.6f},{longitude:.6f}({quote(label)})"


ROUTE_COLOR = "#3e63dd"
START_COLOR = "#30a46c"


def route_map_html(stops: list[MapPoint], start: MapPoint | None) -> str:
    """A technician's day: the stops numbered in visit order, the path between
    them, from and back to his start point when he has one."""
    everything = ([start] if start else []) + stops
    fmap = _base_map(everything, zoom=12, canvas=False)
    path = [(p.latitude, p.longitude) for p in everything]
    if start is not None and stops:
        path.append((start.latitude, start.longitude))
    if len(path) > 1:
        folium.PolyLine(path, color=ROUTE_COLOR, weight=4, opacity=0.7).add_to(fmap)
    if start is not None:
        folium.CircleMarker(
            location=(start.latitude, start.longitude),
            radius=10,
            color=START_COLOR,
            fill=True,
            fill_color=START_COLOR,
            fill_opacity=0.9,
            tooltip=folium.Tooltip(safe_text(start.title)),
        ).add_to(fmap)
    for number, point in enumerate(stops, start=1):
        badge = (
            f'<div style="background:{ROUTE_COLOR};color:#fff;border:2px solid #fff;'
            "border-radius:50%;width:26px;height:26px;line-height:22px;text-align:center;"
            f'font:bold 13px sans-serif;box-shadow:0 1px 3px rgba(0,0,0,.4)">{number}</div>'
        )
        folium.Marker(
            location=(point.latitude, point.longitude),
            icon=folium.DivIcon(html=badge, icon_size=(26, 26), icon_anchor=(13, 13)),
            tooltip=folium.Tooltip(safe_text(f"{number}. {point.title}")),
            popup=folium.Popup(popup_html(point), max_width=300),
        ).add_to(fmap)
    return fmap.get_root().render()


def empty_map_html(message: str) -> str:
    """What the iframe shows when there is nothing to place."""
    return (
        "<!doctype html><meta charset='utf-8'><body style='font-family:sans-serif;"
        "display:flex;align-items:center;justify-content:center;height:90vh;color:#666'>"
        f"<p>{html.escape(message)}</p></body>"
    )
