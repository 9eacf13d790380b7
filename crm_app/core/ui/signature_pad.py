"""A signature pad: the customer signs on the phone's screen with a finger.

``signature_pad`` (MIT, szimek) comes from the npm registry through Reflex's
frontend install (this component's ``lib_dependencies``, pinned in
``reflex.lock/``), bundled and served by the app. The small adapter
``signature_pad.jsx`` beside this file draws the canvas and sends the drawing
as a PNG data URL after each stroke (see ``date_picker.py`` for how an adapter
reaches the build). The server checks it (``interventions.attachments``).
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventHandler, passthrough_event_spec

ADAPTER = rx.asset("signature_pad.jsx", shared=True)


class SignatureCanvas(rx.Component):
    library = ADAPTER.importable_path
    tag = "SignatureCanvas"
    lib_dependencies: list[str] = ["signature_pad@^5.1.0"]

    # Any new value clears the pad.
    clear_signal: rx.Var[int]
    # Where the strokes are kept in localStorage until cleared ("" for nowhere).
    draft_key: rx.Var[str]
    # Whether the server holds the drawing (it is sent again when it does not).
    server_has_drawing: rx.Var[bool]
    height: rx.Var[int]
    disabled: rx.Var[bool]

    # The drawing as "data:image/png;base64,…" after each stroke, "" when cleared.
    on_change: EventHandler[passthrough_event_spec(str)]


def signature_pad(on_change, clear_signal, field_id: str, **props) -> rx.Component:
    return SignatureCanvas.create(
        on_change=on_change, clear_signal=clear_signal, id=field_id, **props
    )
