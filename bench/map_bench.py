"""Field map for 10,000 points: time and HTML size of the clustered map the
Carte page uses, against one folium Marker per point. Prints a table.

    .venv/bin/python -m bench.map_bench
"""

from __future__ import annotations

import random
import time

import folium

from crm_app.geo import maps

POINTS = 10_000


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
    fmap = folium.Map(location=(48.1, -1.7), zoom_start=9)
    for point in points:
        folium.Marker((point.latitude, point.longitude), popup=maps.popup_html(point)).add_to(fmap)
    return fmap.get_root().render()


def measure(build, points) -> tuple[float, int]:
    start = time.perf_counter()
    html = build(points)
    return (time.perf_counter() - start) * 1000, len(html.encode())


def main() -> None:
    points = sample_points(POINTS)
    rows = [
        ("FastMarkerCluster (Carte)", *measure(maps.field_map_html, points)),
        ("un folium.Marker par point", *measure(one_marker_per_point, points)),
    ]
    print(f"Carte de {POINTS} points")
    print(f"{'méthode':<30} {'temps (ms)':>12} {'taille HTML':>14}")
    for name, millis, size in rows:
        print(f"{name:<30} {millis:>12.0f} {size / 1_000_000:>12.2f} Mo")


if __name__ == "__main__":
    main()
