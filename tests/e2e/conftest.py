"""End-to-end fixtures: the real production build of the app on a free
loopback port, with its own SQLite database, driven by Debian's Chromium.

With ``CRM_TEST_DATABASE=postgresql`` the app uses the ``crm_e2e`` schema of the
PostgreSQL test database and keeps its states in Redis, served by several
backend workers (see ``tests/databases.py``).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import databases
from tests.geo_stub import StubGeocoder

PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_DIR / "test-artifacts"
ADMIN_PASSWORD = "e2e-Rennes-2026-clef"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
STARTUP_TIMEOUT = 420
# Backend workers on PostgreSQL + Redis (Reflex would start 2 per core + 1).
PG_WORKERS = int(os.environ.get("CRM_TEST_WORKERS", "2"))
expect.set_options(timeout=15_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _app_env(db_url: str, workdir: Path, geocoder_domain: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REFLEX_REDIS_URL", None)
    env.pop("GRANIAN_WORKERS", None)
    env.pop("REFLEX_OPLOCK_ENABLED", None)
    env.pop("REFLEX_OPLOCK_HOLD_TIME", None)
    tools_bin = PROJECT_DIR / "tools" / "node_modules" / ".bin"
    env.update(
        PATH=f"{tools_bin}:{Path(sys.executable).parent}:{env.get('PATH', '')}",
        REFLEX_DB_URL=db_url,
        REFLEX_USE_SYSTEM_BUN="true",
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        CRM_ADMIN_PASSWORD=ADMIN_PASSWORD,
        CRM_PRIVATE_DIR=str(workdir / "private"),
        # Geocoding goes to a local stub answering like the BAN: never the internet.
        CRM_GEOCODER="ban",
        CRM_GEOCODER_DOMAIN=f"{geocoder_domain}/geocodage",
        CRM_GEOCODER_SCHEME="http",
        CRM_MAP_TILES="/vendor/no-tiles/{z}/{x}/{y}.png",
    )
    if databases.on_postgresql():
        env.update(
            REFLEX_REDIS_URL=databases.REDIS_URL,
            GRANIAN_WORKERS=str(PG_WORKERS),
            # As the README's scale-out set-up: a worker keeps a tab's state
            # while that tab is busy, instead of a Redis round trip per event.
            REFLEX_OPLOCK_ENABLED="true",
            REFLEX_OPLOCK_HOLD_TIME="2000ms",
            # Granian announces each worker it spawns ("Spawning worker-N").
            GRANIAN_LOG_LEVEL="info",
        )
    return env


def _app_database(workdir: Path) -> str:
    """An empty database for the app; on PostgreSQL also an empty Redis db."""
    if not databases.on_postgresql():
        return f"sqlite:///{workdir / 'e2e.db'}"
    import redis

    redis.Redis.from_url(databases.REDIS_URL).flushdb()
    return databases.reset_pg_schema("e2e")


def _assert_workers(log_path: Path) -> None:
    """On PostgreSQL + Redis the backend really runs several workers."""
    if not databases.on_postgresql():
        return
    spawned = set(re.findall(r"Spawning (worker-\d+)", log_path.read_text()))
    assert len(spawned) >= PG_WORKERS >= 2, f"Backend workers: {sorted(spawned)}"


def _wait_until_served(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The app stopped:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/ping", timeout=2) as response:
                if response.status == 200:
                    with urllib.request.urlopen(url + "/login", timeout=5):
                        return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"The app did not start in time:\n{log_path.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("e2e")
    stub = StubGeocoder().start()
    env = _app_env(_app_database(workdir), workdir, stub.domain)
    python = sys.executable
    reflex = str(Path(python).parent / "reflex")
    subprocess.run([reflex, "db", "migrate"], cwd=PROJECT_DIR, env=env, check=True)
    subprocess.run(
        [python, "-m", "crm_app.manage", "bootstrap"], cwd=PROJECT_DIR, env=env, check=True
    )
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "e2e-app.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                reflex,
                "run",
                "--env",
                "prod",
                "--single-port",
                "--frontend-port",
                str(port),
                "--backend-host",
                "127.0.0.1",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_served(url, process, log_path)
        _assert_workers(log_path)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        stub.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(20000)
    page = context.new_page()
    page.app_url = app_url
    yield page
    context.close()


def log_in_as(page, login_name: str, password: str, *, wait: bool = True) -> None:
    """Log in through the login page; by default wait for the contact list."""
    page.goto(page.app_url + "/login")
    page.fill("#login-input", login_name)
    page.fill("#password-input", password)
    page.click("#login-button")
    if wait:
        page.wait_for_selector(".contact-row")


def login(page, password: str = ADMIN_PASSWORD) -> None:
    log_in_as(page, "admin", password)


def search_contacts(page, text: str) -> None:
    """Type in the contact list's search box and wait until the rows answer it
    (a click on the previous rows could land on a row being replaced)."""
    page.fill("#contact-search", text)
    expect(page.locator("#contact-table")).to_have_attribute("data-query", text)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def unique(name: str) -> str:
    return f"{name} {int(time.time() * 1000) % 10_000_000}"


def create_company(page, name: str) -> None:
    page.click("#new-company")
    page.fill("#new-name", name)
    page.fill("#new-city", "Rennes")
    page.fill("#new-zip", "35000")
    page.fill("#new-street", "3 place des Lices")
    page.click("#new-save")
    expect(page.locator("#contact-title")).to_have_text(name)


def assert_nothing_covers(page, selector: str) -> None:
    """The element is what a click at its centre reaches (no toast over it)."""
    reached = page.evaluate(
        """(selector) => {
            const target = document.querySelector(selector);
            const box = target.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return target.contains(hit);
        }""",
        selector,
    )
    assert reached, f"something covers {selector}"
