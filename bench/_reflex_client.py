"""A minimal asyncio client for a Reflex app's event websocket, for load tests.

python-socketio's AsyncClient needs aiohttp, which is not installed here, so
this module speaks the three small protocols itself, over a plain asyncio TCP
connection to a loopback address:

* WebSocket (RFC 6455), through wsproto (sans-IO, already in the venv);
* Engine.IO v4: ``0{...}`` open, ``2``/``3`` ping/pong (the server pings),
  ``4...`` message, ``1`` close;
* Socket.IO v5 on the namespace Reflex listens on (``/_event``):
  ``40/_event,{auth}`` connect (Reflex puts its hydrate event in the auth
  payload), ``42/_event,["event", {...}]`` events both ways, ``44`` connect
  error, ``41`` disconnect.

The browser (``.web/utils/state.js``) connects to
``ws://HOST:PORT/_event/?EIO=4&transport=websocket&token=<tab token>`` with the
Reflex version as websocket subprotocol; so does this client.

``ReflexClient`` keeps a merged copy of the state deltas it receives and a
browser-like local storage (``rx.LocalStorage`` vars), so a load test can read
the rows a search returned or the session token a login set.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    RejectConnection,
    RejectData,
    Request,
    TextMessage,
)

LOOPBACK_HOSTS = ("127.0.0.1",)


class ProtocolError(Exception):
    """The server answered something this client does not understand or accept."""


class ClosedError(ProtocolError):
    """The connection closed."""


@dataclass
class Update:
    """One ``event`` message from the server: a state delta and/or frontend events."""

    received: float  # time.perf_counter() at reception
    delta: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)


class _WebSocket:
    """Just enough of a websocket client: text frames, pings, close."""

    def __init__(self) -> None:
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._parts: list[str] = []
        self.closed = False

    async def connect(
        self, host: str, port: int, target: str, subprotocols: list[str], timeout: float
    ) -> None:
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"Refusing to connect to {host!r}: loopback only.")
        self._reader, self._writer = await asyncio.wait_for(
            asyncio.open_connection(host, port), timeout
        )
        self._write(
            self._ws.send(Request(host=f"{host}:{port}", target=target, subprotocols=subprotocols))
        )
        deadline = time.monotonic() + timeout
        while True:
            data = await asyncio.wait_for(
                self._reader.read(65536), max(0.01, deadline - time.monotonic())
            )
            self._ws.receive_data(data or None)
            for event in self._ws.events():
                if isinstance(event, AcceptConnection):
                    return
                if isinstance(event, RejectConnection | RejectData):
                    raise ProtocolError(f"websocket upgrade refused: {event!r}")
            if not data:
                raise ClosedError("connection closed during the websocket handshake")

    def _write(self, data: bytes) -> None:
        if self._writer is None or self.closed:
            raise ClosedError("websocket closed")
        self._writer.write(data)

    async def send_text(self, text: str) -> None:
        self._write(self._ws.send(TextMessage(data=text)))
        await self._writer.drain()

    async def messages(self):
        """Yield complete text messages until the connection closes."""
        assert self._reader is not None
        while not self.closed:
            # Events first: the handshake's last read may have brought messages too.
            for event in self._ws.events():
                if isinstance(event, TextMessage):
                    self._parts.append(event.data)
                    if event.message_finished:
                        text, self._parts = "".join(self._parts), []
                        yield text
                elif isinstance(event, BytesMessage):
                    raise ProtocolError("unexpected binary websocket message")
                elif isinstance(event, Ping):
                    self._write(self._ws.send(event.response()))
                elif isinstance(event, CloseConnection):
                    with contextlib.suppress(Exception):
                        self._write(self._ws.send(event.response()))
                    self.closed = True
                    return
            data = await self._reader.read(262144)
            if not data:
                self.closed = True
                return
            self._ws.receive_data(data)

    async def close(self) -> None:
        if self._writer is None:
            return
        if not self.closed:
            with contextlib.suppress(Exception):
                self._write(self._ws.send(CloseConnection(code=1000)))
                await self._writer.drain()
        self.closed = True
        self._writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._writer.wait_closed(), 2)


class ReflexClient:
    """One browser tab: a client token, a socket.io connection, state and storage.

    ``client_storage`` maps a state var key (``"<state full name>.<var>_rx_state_"``)
    to its ``rx.LocalStorage`` name, as the frontend's ``clientStorage`` does.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        namespace: str = "/_event",
        subprotocol: str | None = None,
        client_storage: dict[str, str] | None = None,
        root_state: str = "reflex___state____state",
    ) -> None:
        self.host, self.port = host, port
        self.namespace = namespace
        self.subprotocol = subprotocol
        self.client_storage = client_storage or {}
        self.root_state = root_state
        self.local_storage: dict[str, str] = {}
        self.token = str(uuid.uuid4())
        self.state: dict[str, dict[str, Any]] = {}
        self.updates: asyncio.Queue[Update] = asyncio.Queue()
        self.connected = False
        self.closed_reason: str | None = None
        self._ws: _WebSocket | None = None
        self._reader_task: asyncio.Task | None = None
        self._connect_reply: asyncio.Future | None = None
        self._open_packet: asyncio.Future | None = None
        self.bytes_received = 0
        self.messages_received = 0

    # --- Connection ---------------------------------------------------------

    def storage_vars(self) -> dict[str, str]:
        """What the frontend sends as ``vars``: stored values by state var key."""
        return {
            key: self.local_storage[name]
            for key, name in self.client_storage.items()
            if name in self.local_storage
        }

    async def connect(self, boot_event: dict[str, Any] | None, timeout: float = 30) -> None:
        """Open the websocket and connect the namespace, sending ``boot_event``
        (Reflex's ``hydrate_and_load``) in the CONNECT packet as the browser does."""
        self.state = {}
        self._ws = _WebSocket()
        query = urlencode({"EIO": "4", "transport": "websocket", "token": self.token})
        target = f"{self.namespace}/?{query}"
        subprotocols = [self.subprotocol] if self.subprotocol else []
        await self._ws.connect(self.host, self.port, target, subprotocols, timeout)
        loop = asyncio.get_running_loop()
        self._connect_reply = loop.create_future()
        self._open_packet = loop.create_future()
        self._reader_task = asyncio.create_task(self._read_loop())
        await asyncio.wait_for(asyncio.shield(self._open_packet), timeout)
        auth = {"event": boot_event} if boot_event is not None else {}
        await self._ws.send_text(f"40{self.namespace}," + json.dumps(auth))
        await asyncio.wait_for(asyncio.shield(self._connect_reply), timeout)
        self.connected = True

    async def close(self) -> None:
        self.connected = False
        if self._ws is not None:
            if not self._ws.closed:
                with contextlib.suppress(Exception):
                    await self._ws.send_text(f"41{self.namespace},")
            await self._ws.close()
        if self._reader_task is not None:
            self._reader_task.cancel()
            with contextlib.suppress(BaseException):
                await self._reader_task

    async def _read_loop(self) -> None:
        assert self._ws is not None
        try:
            async for message in self._ws.messages():
                self.bytes_received += len(message)
                self.messages_received += 1
                await self._on_engineio(message)
            self.closed_reason = self.closed_reason or "server closed the connection"
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - reported through closed_reason
            self.closed_reason = f"{type(error).__name__}: {error}"
        finally:
            self.connected = False
            for future in (self._open_packet, self._connect_reply):
                if future is not None and not future.done():
                    future.set_exception(ClosedError(self.closed_reason or "closed"))
            # Wake up anyone waiting for an update.
            self.updates.put_nowait(Update(received=time.perf_counter(), delta={}, events=[]))

    async def _on_engineio(self, message: str) -> None:
        kind, body = message[:1], message[1:]
        if kind == "0":  # open
            if not self._open_packet.done():
                self._open_packet.set_result(json.loads(body))
        elif kind == "2":  # ping from the server
            await self._ws.send_text("3" + body)
        elif kind == "4":
            self._on_socketio(body)
        elif kind == "1":
            self.closed_reason = "engine.io close packet"
            await self._ws.close()

    def _on_socketio(self, packet: str) -> None:
        kind, rest = packet[:1], packet[1:]
        namespace = "/"
        if rest.startswith("/"):
            namespace, _, rest = rest.partition(",")
        if namespace != self.namespace:
            return
        # An ack id may precede the data; Reflex does not use acks towards clients.
        while rest[:1].isdigit():
            rest = rest[1:]
        if kind == "0":
            if not self._connect_reply.done():
                self._connect_reply.set_result(json.loads(rest) if rest else {})
        elif kind == "4":
            if not self._connect_reply.done():
                self._connect_reply.set_exception(ProtocolError(f"connect refused: {rest}"))
        elif kind == "1":
            self.closed_reason = "server disconnected the namespace"
            self.connected = False
        elif kind == "2":
            name, *args = json.loads(rest)
            self._on_event(name, args[0] if args else None)

    def _on_event(self, name: str, data: Any) -> None:
        if name == "event" and isinstance(data, dict):
            update = Update(
                received=time.perf_counter(),
                delta=data.get("delta") or {},
                events=data.get("events") or [],
            )
            self._apply(update)
            self.updates.put_nowait(update)
        elif name == "new_token" and isinstance(data, str):
            self.token = data
        elif name == "state_mismatch":
            self.closed_reason = f"state schema mismatch: {data}"

    def _apply(self, update: Update) -> None:
        """Merge the delta and keep client storage, like applyClientStorageDelta."""
        for substate, values in update.delta.items():
            self.state.setdefault(substate, {}).update(values)
        root = update.delta.get(self.root_state, {})
        if (
            root.get("is_hydrated_rx_state_") is False
            and len([k for k in update.delta if "." not in k]) == 1
        ):
            return  # the hydrate snapshot: storage is not written from it
        for substate, values in update.delta.items():
            for var, value in values.items():
                name = self.client_storage.get(f"{substate}.{var}")
                if name is not None:
                    self.local_storage[name] = value

    # --- Events -------------------------------------------------------------

    async def emit(self, event: dict[str, Any]) -> float:
        """Send one event; returns the perf_counter() time of the send."""
        if self._ws is None or not self.connected:
            raise ClosedError(self.closed_reason or "not connected")
        sent = time.perf_counter()
        await self._ws.send_text(f"42{self.namespace}," + json.dumps(["event", event]))
        return sent

    def drain(self) -> None:
        """Forget updates received so far (left over from an earlier action)."""
        while not self.updates.empty():
            self.updates.get_nowait()

    async def wait_for(
        self, done: Callable[[Update], bool], timeout: float, seen: list[Update] | None = None
    ) -> Update:
        """The first update for which ``done`` is true; every update read is
        appended to ``seen``. Raises TimeoutError, or ClosedError on disconnect."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            try:
                update = await asyncio.wait_for(self.updates.get(), remaining)
            except TimeoutError:
                raise TimeoutError from None
            if not self.connected and not update.delta and not update.events:
                raise ClosedError(self.closed_reason or "disconnected")
            if seen is not None:
                seen.append(update)
            if done(update):
                return update
