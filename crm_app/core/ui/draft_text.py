"""A text area that keeps its text in the browser (localStorage) until the
server confirms it is saved: a report typed in a cellar with no signal, or
before a reload, is not lost. See ``draft_text.jsx``; the wrapping technique
is ``date_picker.py``'s."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventHandler, passthrough_event_spec

ADAPTER = rx.asset("draft_text.jsx", shared=True)


class DraftTextArea(rx.Component):
    library = ADAPTER.importable_path
    tag = "DraftTextArea"

    # Where the draft is kept in localStorage (one per record and field).
    draft_key: rx.Var[str]
    value: rx.Var[str]
    # Any new value: the text is saved on the server, drop the local draft.
    saved_signal: rx.Var[int]
    rows: rx.Var[int]
    placeholder: rx.Var[str]
    invalid: rx.Var[bool]

    on_change: EventHandler[passthrough_event_spec(str)]


def draft_text_area(value, on_change, draft_key, saved_signal, field_id: str, **props):
    return DraftTextArea.create(
        value=value,
        on_change=on_change,
        draft_key=draft_key,
        saved_signal=saved_signal,
        id=field_id,
        **props,
    )
