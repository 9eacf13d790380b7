"""RGPD: the contact page's personal-data menu and the retention page."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.dialogs import confirm_dialog
from crm_app.rgpd.state import RetentionLine
from crm_app.rgpd.state import RetentionState as R
from crm_app.rgpd.state import RgpdState as G
from crm_app.users.layout import protected_page
from crm_app.users.state import OFFICE_ROLES

# RetentionState's vars and the foreach rows are Vars at runtime but typed as
# their Python values: rx.Var.create returns a Var unchanged and types it.


def personal_data_menu() -> rx.Component:
    """Export (right of access) and erasure (right to erasure) of a main
    contact, for the office (a header action of the contact page)."""
    return rx.cond(G.can_edit & ~G.is_sub_contact, _personal_data_menu())


def _personal_data_menu() -> rx.Component:
    return rx.fragment(
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("shield", size=16),
                    "Données personnelles",
                    rx.icon("chevron_down", size=14),
                    variant="soft",
                    color_scheme="gray",
                    id="personal-data",
                )
            ),
            rx.menu.content(
                rx.menu.item("Exporter (JSON)", on_click=G.export_json, id="export-json"),
                rx.menu.item("Exporter (CSV)", on_click=G.export_csv, id="export-csv"),
                rx.menu.separator(),
                rx.menu.item(
                    "Effacer les données…",
                    color="red",
                    on_click=G.set_erase_dialog_open(True),
                    id="erase-open",
                ),
            ),
        ),
        confirm_dialog(
            "Effacer les données personnelles ?",
            "Nom, coordonnées, adresses, notes, consentement et position du contact et "
            "de ses adresses seront effacés définitivement. Les factures sont conservées "
            "(obligation légale de 10 ans) mais ne porteront plus ses données. "
            "Cette action est inscrite au journal.",
            "Effacer définitivement",
            G.erase,
            confirm_id="erase-confirm",
            open=G.erase_dialog_open,
            on_open_change=G.set_erase_dialog_open,
        ),
    )


def retention_row(line: RetentionLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=rx.Var.create(R.selected).contains(rx.Var.create(line.id).to_string()),
                on_change=lambda checked: R.toggle(line.id, checked),
                class_name="retention-choice",
            )
        ),
        rx.table.cell(rx.link(line.name, href="/contact/" + rx.Var.create(line.id).to_string())),
        rx.table.cell(rx.text(line.reason, size="2")),
        rx.table.cell(rx.text(line.last_activity, size="2")),
        class_name="retention-row",
    )


def retention_page() -> rx.Component:
    return protected_page(
        rx.heading("Durées de conservation (RGPD)", size="6", margin_y="0.8em"),
        rx.callout(
            "Prospects sans activité depuis 3 ans et clients dont le dernier document a plus de "
            "3 ans (recommandation de la CNIL). Anonymiser efface leurs données personnelles ; "
            "les factures restent, sans données personnelles.",
            icon="info",
            color_scheme="gray",
            margin_bottom="1em",
        ),
        rx.card(
            rx.flex(
                rx.checkbox("Tout sélectionner", on_change=R.select_all, id="retention-all"),
                rx.spacer(),
                rx.button(
                    "Anonymiser la sélection",
                    color_scheme="red",
                    disabled=rx.Var.create(R.selected).length() == 0,
                    on_click=R.set_confirm_open(True),
                    id="retention-anonymise",
                ),
                align="center",
                margin_bottom="0.8em",
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(""),
                        rx.table.column_header_cell("Contact"),
                        rx.table.column_header_cell("Motif"),
                        rx.table.column_header_cell("Dernière activité"),
                    )
                ),
                rx.table.body(rx.foreach(R.lines, retention_row)),
                width="100%",
            ),
            rx.cond(
                rx.Var.create(R.lines).length() == 0,
                rx.text("Aucun contact à anonymiser.", color_scheme="gray", size="2"),
            ),
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.content(
                rx.alert_dialog.title(
                    "Anonymiser ", rx.Var.create(R.selected).length(), " contact(s) ?"
                ),
                rx.alert_dialog.description(
                    "Leurs données personnelles seront effacées définitivement."
                ),
                rx.flex(
                    rx.alert_dialog.cancel(
                        rx.button("Annuler", variant="soft", color_scheme="gray")
                    ),
                    rx.alert_dialog.action(
                        rx.button(
                            "Anonymiser",
                            color_scheme="red",
                            on_click=R.anonymise_selected,
                            id="retention-confirm",
                        )
                    ),
                    spacing="3",
                    justify="end",
                    margin_top="1em",
                ),
            ),
            open=R.confirm_open,
            on_open_change=R.set_confirm_open,
        ),
        roles=OFFICE_ROLES,
    )
