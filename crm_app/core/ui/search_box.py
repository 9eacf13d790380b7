"""The one search box every list and picker uses.

Reflex wraps a controlled ``rx.input`` in a DebounceInput (300 ms by default);
adding ``.debounce(...)`` to the event would wait a second time. Search boxes
keep only the input's debounce, shortened so results follow the typing.
"""

from __future__ import annotations

import reflex as rx

SEARCH_DEBOUNCE_MS = 100


def search_input(value, on_change, field_id: str, *children: rx.Component, **props) -> rx.Component:
    """A controlled text input that sends ``on_change`` 100 ms after the last keystroke."""
    return rx.input(
        *children,
        value=value,
        on_change=on_change,
        id=field_id,
        debounce_timeout=SEARCH_DEBOUNCE_MS,
        auto_complete="off",
        **props,
    )
