"""Browser caching of the app's static files (an ASGI middleware).

The production build's scripts and styles under ``/assets/`` are named after
their content (Vite's hashes): they never change under the same name, so the
browser may keep them a year without asking again. Without this header every
page load revalidates dozens of modules, one round trip each: on a phone's
slow network that alone costs seconds (see bench/day_browser.py). The
libraries under ``/vendor/`` (Leaflet…) keep their names across versions:
a day. Pages and API answers are left as they are."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CACHE_RULES = (
    ("/assets/", b"public, max-age=31536000, immutable"),
    ("/vendor/", b"public, max-age=86400"),
)


class StaticCacheHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = None
        if scope.get("type") == "http":
            path = scope.get("path", "")
            rule = next((value for prefix, value in CACHE_RULES if path.startswith(prefix)), None)
        if rule is None:
            await self.app(scope, receive, send)
            return

        async def send_with_cache(message: Message) -> None:
            if message.get("type") == "http.response.start" and message.get("status") in (
                200,
                304,
            ):
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != b"cache-control"
                ]
                headers.append((b"cache-control", rule))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cache)
