"""Form controls shared by the contact forms (list dialog, header, sub-contacts)."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.models import CIVILITY_CHOICES
from crm_app.contacts.state import EMPTY_CHOICE


def text_input(value, on_change, field_id: str, **props) -> rx.Component:
    return rx.input(value=value, on_change=on_change, id=field_id, width="100%", **props)


def civility_select(value, on_change, field_id: str) -> rx.Component:
    """Radix selects cannot hold an empty value: "—" stands for none."""
    return rx.select(
        [EMPTY_CHOICE, *CIVILITY_CHOICES],
        value=rx.cond(value, value, EMPTY_CHOICE),
        on_change=on_change,
        id=field_id,
        width="100%",
    )
