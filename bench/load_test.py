"""Load test: many simulated browser tabs speaking Reflex's event protocol to
the production build of the app, over loopback only.

    .venv/bin/python -m bench.load_test                          # fresh SQLite demo database
    .venv/bin/python -m bench.load_test --db-url sqlite:////tmp/bench100k.db --clients 120
    .venv/bin/python -m bench.load_test --url http://127.0.0.1:3000 --password '…'
    .venv/bin/python -m bench.load_test --redis-url redis://127.0.0.1:6379/7 --workers 3 \
        --db-url 'postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dcrm_load'

Without ``--url`` the script starts the app itself the way tests/e2e/conftest.py
does (``reflex run --env prod --single-port`` on a free loopback port), after
``reflex db migrate`` (and ``manage bootstrap`` with the demo data when no
``--db-url`` is given), and stops it at the end.

Each simulated user (one websocket, see bench/_reflex_client.py):

1. opens /login: the hydrate event rides in the socket.io CONNECT packet;
2. logs in through ``AuthState.login`` with a real user (``--login``, created or
   given a new password by this script with crm_app.users.service when it
   knows the database), stores the session token the way the browser's
   localStorage does, and follows the redirect to / (the list's on_load);
3. until the end: types a search (``ContactListState.set_query``; sometimes a
   prefix first, as the 100 ms debounce lets through), opens one of the rows
   (``open_contact`` -> redirect -> the /contact/[contact_id] on_load),
   goes back to the list (its on_load), with think times in between.

The latency of an event runs from its emit to the last state update it causes:
for a plain handler the update carrying its delta (or its redirect); for a page
navigation (``on_load_internal``) the update setting ``is_hydrated`` back to
true, which Reflex queues after the page's on_load handlers. Errors are
exceptions, timeouts, disconnections, error toasts and redirects to /login.
The backend's memory is the summed RSS of the server's process session,
read from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from bench._reflex_client import ReflexClient, Update

PROJECT_DIR = Path(__file__).resolve().parents[1]
BENCH_LOGIN = "bench"
BENCH_PASSWORD = "Kouign-Amann-2026-Vitre"
STARTUP_TIMEOUT = 600

# Realistic things to type in the contact list's search box (the synthetic
# dataset's names, towns, postcodes and phone numbers, and the demo's).
# fmt: off
SEARCHES = [
    # names
    "Martin", "Le Gall", "Dubois", "Kerbrat", "Le Goff", "Moreau", "Guillou", "Tanguy",
    "Jaouen", "Quéméner", "Morvan", "Riou", "Le Floch", "Cadiou", "Pichon", "Fournier",
    "Gwenaëlle", "Nolwenn Le Bihan", "Loïc Morel", "Erwan", "Maëlle Roux", "Yann Le Corre",
    "boulangerie", "Garage Le Roux", "SCI", "Camping", "Mairie de", "Hôtel", "Ferme Riou",
    # towns
    "Rennes", "Saint-Malo", "Vitré", "Fougères", "Brest", "Quimper", "Lorient", "Vannes",
    "Nantes", "Laval", "Cherbourg", "Saint-Brieuc", "saint malo", "quimper",
    # postcodes
    "35000", "35400", "29200", "56100", "22000", "44000", "350", "29",
    # streets
    "rue de la Gare", "Victor Hugo", "impasse des Lilas", "Jean Jaurès",
    # phone fragments
    "02 99", "0299", "06 12", "+33 6", "0612 34", "02 98 4",
    # emails
    "exemple.fr", "marie.martin",
]
# fmt: on

ACTIONS = ("login", "list_page", "search", "open_contact", "contact_page")


# --- State names, computed from the State classes ----------------------------


@dataclass
class Names:
    root: str
    hydrate: str
    on_load_internal: str
    update_vars_internal: str
    auth: str
    login: str
    list_state: str
    set_query: str
    open_contact: str
    page_state: str
    client_storage: dict[str, str]
    namespace: str
    reflex_version: str


def compute_names() -> Names:
    """Full state and handler names as the frontend sends them."""
    import reflex
    from reflex.compiler.utils import compile_client_storage
    from reflex.state import OnLoadInternalState, State, UpdateVarsInternalState
    from reflex_base.config import get_config

    import crm_app.crm_app  # noqa: F401  (the whole state tree, as compiled)
    from crm_app.contacts.list_state import ContactListState
    from crm_app.contacts.page_state import ContactPageState
    from crm_app.users.state import AuthState

    def handler(state, name: str) -> str:
        getattr(state, name)  # fails early if the handler was renamed
        return f"{state.get_full_name()}.{name}"

    storage = compile_client_storage(State)
    client_storage = {
        key: options.get("name") or key
        for kind in ("cookies", "local_storage")
        for key, options in storage.get(kind, {}).items()
    }
    return Names(
        root=State.get_full_name(),
        hydrate=handler(State, "hydrate_and_load"),
        on_load_internal=handler(OnLoadInternalState, "on_load_internal"),
        update_vars_internal=handler(UpdateVarsInternalState, "update_vars_internal"),
        auth=AuthState.get_full_name(),
        login=handler(AuthState, "login"),
        list_state=ContactListState.get_full_name(),
        set_query=handler(ContactListState, "set_query"),
        open_contact=handler(ContactListState, "open_contact"),
        page_state=ContactPageState.get_full_name(),
        client_storage=client_storage,
        namespace=get_config().get_event_namespace(),
        reflex_version=reflex.constants.Reflex.VERSION,
    )


# --- The simulated user -------------------------------------------------------


class ActionError(Exception):
    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # contact_page: from the emit to the first delta of each substate of the page.
    breakdown: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    connect: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    error_examples: dict[str, str] = field(default_factory=dict)
    reconnects: int = 0
    users_started: int = 0
    users_logged_in: int = 0

    def error(self, action: str, error: BaseException) -> None:
        if isinstance(error, ActionError):
            kind = error.kind
        elif isinstance(error, TimeoutError):
            kind = "timeout"
        elif type(error).__name__ == "ClosedError":
            kind = "disconnected"
        else:
            kind = type(error).__name__
        key = f"{action}: {kind}"
        self.errors[key] += 1
        self.error_examples.setdefault(key, str(error)[:300])


def _path_of(update_event: dict[str, Any]) -> str:
    return str((update_event.get("payload") or {}).get("path") or "")


def check_errors(update: Update) -> None:
    """Raise for what the user would see as a failure: back to /login, an error toast."""
    for event in update.events:
        name = event.get("name")
        if name == "_redirect" and _path_of(event).startswith("/login"):
            raise ActionError("redirect_login", _path_of(event))
        if name in ("_call_function", "_call_script"):
            code = str((event.get("payload") or {}).get("function") or "")
            code += str((event.get("payload") or {}).get("javascript_code") or "")
            if "toast" in code and '"error"' in code:
                raise ActionError("toast_error", code[:200])
            if "alert(" in code:
                raise ActionError("alert", code[:200])


class User:
    def __init__(
        self,
        number: int,
        names: Names,
        host: str,
        port: int,
        args: argparse.Namespace,
        results: Results,
        stop_at: float,
    ) -> None:
        self.number = number
        self.names = names
        self.host, self.port = host, port
        self.args = args
        self.results = results
        self.stop_at = stop_at
        self.rng = random.Random(args.seed * 1000 + number)
        self.client = self._new_client()
        self.path = "/login"
        self.query: dict[str, str] = {}

    def _new_client(self, local_storage: dict[str, str] | None = None) -> ReflexClient:
        from bench._reflex_client import ReflexClient

        client = ReflexClient(
            self.host,
            self.port,
            namespace=self.names.namespace,
            subprotocol=self.names.reflex_version,
            client_storage=self.names.client_storage,
            root_state=self.names.root,
        )
        client.local_storage = dict(local_storage or {})
        return client

    # -- protocol helpers --

    def _router_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"pathname": self.path, "asPath": self.path}
        if self.query:
            data["query"] = dict(self.query)
        return data

    def _event(self, name: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        event: dict[str, Any] = {"name": name, "router_data": self._router_data()}
        if payload:
            event["payload"] = payload
        return event

    def _hydrated(self, update: Update) -> bool:
        check_errors(update)
        root = update.delta.get(self.names.root, {})
        return root.get("is_hydrated_rx_state_") is True

    async def _timed(self, action: str, coro) -> Any:
        started = time.perf_counter()
        try:
            result = await coro
        except Exception as error:  # noqa: BLE001 - every failure is counted
            self.results.error(action, error)
            raise
        self.results.latencies[action].append(time.perf_counter() - started)
        return result

    # -- the steps a browser takes --

    async def connect(self, path: str, query: dict[str, str] | None = None) -> None:
        """Open the page ``path`` in a new tab: hydrate_and_load in the CONNECT packet."""
        self.path, self.query = path, dict(query or {})
        boot = self._event(self.names.hydrate)
        if vars_ := self.client.storage_vars():
            boot["payload"] = {"vars": vars_}
        started = time.perf_counter()
        await self.client.connect(boot, timeout=self.args.timeout)
        await self.client.wait_for(self._hydrated, self.args.timeout)
        self.results.connect.append(time.perf_counter() - started)

    async def navigate(
        self, path: str, query: dict[str, str] | None = None, seen: list[Update] | None = None
    ) -> float:
        """A client-side navigation: storage vars, then on_load_internal (onLoadInternalEvent)."""
        self.path, self.query = path, dict(query or {})
        self.client.drain()
        if vars_ := self.client.storage_vars():
            await self.client.emit(self._event(self.names.update_vars_internal, {"vars": vars_}))
        sent = await self.client.emit(self._event(self.names.on_load_internal))
        await self.client.wait_for(self._hydrated, self.args.timeout, seen)
        return sent

    async def login(self) -> None:
        self.client.drain()
        form = {"login": self.args.login, "password": self.args.password}
        await self.client.emit(self._event(self.names.login, {"form_data": form}))

        def done(update: Update) -> bool:
            auth = update.delta.get(self.names.auth, {})
            if auth.get("login_error_rx_state_"):
                raise ActionError("login_refused", auth["login_error_rx_state_"])
            check_errors(update)
            return any(e.get("name") == "_redirect" for e in update.events)

        update = await self.client.wait_for(done, self.args.timeout)
        if not self.client.storage_vars():
            raise ActionError("no_session_token")
        redirect = next(e for e in update.events if e.get("name") == "_redirect")
        self._redirect_target = _path_of(redirect) or "/"

    async def search(self, text: str) -> None:
        self.client.drain()
        await self.client.emit(self._event(self.names.set_query, {"value": text}))
        list_state = self.names.list_state

        def done(update: Update) -> bool:
            check_errors(update)
            values = update.delta.get(list_state, {})
            return "rows_rx_state_" in values or values.get("query_rx_state_") == text

        await self.client.wait_for(done, self.args.timeout)

    async def open_contact(self, contact_id: int) -> None:
        self.client.drain()
        await self.client.emit(self._event(self.names.open_contact, {"contact_id": contact_id}))

        def done(update: Update) -> bool:
            check_errors(update)
            return any(e.get("name") == "_redirect" for e in update.events)

        update = await self.client.wait_for(done, self.args.timeout)
        redirect = next(e for e in update.events if e.get("name") == "_redirect")
        if _path_of(redirect) != f"/contact/{contact_id}":
            raise ActionError("unexpected_redirect", _path_of(redirect))

    async def contact_page(self, contact_id: int) -> None:
        seen: list[Update] = []
        sent = await self.navigate(f"/contact/{contact_id}", {"contact_id": str(contact_id)}, seen)
        page = self.client.state.get(self.names.page_state, {})
        if page.get("not_found_rx_state_") or page.get("contact_id_loaded_rx_state_") != contact_id:
            raise ActionError("contact_not_loaded", str(contact_id))
        # When each substate of the page first changed (one on_load fills them all).
        first: dict[str, float] = {}
        for update in seen:
            for substate in update.delta:
                if substate.startswith(self.names.page_state):
                    first.setdefault(substate, update.received)
        for substate, received in first.items():
            short = substate.rsplit("____", 1)[-1].removesuffix("_state")
            self.results.breakdown[short].append(received - sent)

    # -- the scenario --

    async def think(self, mean: float | None = None) -> None:
        mean = self.args.think if mean is None else mean
        if mean > 0:
            await asyncio.sleep(self.rng.uniform(0, 2 * mean))

    async def start(self) -> bool:
        """Open /login, log in, land on the list. False if that failed."""
        self.results.users_started += 1
        try:
            await self._timed("connect", self.connect("/login"))
        except Exception:  # noqa: BLE001 - counted
            return False
        try:
            await self._timed("login", self.login())
            await self._timed("list_page", self.navigate(self._redirect_target))
        except Exception:  # noqa: BLE001 - counted
            return False
        self.results.users_logged_in += 1
        return True

    async def reload(self) -> None:
        """After a failure: what a user does, reload the page (a new tab token,
        the same localStorage)."""
        self.results.reconnects += 1
        with contextlib.suppress(Exception):
            await self.client.close()
        self.client = self._new_client(self.client.local_storage)
        await self._timed("connect", self.connect("/"))

    async def run(self) -> None:
        if not await self.start():
            await self.client.close()
            return
        while time.monotonic() < self.stop_at:
            try:
                await self.iteration()
            except Exception:  # noqa: BLE001 - counted in _timed
                if time.monotonic() >= self.stop_at:
                    break
                try:
                    await self.reload()
                except Exception:  # noqa: BLE001 - counted
                    await asyncio.sleep(1)
        await self.client.close()

    async def iteration(self) -> None:
        text = self.rng.choice(SEARCHES)
        if len(text) > 4 and self.rng.random() < 0.4:
            # Typing with a pause longer than the debounce: the prefix goes first.
            await self._timed("search", self.search(text[: self.rng.randint(2, len(text) - 1)]))
            await asyncio.sleep(self.rng.uniform(0.35, 0.8))
        await self._timed("search", self.search(text))
        await self.think()
        if time.monotonic() >= self.stop_at:
            return
        rows = self.client.state.get(self.names.list_state, {}).get("rows_rx_state_") or []
        if rows and self.rng.random() < self.args.open_ratio:
            contact_id = int(self.rng.choice(rows)["id"])
            await self._timed("open_contact", self.open_contact(contact_id))
            await self._timed("contact_page", self.contact_page(contact_id))
            await self.think()
            if time.monotonic() >= self.stop_at:
                return
            await self._timed("list_page", self.navigate("/"))
            await self.think()


# --- The app under test -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(
    db_url: str, workdir: Path, redis_url: str | None, workers: int | None, app_dir: Path
) -> dict:
    env = dict(os.environ)
    tools_bin = app_dir / "tools" / "node_modules" / ".bin"
    env.update(
        # The app's own tree first (the venv's editable install points at this one).
        PYTHONPATH=str(app_dir),
        PATH=f"{tools_bin}:{Path(sys.executable).parent}:{env.get('PATH', '')}",
        REFLEX_DB_URL=db_url,
        REFLEX_USE_SYSTEM_BUN="true",
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        NEXT_TELEMETRY_DISABLED="1",
        CRM_ADMIN_PASSWORD=BENCH_PASSWORD,
        CRM_PRIVATE_DIR=str(workdir / "private"),
        # Geocoding would go to a closed loopback port: nothing leaves the machine.
        CRM_GEOCODER="ban",
        CRM_GEOCODER_DOMAIN="127.0.0.1:9/geocodage",
        CRM_GEOCODER_SCHEME="http",
        CRM_GEOCODER_TIMEOUT="1",
        CRM_MAP_TILES="/vendor/no-tiles/{z}/{x}/{y}.png",
    )
    env.pop("REFLEX_REDIS_URL", None)
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
    if workers:
        env["GRANIAN_WORKERS"] = str(workers)
    return env


def check_loopback_url(url: str, what: str) -> None:
    host = urlsplit(url).hostname
    if host != "127.0.0.1":
        raise SystemExit(f"{what} must point at 127.0.0.1 (got {host!r}).")


class App:
    """The production build, started like tests/e2e/conftest.py does."""

    def __init__(self, env: dict, log_path: Path, app_dir: Path) -> None:
        self.env = env
        self.app_dir = app_dir
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.port = 0

    def prepare(self, bootstrap: bool) -> None:
        reflex = str(Path(sys.executable).parent / "reflex")
        print("· reflex db migrate", flush=True)
        subprocess.run([reflex, "db", "migrate"], cwd=self.app_dir, env=self.env, check=True)
        if bootstrap:
            print("· python -m crm_app.manage bootstrap", flush=True)
            subprocess.run(
                [sys.executable, "-m", "crm_app.manage", "bootstrap"],
                cwd=self.app_dir,
                env=self.env,
                check=True,
            )

    def start(self) -> str:
        reflex = str(Path(sys.executable).parent / "reflex")
        self.port = free_port()
        print(
            f"· reflex run --env prod --single-port on 127.0.0.1:{self.port} "
            f"(log: {self.log_path})",
            flush=True,
        )
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    reflex,
                    "run",
                    "--env",
                    "prod",
                    "--single-port",
                    "--frontend-port",
                    str(self.port),
                    "--backend-host",
                    "127.0.0.1",
                ],
                cwd=self.app_dir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{self.port}"
        started = time.monotonic()
        deadline = started + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The app stopped:\n{self.log_path.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(url + "/ping", timeout=2) as response:
                    if response.status == 200:
                        with urllib.request.urlopen(url + "/login", timeout=5):
                            print(f"· served after {time.monotonic() - started:.0f} s", flush=True)
                            return url
            except OSError:
                pass
            time.sleep(1)
        raise RuntimeError(f"The app did not start in time:\n{self.log_path.read_text()[-4000:]}")

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def ensure_user(db_url: str, login: str, password: str) -> None:
    """Create the load-test user (office role), or give it this password."""
    from sqlmodel import select

    import crm_app.models  # noqa: F401
    from crm_app.db import session_scope
    from crm_app.users import service as users
    from crm_app.users.models import User as UserRow

    with session_scope() as session:
        user = session.exec(select(UserRow).where(UserRow.login == login)).first()
        if user is None:
            users.create_user(session, name="Test de charge", login=login, password=password)
        else:
            if not user.active:
                user.active = True
                session.add(user)
            users.set_password(session, user, password)
        session.commit()


def run_helper(app_dir: Path, db_url: str, *helper_args: str) -> str:
    """Run a helper of this file in a fresh interpreter, importing the app
    from ``app_dir`` (state names and the test user come from the code and
    the database that are under test)."""
    env = dict(os.environ, PYTHONPATH=str(app_dir), REFLEX_DB_URL=db_url)
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--helper", *helper_args],
        cwd=app_dir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def helper(argv: list[str]) -> None:
    if argv[:1] == ["names"]:
        print(json.dumps(dataclasses.asdict(compute_names())))
    elif argv[:1] == ["user"] and len(argv) == 3:
        ensure_user(os.environ["REFLEX_DB_URL"], argv[1], argv[2])
    else:
        raise SystemExit(f"unknown helper {argv}")


# --- Backend memory, from /proc -----------------------------------------------


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as handle:
            next(handle)
            for line in handle:
                parts = line.split()
                local, state, inode = parts[1], parts[3], parts[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    inodes.add(inode)
    return inodes


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(comm, ppid, session id) of a process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return comm, int(fields[1]), int(fields[3])


def _pss_kb(pid: int) -> int:
    """Proportional set size: each shared page counted once across processes
    (forked workers share most of the app with their supervisor, which a sum
    of RSS counts again for every process)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def _status_kb(pid: int, field: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    return 0


def _rss_kb(pid: int) -> int:
    return _status_kb(pid, "VmRSS")


def _anon_kb(pid: int) -> int:
    """The process's own memory (heap, stacks), without the pages of mapped
    files (code, the memory-mapped SQLite database: page cache)."""
    return _status_kb(pid, "RssAnon")


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
    return ""


def server_sessions(port: int) -> set[int]:
    """Session ids of the processes that hold the server's listening socket."""
    inodes = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    sessions = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (entry / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        stat = _stat(int(entry.name))
                        if stat:
                            sessions.add(stat[2])
                        break
    return sessions


def backend_processes(sessions: set[int]) -> list[dict[str, Any]]:
    processes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        stat = _stat(pid)
        if stat and stat[2] in sessions:
            processes.append(
                {
                    "pid": pid,
                    "ppid": stat[1],
                    "comm": stat[0],
                    "rss_kb": _rss_kb(pid),
                    "pss_kb": _pss_kb(pid),
                    "anon_kb": _anon_kb(pid),
                    "cmd": _cmdline(pid),
                }
            )
    return sorted(processes, key=lambda p: p["pid"])


def rss_mb(processes: list[dict[str, Any]]) -> float:
    return sum(p["rss_kb"] for p in processes) / 1024


def pss_mb(processes: list[dict[str, Any]]) -> float:
    return sum(p["pss_kb"] for p in processes) / 1024


# --- Report -------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = q / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_row(label: str, values: list[float], errors: int, seconds: float) -> str:
    if not values:
        return f"{label:<14}{0:>7}{errors:>7}" + f"{'—':>9}" * 6
    ms = [v * 1000 for v in values]
    return (
        f"{label:<14}{len(ms):>7}{errors:>7}{len(ms) / seconds:>9.1f}"
        f"{statistics.fmean(ms):>9.0f}{percentile(ms, 50):>9.0f}{percentile(ms, 95):>9.0f}"
        f"{percentile(ms, 99):>9.0f}{max(ms):>9.0f}"
    )


def report(
    results: Results,
    args: argparse.Namespace,
    seconds: float,
    memory: dict[str, Any],
    setup: dict[str, str],
) -> None:
    errors_by_action = Counter()
    for key, count in results.errors.items():
        errors_by_action[key.split(":")[0]] += count
    print()
    print("=" * 86)
    for key, value in setup.items():
        print(f"{key:<16}{value}")
    print(
        f"{'users':<16}{results.users_logged_in} logged in of {results.users_started} started, "
        f"{results.reconnects} reloads after an error"
    )
    print(f"{'measured':<16}{seconds:.1f} s of load")
    print("-" * 86)
    print(
        f"{'action':<14}{'count':>7}{'errors':>7}{'per s':>9}{'mean ms':>9}{'p50':>9}"
        f"{'p95':>9}{'p99':>9}{'max':>9}"
    )
    everything: list[float] = []
    for action in ACTIONS:
        values = results.latencies.get(action, [])
        everything += values
        print(latency_row(action, values, errors_by_action.get(action, 0), seconds))
    total_errors = sum(errors_by_action[a] for a in ACTIONS)
    print(latency_row("all events", everything, total_errors, seconds))
    print(
        latency_row(
            "(connect)",
            results.latencies.get("connect", []),
            errors_by_action.get("connect", 0),
            seconds,
        )
    )
    if results.breakdown:
        print("contact_page, from its emit to the first delta of each substate:")
        for short, values in sorted(
            results.breakdown.items(), key=lambda kv: percentile(kv[1], 50)
        ):
            print(latency_row(f"  {short[:12]}", values, 0, seconds))
    print("-" * 86)
    if results.errors:
        print("errors:")
        for key, count in results.errors.most_common():
            print(f"  {count:>6}  {key}   e.g. {results.error_examples[key][:120]}")
    else:
        print("errors: none")
    print("-" * 86)
    if memory:
        print(
            f"backend RSS     before load {memory['before']:.0f} MB, peak during load "
            f"{memory['peak']:.0f} MB, at end of load {memory['end']:.0f} MB, "
            f"after disconnect {memory['after']:.0f} MB"
        )
        print(
            f"backend PSS     after disconnect {memory['after_pss']:.0f} MB (all processes "
            "together, shared pages counted once)"
        )
        anon = sum(p["anon_kb"] for p in memory["processes"]) / 1024
        print(
            f"backend anon    after disconnect {anon:.0f} MB (RssAnon summed: memory not "
            "backed by files, so without the mapped database; forked workers' shared pages "
            "counted in each)"
        )
        pids = {p["pid"] for p in memory["processes"]}
        workers = [p for p in memory["processes"] if p["ppid"] in pids]
        print(
            f"processes       {len(memory['processes'])} in the server's session "
            f"(reflex/granian supervisor and {len(workers)} child process(es))"
        )
        for process in memory["processes"]:
            print(
                f"  pid {process['pid']:>7} ppid {process['ppid']:>7} "
                f"RSS {process['rss_kb'] / 1024:>5.0f} MB  "
                f"PSS {process['pss_kb'] / 1024:>5.0f} MB  "
                f"anon {process['anon_kb'] / 1024:>5.0f} MB  {process['cmd'][:50]}"
            )
    print("=" * 86)


# --- Main ---------------------------------------------------------------------


async def sample_memory(sessions: set[int], memory: dict[str, Any], stop: asyncio.Event) -> None:
    while not stop.is_set():
        memory["peak"] = max(memory.get("peak", 0.0), rss_mb(backend_processes(sessions)))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 2)


async def load(args: argparse.Namespace, names: Names, url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    results = Results()
    sessions = server_sessions(port)
    memory: dict[str, Any] = {}
    if sessions:
        memory["before"] = memory["peak"] = rss_mb(backend_processes(sessions))
    started = time.monotonic()
    stop_at = started + args.ramp + args.duration
    users = [User(i, names, host, port, args, results, stop_at) for i in range(args.clients)]

    async def run_user(user: User) -> None:
        await asyncio.sleep(args.ramp * user.number / max(1, args.clients))
        await user.run()

    stop_sampling = asyncio.Event()
    sampler = (
        asyncio.create_task(sample_memory(sessions, memory, stop_sampling)) if sessions else None
    )
    tasks = [asyncio.create_task(run_user(user)) for user in users]
    progress = asyncio.create_task(show_progress(results, started, stop_at))
    # Hard bound: the scenario stops at stop_at, the last action has its timeout.
    done, pending = await asyncio.wait(tasks, timeout=args.ramp + args.duration + args.timeout + 30)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if pending:
        results.errors["hard stop: cancelled users"] += len(pending)
        results.error_examples.setdefault("hard stop: cancelled users", "")
    for task in done:
        if task.exception() is not None:
            results.error("user", task.exception())
    elapsed = time.monotonic() - started
    progress.cancel()
    if sessions:
        memory["end"] = rss_mb(backend_processes(sessions))
    # Measured from the first user's start; users ramp in over args.ramp.
    seconds = elapsed
    if sampler is not None:
        stop_sampling.set()
        await sampler
        await asyncio.sleep(3)  # let the server drop the disconnected sessions
        processes = backend_processes(sessions)
        memory["after"] = rss_mb(processes)
        memory["after_pss"] = pss_mb(processes)
        memory["processes"] = processes
    return {"results": results, "seconds": seconds, "memory": memory}


async def show_progress(results: Results, started: float, stop_at: float) -> None:
    while True:
        await asyncio.sleep(10)
        done = sum(len(v) for v in results.latencies.values())
        print(
            f"  t={time.monotonic() - started:5.0f}s  {results.users_logged_in} users in, "
            f"{done} events, {sum(results.errors.values())} errors",
            flush=True,
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running app (http://127.0.0.1:PORT)")
    parser.add_argument(
        "--db-url",
        help="database of the app to start (or of --url, to "
        "create the test user); default: a fresh SQLite demo database",
    )
    parser.add_argument("--redis-url", help="REFLEX_REDIS_URL for the app started here")
    parser.add_argument(
        "--workers",
        type=int,
        help="GRANIAN_WORKERS for the app started here (default: Reflex's choice, 1 without Redis)",
    )
    parser.add_argument("--clients", type=int, default=120)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load after the ramp")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which users start")
    parser.add_argument(
        "--think",
        type=float,
        default=0.5,
        help="mean think time between actions, seconds (uniform 0..2x)",
    )
    parser.add_argument(
        "--open-ratio",
        type=float,
        default=0.6,
        help="share of searches followed by opening a contact",
    )
    parser.add_argument("--timeout", type=float, default=30, help="per event, seconds")
    parser.add_argument("--login", default=BENCH_LOGIN)
    parser.add_argument(
        "--password", default=None, help="password of --login; by default the script sets one"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--app-dir",
        default=str(PROJECT_DIR),
        help="the checkout to run (default: this one), e.g. a `git archive` "
        "of another commit with a copy of .web",
    )
    args = parser.parse_args(argv)
    if args.url:
        check_loopback_url(args.url, "--url")
        if args.redis_url or args.workers:
            parser.error("--redis-url and --workers configure the app this script starts")
    for option in ("db_url", "redis_url"):
        value = getattr(args, option)
        if value and urlsplit(value).hostname not in (None, "", "127.0.0.1"):
            parser.error(f"--{option.replace('_', '-')} must point at 127.0.0.1")
    if args.url and not args.db_url and not args.password:
        parser.error("with --url, give --db-url (to create the test user) or --password")
    return args


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--helper"]:
        helper(argv[1:])
        return
    args = parse_args(argv)
    app_dir = Path(args.app_dir).resolve()
    workdir = Path(tempfile.mkdtemp(prefix="crm-load-"))
    db_url = args.db_url or f"sqlite:///{workdir / 'load.db'}"
    app = None
    try:
        if args.url:
            url = args.url
        else:
            env = app_env(db_url, workdir, args.redis_url, args.workers, app_dir)
            app = App(env, workdir / "app.log", app_dir)
            app.prepare(bootstrap=not args.db_url)
        if args.password is None:
            args.password = BENCH_PASSWORD
            run_helper(app_dir, db_url, "user", args.login, args.password)
        names = Names(**json.loads(run_helper(app_dir, db_url, "names")))
        if app is not None:
            url = app.start()
        setup = {
            "app": url
            + (f" (started here from {app_dir}, prod, single port)" if app else " (given)"),
            "database": db_url,
            "redis": args.redis_url or "none (in-memory state manager)",
            "workers": str(args.workers or ("Reflex default" if args.redis_url else 1)),
            "scenario": f"{args.clients} clients, ramp {args.ramp:.0f} s + {args.duration:.0f} s, "
            f"think {args.think} s mean, open ratio {args.open_ratio}",
        }
        print(
            f"· {args.clients} clients for {args.duration:.0f} s (+{args.ramp:.0f} s ramp)",
            flush=True,
        )
        outcome = asyncio.run(load(args, names, url))
        report(outcome["results"], args, outcome["seconds"], outcome["memory"], setup)
    finally:
        if app is not None:
            app.stop()


if __name__ == "__main__":
    main()
