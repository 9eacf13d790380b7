"""Maintenance contracts: the section and dialog of the contact page's
« Équipements » tab, and the « Contrats d'entretien » page."""

from __future__ import annotations

import reflex as rx

from crm_app.core.formatting import month_name
from crm_app.core.ui.fields import labeled
from crm_app.core.ui.options import ChoiceOption
from crm_app.core.ui.pager import pager
from crm_app.core.ui.search_box import search_input
from crm_app.core.ui.table import list_table
from crm_app.documents.views import state_badge
from crm_app.equipment.contract_state import ContractListState as L
from crm_app.equipment.contract_state import ContractTabState as C
from crm_app.equipment.contracts import ContractLine
from crm_app.equipment.dialog_controls import DialogForm
from crm_app.equipment.forms import PERIODICITY_CHOICES
from crm_app.equipment.models import CONTRACT_STATE_LABELS
from crm_app.users.layout import protected_page
from crm_app.users.state import OFFICE_ROLES

CONTRACTS_ROUTE = "/contrats"
STATE_OPTIONS = [ChoiceOption(value=k, label=v) for k, v in CONTRACT_STATE_LABELS.items()]
PERIODICITY_OPTIONS = [
    ChoiceOption(value=k, label=v if k else "Celle de chaque équipement")
    for k, v in PERIODICITY_CHOICES.items()
    if k
]
MONTH_OPTIONS = [ChoiceOption(value=str(n), label=month_name(n)) for n in range(1, 13)]


def contract_row(line: ContractLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text("n° ", line.id, size="2", weight="medium")),
        rx.table.cell(rx.text(line.place, size="2")),
        rx.table.cell(rx.text(line.start_label, size="2")),
        rx.table.cell(rx.text(line.end_label, size="2")),
        rx.table.cell(rx.text(line.price_label, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(line.equipment_count, " équip.", size="2")),
        rx.table.cell(state_badge(line.state, line.state_label)),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    C.can_edit,
                    rx.icon_button(
                        rx.icon("pencil", size=14),
                        variant="ghost",
                        aria_label="Modifier",
                        on_click=C.open_edit_contract(line.id),
                        class_name="contract-edit",
                    ),
                ),
                rx.icon_button(
                    rx.icon("printer", size=14),
                    variant="ghost",
                    aria_label="Imprimer",
                    on_click=C.print_contract(line.id),
                    class_name="contract-print",
                ),
                spacing="2",
            )
        ),
        class_name="contract-row",
    )


def contracts_section() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading("Contrats d'entretien", size="3"),
            rx.spacer(),
            rx.cond(
                C.can_edit & C.active,
                rx.button(
                    rx.icon("file-plus", size=14),
                    "Nouveau contrat",
                    size="2",
                    variant="soft",
                    on_click=C.open_new_contract,
                    id="contract-new",
                ),
            ),
            align="center",
            width="100%",
        ),
        rx.cond(
            C.contract_lines.length() == 0,
            rx.text("Aucun contrat d'entretien.", color_scheme="gray", size="2"),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in (
                                    "Contrat",
                                    "Lieu",
                                    "Début",
                                    "Fin",
                                    "Prix annuel",
                                    "Couvre",
                                    "État",
                                    "",
                                )
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(C.contract_lines, contract_row)),
                    size="1",
                    width="100%",
                ),
                overflow_x="auto",
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
        margin_top="1em",
    )


