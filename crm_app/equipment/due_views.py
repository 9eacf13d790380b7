"""« À planifier »: the month's due maintenances and the drafts made from them."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.date_picker import datetime_picker
from crm_app.core.ui.fields import choice_select, labeled
from crm_app.core.ui.pager import pager
from crm_app.core.ui.search_box import search_input
from crm_app.core.ui.table import list_table
from crm_app.equipment.due_state import DueState as D
from crm_app.equipment.planning import CONTRACT_FILTER_LABELS, DueLine
from crm_app.users.layout import protected_page
from crm_app.users.state import OFFICE_ROLES

ROUTE = "/a-planifier"


def due_row(line: DueLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=D.selected.contains(rx.Var.create(line.equipment_id).to_string()),
                on_change=lambda checked: D.toggle(line.equipment_id, checked),
                class_name="due-select",
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.text(line.due_label, size="2", white_space="nowrap"),
                rx.cond(line.overdue, rx.badge("En retard", color_scheme="red", size="1")),
                align="center",
                wrap="wrap",
            )
        ),
        rx.table.cell(
            rx.link(
                line.customer,
                href="/contact/" + rx.Var.create(line.customer_id).to_string(),
                size="2",
                weight="medium",
            )
        ),
        rx.table.cell(rx.text(line.address, size="2"), display=["none", "table-cell"]),
        rx.table.cell(
            rx.vstack(
                rx.text(line.type_name, size="2"),
                rx.text(line.title, size="1", color_scheme="gray"),
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(line.contract_label, size="2"), display=["none", "table-cell"]),
        class_name="due-row",
    )


def drafts_dialog() -> rx.Component:
    form, errors = D.draft_form, D.draft_errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Créer les interventions en brouillon"),
            rx.text(
                D.selected.length(),
                " entretien(s) choisi(s) : une intervention par adresse, "
                "les équipements liés, la durée du type.",
                size="2",
                color_scheme="gray",
            ),
            rx.vstack(
                labeled(
                    "Type d'intervention",
                    choice_select(
                        D.task_options,
                        form["task_type_id"],
                        lambda v: D.set_draft_field("task_type_id", v),
                        "draft-task_type_id",
                    ),
                    errors["task_type_id"],
                ),
                labeled(
                    "Date et heure",
                    datetime_picker(
                        form["start_at"],
                        lambda v: D.set_draft_field("start_at", v),
                        "draft-start_at",
                        error=errors["start_at"],
                    ),
                    errors["start_at"],
                ),
                labeled(
                    "Intervenant (facultatif)",
                    choice_select(
                        D.technician_options,
                        form["technician_id"],
                        lambda v: D.set_draft_field("technician_id", v),
                        "draft-technician_id",
                    ),
                ),
                rx.cond(
                    D.skipped.length() > 0,
                    rx.callout(
                        rx.vstack(
                            rx.text("Non créées :", weight="bold"),
                            rx.foreach(D.skipped, lambda s: rx.text(s, size="2")),
                            spacing="1",
                        ),
                        icon="triangle_alert",
                        color_scheme="orange",
                        width="100%",
                    ),
                ),
                spacing="3",
                margin_top="0.8em",
            ),
            rx.flex(
                rx.button("Créer", on_click=D.create_drafts, id="drafts-create"),
                rx.dialog.close(
                    rx.button("Fermer", variant="soft", color_scheme="gray", type="button")
                ),
                spacing="3",
                margin_top="1.2em",
            ),
            max_width="520px",
            id="drafts-dialog",
        ),
        open=D.drafts_open,
        on_open_change=D.set_drafts_open,
    )


def filters_bar() -> rx.Component:
    return rx.flex(
        rx.hstack(
            rx.icon_button(
                rx.icon("chevron_left", size=16),
                variant="soft",
                on_click=D.shift_month(-1),
                aria_label="Mois précédent",
                id="due-previous",
            ),
            rx.text(
                D.month_text, weight="bold", min_width="9em", text_align="center", id="due-month"
            ),
            rx.icon_button(
                rx.icon("chevron_right", size=16),
                variant="soft",
                on_click=D.shift_month(1),
                aria_label="Mois suivant",
                id="due-next",
            ),
            align="center",
        ),
        rx.checkbox(
            "Inclure les retards",
            checked=D.include_overdue,
            on_change=D.set_include_overdue,
            id="due-overdue",
        ),
        search_input(
            D.place,
            D.set_place,
            "due-place",
            rx.input.slot(rx.icon("map_pin", size=14)),
            placeholder="Code postal ou ville",
            width="180px",
        ),
        rx.box(
            choice_select(D.type_options, D.type_id, D.set_type_id, "due-type"),
            width="200px",
        ),
        rx.select(
            list(CONTRACT_FILTER_LABELS.values()),
            default_value=CONTRACT_FILTER_LABELS[""],
            on_change=D.set_contract_filter,
            id="due-contract",
        ),
        rx.select(
            ["Par échéance", "Par lieu"],
            default_value="Par échéance",
            on_change=D.set_order,
            id="due-order",
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        margin_bottom="0.8em",
    )


def due_page() -> rx.Component:
    headers = [
        rx.table.column_header_cell(""),
        rx.table.column_header_cell("Échéance"),
        rx.table.column_header_cell("Client"),
        rx.table.column_header_cell("Adresse", display=["none", "table-cell"]),
        rx.table.column_header_cell("Équipement"),
        rx.table.column_header_cell("Contrat", display=["none", "table-cell"]),
    ]
    return protected_page(
        rx.flex(
            rx.heading("Entretiens à planifier", size="7"),
            rx.spacer(),
            rx.hstack(
                rx.link("Contrats d'entretien", href="/contrats", size="2", id="contracts-link"),
                rx.link("Relances", href="/relances", size="2", id="reminders-link"),
                spacing="4",
            ),
            align="center",
            margin_y="0.6em",
        ),
        rx.card(
            filters_bar(),
            rx.flex(
                rx.text(D.selected.length(), " sélectionné(s)", size="2", id="due-selected"),
                rx.button(
                    "Tout sélectionner",
                    size="1",
                    variant="soft",
                    on_click=D.select_all,
                    id="due-select-all",
                ),  # fmt: skip
                rx.button(
                    "Vider",
                    size="1",
                    variant="ghost",
                    color_scheme="gray",
                    on_click=D.clear_selection,
                ),  # fmt: skip
                rx.spacer(),
                rx.button(
                    rx.icon("calendar-plus", size=16),
                    "Créer les interventions",
                    on_click=D.open_drafts,
                    disabled=D.selected.length() == 0,
                    id="due-create",
                ),
                align="center",
                spacing="3",
                wrap="wrap",
                margin_bottom="0.6em",
            ),
            list_table(headers, D.lines, due_row),
            rx.flex(
                rx.text(D.range_text, size="2", color_scheme="gray", id="due-total"),
                rx.spacer(),
                pager(
                    D.page,
                    D.page_count,
                    D.go_to_page(D.page - 1),
                    D.go_to_page(D.page + 1),
                    has_next=D.has_next,
                    total_exact=D.total_exact,
                ),
                align="center",
                margin_top="0.8em",
            ),
        ),
        drafts_dialog(),
        roles=OFFICE_ROLES,
    )
