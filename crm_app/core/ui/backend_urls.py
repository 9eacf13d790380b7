"""Addresses of the app's own backend routes (contact exports, calendar
feeds) as the browser must call them: on the backend's address. In the
README's single-port run it is the page's own; with ``reflex run`` in
development, the pages and the backend are on two ports, and a path
relative to the page would reach the page server.

Reflex knows the backend's address in the browser only
(``getBackendURL(env.UPLOAD)``, what its own uploaded-file links use), so
these are browser-side expressions; a download's URL holding that
expression is resolved by Reflex's download event, as for uploaded files.
"""

from __future__ import annotations

import json

import reflex as rx
from reflex_base.constants import Dirs
from reflex_base.event import EventSpec
from reflex_base.utils.imports import ImportVar
from reflex_base.vars import VarData
from reflex_base.vars.base import Var
from reflex_base.vars.sequence import StringVar

_BACKEND = "getBackendURL(env.UPLOAD)"
_IMPORTS = VarData(
    imports={
        f"$/{Dirs.STATE_PATH}": "getBackendURL",
        "$/env.json": ImportVar(tag="env", is_default=True),
    }
)

# The backend's origin (« http://serveur:8000 »), in a component.
backend_origin = Var(_js_expr=f"({_BACKEND}.origin)", _var_data=_IMPORTS).to(StringVar)


def download_from_backend(path: str, filename: str) -> EventSpec:
    """rx.download of the backend route ``path`` (« /api/exports/… »), from
    an event handler."""
    if not path.startswith("/"):
        raise ValueError("a backend route starts with /")
    url = Var(_js_expr=f"(new URL({json.dumps(path)}, {_BACKEND}).href)").to(str)
    return rx.download(url=url, filename=filename)
