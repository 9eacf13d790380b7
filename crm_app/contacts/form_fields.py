"""Form controls proper to the contact forms (list dialog, header, sub-contacts)."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.models import CIVILITY_CHOICES
from crm_app.core.ui.fields import text_select


def civility_select(value, on_change, field_id: str, **props) -> rx.Component:
    return text_select(list(CIVILITY_CHOICES), value, on_change, field_id, **props)
