"""Browser benchmark: what a user waits for in Chromium, on the production
build over the 100,000-contact database.

    .venv/bin/python -m bench.ui_bench                    # SQLite file data/bench-100k.db
    .venv/bin/python -m bench.ui_bench --db-url 'postgresql+psycopg://…'

For each of the scale bench's twenty queries, typed into the contact list's
search box key by key at a typist's pace (``--key-delay``, 150 ms):

- **search**: from the last keystroke to the first frame painted once the
  answer to that last keystroke has arrived and the list shows it (rows and
  « 1–20 sur N »), read by a ``requestAnimationFrame`` loop in the page;
- **before the socket**: from the last keystroke to the first websocket frame
  the page sends after it (the debounce, and anything else the browser does
  before the event leaves);
- **open a contact**: from the click on the first row to the first frame
  painted with that contact's name in the header and the first tab's content.

Two queries are typed first as a warm-up and not counted. The database is the
one ``python -m bench`` fills on first use; the app is started as
tests/e2e/conftest.py starts it (``reflex run --env prod --single-port``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench.load_test import BENCH_LOGIN, BENCH_PASSWORD, App, app_env, run_helper
from bench.scale_bench import DEFAULT_DB, PROJECT_DIR, QUERIES, open_database

CHROMIUM = "/usr/bin/chromium"
WARM_UP = ("kerbrat", "vannes")
SETTLE_MS = 1200

# Installed before any page script: every websocket frame sent or received,
# every keystroke, and a per-frame snapshot of what the list shows.
PROBES = """
window.__bench = {sent: [], received: [], keys: [], frames: []};
const NativeSocket = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new NativeSocket(...args);
  const send = socket.send.bind(socket);
  socket.send = (data) => { window.__bench.sent.push(performance.now()); send(data); };
  socket.addEventListener("message", () => window.__bench.received.push(performance.now()));
  return socket;
};
window.WebSocket.prototype = NativeSocket.prototype;
Object.assign(window.WebSocket, NativeSocket);
document.addEventListener("keydown", () => window.__bench.keys.push(performance.now()), true);
let lastSnapshot = null;
const watch = (now) => {
  const row = document.querySelector(".contact-row");
  const range = document.querySelector("#contact-range");
  const title = document.querySelector("#contact-title");
  const tab = document.querySelector("[role=tabpanel]");
  const snapshot = [row ? row.innerText : "", range ? range.innerText : "",
                    title ? title.innerText : "", tab ? tab.innerText.length : 0].join("|");
  if (snapshot !== lastSnapshot) {
    lastSnapshot = snapshot;
    window.__bench.frames.push({t: now, row: row ? row.innerText : null,
      range: range ? range.innerText : null, title: title ? title.innerText : null,
      tab: tab ? tab.innerText.length : 0});
  }
  requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
"""

RESET = "window.__bench.sent = []; window.__bench.received = []; " \
        "window.__bench.keys = []; window.__bench.frames = [];"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def type_query(page, text: str, key_delay: int) -> dict:
    """Type ``text`` into an empty search box; the timings of its last keystroke."""
    box = page.locator("#contact-search")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_timeout(SETTLE_MS)
    page.evaluate(RESET)
    box.press_sequentially(text, delay=key_delay)
    page.wait_for_timeout(SETTLE_MS)
    probe = page.evaluate("window.__bench")
    last_key = probe["keys"][-1]
    sent_after = [t for t in probe["sent"] if t > last_key]
    if not sent_after:
        raise RuntimeError(f"No event left the page after typing {text!r}")
    first_send = sent_after[0]
    answer = next((t for t in probe["received"] if t > first_send), None)
    if answer is None:
        raise RuntimeError(f"No answer after typing {text!r}")
    final = probe["frames"][-1]
    shown = next(
        f["t"] for f in probe["frames"] if (f["row"], f["range"]) == (final["row"], final["range"])
        and f["t"] >= min(answer, final["t"])
    )
    painted = next((f["t"] for f in probe["frames"] if f["t"] >= max(answer, shown)), None)
    if painted is None:  # the answer changed nothing on screen: the next frame shows it
        painted = answer
    return {"search": painted - last_key, "before_socket": first_send - last_key}


def open_first_row(page) -> float | None:
    """Click the first row; from the click to the first frame painted with the
    header's final name and the first tab's content."""
    row = page.locator(".contact-row").first
    if row.count() == 0:
        return None
    page.evaluate(RESET)
    clicked = page.evaluate("performance.now()")
    row.click()
    page.locator("#contact-title").wait_for()
    page.wait_for_timeout(SETTLE_MS)
    frames = page.evaluate("window.__bench.frames")
    final_title = frames[-1]["title"] if frames else None
    done = next(
        (f["t"] for f in frames if final_title and f["title"] == final_title and f["tab"] > 0),
        None,
    )
    page.go_back()
    page.locator("#contact-search").wait_for()
    if done is None:
        raise RuntimeError("The contact page never showed its header and first tab")
    return done - clicked


def measure(url: str, key_delay: int) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {"search": [], "before_socket": [], "open": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(PROBES)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(url + "/login")
        page.fill("#login-input", BENCH_LOGIN)
        page.fill("#password-input", BENCH_PASSWORD)
        page.click("#login-button")
        page.locator(".contact-row").first.wait_for()
        for text in WARM_UP:
            type_query(page, text, key_delay)
            open_first_row(page)
        for text in QUERIES:
            timings = type_query(page, text, key_delay)
            results["search"].append(timings["search"])
            results["before_socket"].append(timings["before_socket"])
            opened = open_first_row(page)
            if opened is not None:
                results["open"].append(opened)
            opened_text = "aucune ligne" if opened is None else f"fiche {opened:5.0f} ms"
            print(
                f"  {text:<22} recherche {timings['search']:6.0f} ms "
                f"(avant l'envoi {timings['before_socket']:4.0f} ms) · {opened_text}",
                flush=True,
            )
        browser.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=f"sqlite:///{DEFAULT_DB}")
    parser.add_argument("--key-delay", type=int, default=150, help="ms between keystrokes")
    options = parser.parse_args(argv)
    open_database(options.db_url)
    run_helper(PROJECT_DIR, options.db_url, "user", BENCH_LOGIN, BENCH_PASSWORD)
    workdir = Path(tempfile.mkdtemp(prefix="crm-ui-bench-"))
    env = app_env(options.db_url, workdir, None, None, PROJECT_DIR)
    app = App(env, workdir / "app.log", PROJECT_DIR)
    try:
        url = app.start()
        results = measure(url, options.key_delay)
    finally:
        app.stop()
    print()
    print(f"| mesure (Chromium, {len(QUERIES)} requêtes) | p50 | p95 | cible |")
    print("|---|---|---|---|")
    for label, key, target in (
        ("dernière frappe → résultats affichés", "search", "p95 ≤ 150 ms"),
        ("dont avant l'envoi sur le websocket", "before_socket", ""),
        ("clic sur une ligne → en-tête et onglet affichés", "open", "p95 ≤ 300 ms"),
    ):
        values = results[key]
        if not values:
            print(f"| {label} | – | – | {target} |")
            continue
        print(
            f"| {label} | {statistics.median(values):.0f} ms "
            f"| {percentile(values, 0.95):.0f} ms | {target} |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
