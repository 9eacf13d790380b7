"""The fields and footer the equipment and contract dialogs share: each
field bound to one key of the dialog's form dict and of its error dict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from crm_app.core.ui.date_picker import date_picker
from crm_app.core.ui.fields import choice_select, labeled, text_area, text_input


@dataclass(frozen=True)
class DialogForm:
    """A dialog's form: its values, its errors, the event setting one field,
    and the prefix of its inputs' ids (« equipment » → #equipment-brand)."""

    values: Any  # Var[dict[str, str]]
    errors: Any  # Var[dict[str, str]]
    set_field: Callable[[str, Any], Any]
    prefix: str

    def _on_change(self, field: str):
        return lambda value: self.set_field(field, value)

    def text(self, label: str, field: str, **props) -> rx.Component:
        control = text_input(
            self.values[field], self._on_change(field), f"{self.prefix}-{field}", **props
        )
        return labeled(label, control, self.errors[field])

    def date(self, label: str, field: str) -> rx.Component:
        control = date_picker(
            self.values[field],
            self._on_change(field),
            f"{self.prefix}-{field}",
            error=self.errors[field],
        )
        return labeled(label, control, self.errors[field])

    def select(self, label: str, field: str, options) -> rx.Component:
        control = choice_select(
            options, self.values[field], self._on_change(field), f"{self.prefix}-{field}"
        )
        return labeled(label, control, self.errors[field])

    def notes(self, label: str, field: str = "notes") -> rx.Component:
        control = text_area(self.values[field], self._on_change(field), f"{self.prefix}-{field}")
        return labeled(label, control, self.errors[field], margin_top="0.8em")

    def footer(self, on_save) -> rx.Component:
        return rx.flex(
            rx.button("SAUVEGARDER ET FERMER", on_click=on_save, id=f"{self.prefix}-save"),
            rx.dialog.close(
                rx.button("ANNULER", variant="soft", color_scheme="gray", type="button")
            ),
            spacing="3",
            wrap="wrap",
            margin_top="1.2em",
        )
