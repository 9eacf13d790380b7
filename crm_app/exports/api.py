"""The download route of contact exports: ``GET /api/exports/<secret>``,
streamed so that 100,000 contacts never sit in memory."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from crm_app.core.clock import utcnow
from crm_app.db import session_scope
from crm_app.exports import service
from crm_app.exports.service import ExportRefused, ExportRequest
from crm_app.exports.writers import (
    MEDIA_TYPES,
    ExportFormat,
    csv_chunks,
    vcard_chunks,
    write_xlsx,
)

EXPORT_PATH = "/api/exports"
_READ_SIZE = 256 * 1024


def _redeem(token: str) -> ExportRequest:
    with session_scope() as session:
        request = service.redeem_ticket(session, token)
        session.commit()
    return request


def _file_chunks(request: ExportRequest) -> Iterator[bytes]:
    """The file, produced while it is sent (one read session for the whole file)."""
    with session_scope() as session:
        rows = service.matching_rows(session, request.query, request.include_archived)
        if request.file_format is ExportFormat.CSV:
            yield from csv_chunks(request.columns, rows)
        elif request.file_format is ExportFormat.VCARD:
            yield from vcard_chunks(rows)
        else:
            # xlsx is a zip: written whole to a temporary file, then sent.
            with tempfile.TemporaryFile() as spool:
                write_xlsx(request.columns, rows, spool)
                spool.seek(0)
                while chunk := spool.read(_READ_SIZE):
                    yield chunk


async def download_export(request: Request) -> Response:
    try:
        export = await run_in_threadpool(_redeem, request.path_params["token"])
    except ExportRefused as refused:
        return PlainTextResponse(str(refused), status_code=404)
    name = service.file_name(export.file_format, utcnow().strftime("%Y-%m-%d-%H%M"))
    return StreamingResponse(
        _file_chunks(export),
        media_type=MEDIA_TYPES[export.file_format],
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "Cache-Control": "no-store",
        },
    )


export_api = Starlette(routes=[Route(EXPORT_PATH + "/{token}", download_export)])
