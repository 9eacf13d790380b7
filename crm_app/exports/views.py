"""« Exporter » on the contact list: a dialog choosing the format and the
columns of the current search's export."""

from __future__ import annotations

import reflex as rx

from crm_app.exports.columns import COLUMNS
from crm_app.exports.state import ContactExportState as S
from crm_app.exports.writers import FORMAT_LABELS


def _column_choice(key: str, label: str) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(
                checked=S.chosen.contains(key),
                on_change=lambda checked: S.toggle_column(key, checked),
                id=f"export-column-{key}",
            ),
            rx.text(label, size="2"),
            align="center",
            spacing="2",
        )
    )


def export_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Exporter les contacts"),
            rx.dialog.description(
                "Tous les contacts de la recherche en cours (pas seulement la page affichée).",
                size="2",
                color_scheme="gray",
            ),
            rx.vstack(
                rx.text(S.count_label, size="2", weight="medium", id="export-count"),
                rx.text("Format", weight="medium", size="2"),
                rx.radio_group.root(
                    rx.vstack(
                        *[
                            rx.radio_group.item(label, value=fmt.value, id=f"export-format-{fmt}")
                            for fmt, label in FORMAT_LABELS.items()
                        ],
                        spacing="1",
                    ),
                    value=S.file_format,
                    on_change=S.set_format,
                    id="export-format",
                ),
                rx.text("Colonnes", weight="medium", size="2", margin_top="0.5em"),
                rx.grid(
                    *[_column_choice(c.key, c.label) for c in COLUMNS],
                    columns="2",
                    spacing="2",
                    width="100%",
                ),
                rx.text(
                    "La vCard reprend toujours nom, téléphones, e-mail et adresse.",
                    size="1",
                    color_scheme="gray",
                ),
                rx.cond(
                    S.error != "",
                    rx.callout(
                        S.error, icon="triangle_alert", color_scheme="red", id="export-error"
                    ),
                ),
                spacing="2",
                margin_top="1em",
                width="100%",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Annuler", variant="soft", color_scheme="gray")),
                rx.button(
                    rx.icon("download", size=16),
                    "Exporter",
                    on_click=S.start_export,
                    id="export-start",
                ),
                justify="end",
                spacing="3",
                margin_top="1.2em",
            ),
            max_width="560px",
        ),
        open=S.dialog_open,
        on_open_change=lambda is_open: rx.cond(is_open, rx.noop(), S.close_dialog()),
    )


def export_button(query: str, include_archived: bool) -> rx.Component:
    """The button that opens the dialog for the list's current search (the
    arguments are the list's state vars, typed as their values)."""
    return rx.fragment(
        rx.button(
            rx.icon("file_down", size=16),
            "Exporter",
            variant="soft",
            on_click=S.open_dialog(query, include_archived),
            id="export-contacts",
        ),
        export_dialog(),
    )
