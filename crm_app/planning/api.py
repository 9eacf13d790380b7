"""The calendar feed route: ``GET /api/calendrier/<token>.ics`` (no login:
the secret token is the key; an unknown or revoked one gets 404)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from crm_app.db import session_scope
from crm_app.planning import feeds
from crm_app.users import service as users


def _feed(token: str) -> bytes | None:
    with session_scope() as session:
        user = users.user_for_calendar_token(session, token)
        return feeds.feed_ics(session, user) if user is not None else None


async def calendar_feed(request: Request) -> Response:
    token = request.path_params["token"].removesuffix(".ics")
    body = await run_in_threadpool(_feed, token)
    if body is None:
        return PlainTextResponse("Calendrier introuvable.", status_code=404)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": "inline; filename=planning.ics",
        },
    )


feed_api = Starlette(routes=[Route(users.CALENDAR_FEED_PATH + "/{token}", calendar_feed)])
