"""Field map for 10,000 points: time and HTML size of the clustered map the
Carte page uses, against one folium Marker per point; then the time Chromium
takes to draw each (bench/map_browser.py). Prints a table.

    .venv/bin/python -m bench.map_bench              # Python and Chromium
    .venv/bin/python -m bench.map_bench --no-browser # Python only

Both builds get one warm-up and the same repeats; the figure is the median.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

import folium

# Tiles from a missing local path, as in the tests: nothing leaves the machine.
os.environ.setdefault("CRM_MAP_TILES", "/vendor/no-tiles/{z}/{x}/{y}.png")

from crm_app.geo import maps  # noqa: E402  (after the tile setting)

POINTS = 10_000
REPEATS = 3


def sample_points(count: int) -> list[maps.MapPoint]:
    rng = random.Random(42)
    return [
        maps.MapPoint(
            latitude=47.5 + rng.random() * 1.5,
            longitude=-2.5 + rng.random() * 2.0,
            title=f"Client {i:05d}",
            subtitle="Client",
            detail=f"{i} rue de Saint-Malo, 35000 Rennes · 02 99 00 00 00",
        )
        for i in range(count)
    ]


def one_marker_per_point(points: list[maps.MapPoint]) -> str:
    """The naive map: same local Leaflet, tiles and view, one Marker per point."""
    fmap = folium.Map(location=(48.1, -1.7), zoom_start=9, tiles=None)
    fmap.default_js = maps.LOCAL_JS
    fmap.default_css = maps.LOCAL_CSS
    folium.TileLayer(tiles=os.environ["CRM_MAP_TILES"], attr="—").add_to(fmap)
    lats = [p.latitude for p in points]
    lons = [p.longitude for p in points]
    fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(30, 30))
    for point in points:
        folium.Marker((point.latitude, point.longitude), popup=maps.popup_html(point)).add_to(fmap)
    return fmap.get_root().render()


def measure(build, points, repeats: int = REPEATS) -> tuple[float, int]:
    """Median build time over ``repeats`` after one warm-up build, and the HTML size."""
    html = build(points)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        html = build(points)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(html.encode())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="Python rendering only")
    parser.add_argument("--repeats", type=int, default=3, help="loads per page in Chromium")
    options = parser.parse_args(argv)
    points = sample_points(POINTS)
    builds = {
        "cluster": ("FastMarkerCluster (Carte)", maps.field_map_html),
        "markers": ("un folium.Marker par point", one_marker_per_point),
    }
    print(f"Carte de {POINTS} points (Python : médiane de {REPEATS} après un échauffement)")
    print(f"{'méthode':<30} {'Python (ms)':>12} {'taille HTML':>14}")
    pages = {}
    for key, (name, build) in builds.items():
        millis, size = measure(build, points)
        print(f"{name:<30} {millis:>12.0f} {size / 1_000_000:>11.2f} Mo")
        pages[key] = build(points)
    if options.no_browser:
        return
    from bench.map_browser import time_pages

    print(f"Chromium, de la navigation aux points dessinés ({options.repeats} chargements "
          "après un échauffement)")
    print(
        f"{'méthode':<30} {'premiers (ms)':>13} {'tous (ms)':>10} {'pire (ms)':>10} "
        f"{'éléments':>9}"
    )
    for key, timing in time_pages(pages, options.repeats).items():
        print(
            f"{builds[key][0]:<30} {timing['first']:>13.0f} {timing['median']:>10.0f} "
            f"{timing['max']:>10.0f} {timing['drawn']:>9.0f}"
        )


if __name__ == "__main__":
    main()
