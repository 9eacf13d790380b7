"""The field map in Chromium: from navigation to the markers or clusters drawn.

Each page is served from a loopback HTTP server with the app's /vendor assets
(Leaflet and its cluster plugin, no CDN; tiles point at a missing local path,
so both pages pay the same failed tile requests). A ``requestAnimationFrame``
loop in the page notes each frame where the number of drawn markers and
clusters changes; once it has not changed for a second, the time of the last
change (from the navigation's start) is the figure, beside the first frame
with any marker drawn. One warm-up load, then
``repeats`` loads, the median and the worst kept; the same for every page.
"""

from __future__ import annotations

import functools
import shutil
import statistics
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
STABLE_MS = 1000

DRAWN_PROBE = f"const STABLE_MS = {STABLE_MS};" + """
(() => {
  let count = -1, changedAt = 0, firstAt = null;
  const tick = (now) => {
    const drawn = document.querySelectorAll(
      ".leaflet-marker-icon, .marker-cluster, path.leaflet-interactive").length;
    if (drawn !== count) { count = drawn; changedAt = now; }
    if (firstAt === null && drawn > 0) { firstAt = now; }
    if (document.readyState === "complete" && count > 0 && now - changedAt >= STABLE_MS) {
      // Markers are painted once their images are there: the load event.
      const loaded = performance.getEntriesByType("navigation")[0].loadEventEnd;
      window.__drawn = {ms: Math.max(changedAt, loaded), first: firstAt, count: count};
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: thousands of marker images in a row

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a page closed while its missing tiles were answered 404


def time_pages(pages: dict[str, str], repeats: int = 5) -> dict[str, dict[str, float]]:
    """For each named HTML page, medians over the loads: ms to the first markers
    drawn, ms to all drawn (and the worst load), and how many elements."""
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix="crm-map-bench-"))
    try:
        (root / "vendor").symlink_to(PROJECT_DIR / "assets" / "vendor")
        for name, html in pages.items():
            (root / f"{name}.html").write_text(html, encoding="utf-8")
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = _QuietServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        results: dict[str, dict[str, float]] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for name in pages:
                times: list[float] = []
                firsts: list[float] = []
                count = 0
                for attempt in range(repeats + 1):
                    context = browser.new_context(viewport={"width": 1280, "height": 800})
                    context.add_init_script(DRAWN_PROBE)
                    page = context.new_page()
                    page.goto(f"{base}/{name}.html", wait_until="commit")
                    page.wait_for_function(
                        "window.__drawn !== undefined", polling=250, timeout=300_000
                    )
                    drawn = page.evaluate("window.__drawn")
                    context.close()
                    if attempt:  # the first load warms the browser and the disk cache
                        times.append(drawn["ms"])
                        firsts.append(drawn["first"])
                        count = drawn["count"]
                results[name] = {
                    "first": statistics.median(firsts),
                    "median": statistics.median(times),
                    "max": max(times),
                    "drawn": count,
                }
            browser.close()
        server.shutdown()
        return results
    finally:
        shutil.rmtree(root, ignore_errors=True)
