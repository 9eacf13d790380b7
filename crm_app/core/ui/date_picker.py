"""French date and date-time entry: « jj/mm/aaaa » and « jj/mm/aaaa hh:mm »
(24 h), whatever the browser's language, with a calendar in French (Monday
first) and keyboard typing.

The value is the French text the state holds ("03/12/2026", "03/12/2026 14:30");
``on_change`` receives the text as typed, or as picked in the calendar. The
server parses and validates it (``core.validators.parse_date`` /
``parse_local_datetime``) and ``core.formatting.date_input`` /
``datetime_input`` give it back for a stored value.

How the wrapping works (the same technique serves any React library):

- ``react-datepicker`` (MIT, Hacker0x01) and ``date-fns`` (MIT) come from the
  npm registry through Reflex's own frontend install: they are this
  component's ``lib_dependencies``, so ``reflex run`` / ``export`` adds them to
  ``.web/package.json`` and the pins land in ``reflex.lock/`` (committed).
  They are bundled by Vite and served by the app: nothing is fetched at run time.
- A small React adapter, ``date_picker.jsx`` beside this file, turns the text
  into the library's ``Date`` and back, keeps the text locally so no keystroke
  is lost on the round trip, and draws the field as a Radix ``TextField``. It
  imports the library's stylesheet and ``date_picker.css`` (the Radix theme's
  colours). ``rx.asset(..., shared=True)`` links both files into
  ``assets/external/``; the build copies them into ``.web/public``, where the
  adapter is imported like a package (``library`` = its importable path).
- ``FrenchDatePicker`` below declares the adapter's props and its one event
  trigger; ``date_picker`` / ``datetime_picker`` are what the forms call.
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventHandler, passthrough_event_spec

ADAPTER = rx.asset("date_picker.jsx", shared=True)
STYLESHEET = rx.asset("date_picker.css", shared=True)  # imported by the adapter


class FrenchDatePicker(rx.Component):
    """The React adapter of ``date_picker.jsx`` around react-datepicker."""

    library = ADAPTER.importable_path
    tag = "FrenchDatePicker"
    lib_dependencies: list[str] = ["react-datepicker@^9.1.0", "date-fns@^4.1.0"]

    # The French text shown and edited ("" for none).
    value: rx.Var[str]
    # Date and time (« jj/mm/aaaa hh:mm », hours every 15 min in the list) or date only.
    with_time: rx.Var[bool]
    # Shown while empty; « jj/mm/aaaa » or « jj/mm/aaaa hh:mm » by default.
    placeholder: rx.Var[str]
    disabled: rx.Var[bool]
    # Draws the field in red (the server refused the text).
    invalid: rx.Var[bool]

    # The new text: each keystroke, or a pick in the calendar or the hour list.
    on_change: EventHandler[passthrough_event_spec(str)]


def date_picker(value, on_change, field_id: str, *, error=None, **props) -> rx.Component:
    """A date: « jj/mm/aaaa »."""
    return _picker(value, on_change, field_id, with_time=False, error=error, **props)


def datetime_picker(value, on_change, field_id: str, *, error=None, **props) -> rx.Component:
    """A date and a time: « jj/mm/aaaa hh:mm », 24 h."""
    return _picker(value, on_change, field_id, with_time=True, error=error, **props)


def _picker(value, on_change, field_id: str, *, with_time: bool, error, **props) -> rx.Component:
    if error is not None:
        props.setdefault("invalid", error.bool())
    return FrenchDatePicker.create(
        value=value, on_change=on_change, id=field_id, with_time=with_time, **props
    )