def contract_dialog() -> rx.Component:
    form = DialogForm(C.contract_form, C.contract_errors, C.set_contract_field, "contract")
    errors = C.contract_errors
    date_field, select_field = form.date, form.select

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(
                    C.contract_editing_id,
                    "Modifier : Contrat d'entretien",
                    "Créer : Contrat d'entretien",
                )
            ),
            rx.cond(
                C.contract_form_error,
                rx.callout(C.contract_form_error, icon="triangle_alert", color_scheme="red"),
            ),
            rx.grid(
                rx.vstack(
                    select_field("Adresse", "address_id", C.contract_address_options),
                    labeled(
                        "Équipements couverts",
                        rx.vstack(
                            rx.foreach(
                                C.contract_equipment_options,
                                lambda option: rx.checkbox(
                                    option.label,
                                    checked=C.contract_equipment.contains(option.value),
                                    on_change=lambda checked: C.toggle_contract_equipment(
                                        option.value, checked
                                    ),
                                    class_name="contract-equipment",
                                ),
                            ),
                            rx.cond(
                                C.contract_equipment_options.length() == 0,
                                rx.text(
                                    "Aucun équipement à cette adresse : ajoutez-le d'abord.",
                                    size="1",
                                    color_scheme="gray",
                                ),
                            ),
                            spacing="1",
                        ),
                        errors["equipment_ids"],
                    ),
                    select_field("Périodicité", "periodicity_months", PERIODICITY_OPTIONS),
                    select_field("Mois de visite préféré", "preferred_month", MONTH_OPTIONS),
                    spacing="3",
                ),
                rx.vstack(
                    select_field("État", "state", STATE_OPTIONS),
                    form.text("Prix annuel (€)", "yearly_price_cents", input_mode="decimal"),
                    date_field("Début", "start_on"),
                    rx.checkbox(
                        "Reconduction tacite",
                        checked=C.contract_form["tacit_renewal"] == "true",
                        on_change=lambda v: C.set_contract_field(
                            "tacit_renewal", rx.cond(v, "true", "false")
                        ),
                        id="contract-tacit_renewal",
                    ),
                    date_field("Fin", "end_on"),
                    spacing="3",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
                margin_top="0.5em",
            ),
            form.notes("Conditions particulières"),
            form.footer(C.save_contract),
            max_width="760px",
            id="contract-dialog",
        ),
        open=C.contract_dialog_open,
        on_open_change=C.set_contract_dialog_open,
    )


def _list_row(line: ContractLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text("n° ", line.id, size="2")),
        rx.table.cell(
            rx.link(
                line.customer,
                href="/contact/" + rx.Var.create(line.customer_id).to_string(),
                size="2",
                weight="medium",
            )
        ),
        rx.table.cell(rx.text(line.place, size="2"), display=["none", "table-cell"]),
        rx.table.cell(rx.text(line.start_label, size="2"), display=["none", "table-cell"]),
        rx.table.cell(rx.text(line.end_label, size="2"), display=["none", "table-cell"]),
        rx.table.cell(rx.text(line.price_label, size="2", white_space="nowrap")),
        rx.table.cell(state_badge(line.state, line.state_label)),
        rx.table.cell(
            rx.icon_button(
                rx.icon("printer", size=14),
                variant="ghost",
                aria_label="Imprimer",
                on_click=L.print_contract(line.id),
            )
        ),
        class_name="contract-list-row",
    )


def contracts_page() -> rx.Component:
    headers = [
        rx.table.column_header_cell("Contrat"),
        rx.table.column_header_cell("Client"),
        rx.table.column_header_cell("Lieu", display=["none", "table-cell"]),
        rx.table.column_header_cell("Début", display=["none", "table-cell"]),
        rx.table.column_header_cell("Fin", display=["none", "table-cell"]),
        rx.table.column_header_cell("Prix annuel"),
        rx.table.column_header_cell("État"),
        rx.table.column_header_cell(""),
    ]
    return protected_page(
        rx.heading("Contrats d'entretien", size="7", margin_y="0.6em"),
        rx.card(
            rx.flex(
                search_input(
                    L.query,
                    L.set_query,
                    "contract-search",
                    rx.input.slot(rx.icon("search", size=16)),
                    placeholder="Rechercher : client, ville…",
                    max_width="420px",
                    flex="1",
                ),
                rx.select(
                    ["Tous", *CONTRACT_STATE_LABELS.values()],
                    default_value="Tous",
                    on_change=L.set_state_label,
                    id="contract-state-filter",
                ),
                spacing="3",
                wrap="wrap",
                margin_bottom="0.8em",
            ),
            list_table(headers, L.lines, _list_row),
            rx.flex(
                rx.text(L.range_text, size="2", color_scheme="gray", id="contract-total"),
                rx.spacer(),
                pager(
                    L.page,
                    L.page_count,
                    L.go_to_page(L.page - 1),
                    L.go_to_page(L.page + 1),
                    has_next=L.has_next,
                    total_exact=L.total_exact,
                ),
                align="center",
                margin_top="0.8em",
            ),
        ),
        roles=OFFICE_ROLES,
    )
