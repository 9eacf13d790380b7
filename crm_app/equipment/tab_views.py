"""The contact page's « Équipements » tab: equipment grouped by address with
its last and next maintenance, the create / edit dialog, then the contracts."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.fields import labeled, text_input
from crm_app.core.ui.options import ChoiceOption
from crm_app.equipment.contract_views import contract_dialog, contracts_section
from crm_app.equipment.dialog_controls import DialogForm
from crm_app.equipment.forms import PERIODICITY_CHOICES
from crm_app.equipment.models import ENERGY_LABELS
from crm_app.equipment.service import AddressGroup, EquipmentLine
from crm_app.equipment.tab_state import EquipmentTabState as E

ENERGY_OPTIONS = [ChoiceOption(value=k, label=v) for k, v in ENERGY_LABELS.items()]
PERIODICITY_OPTIONS = [ChoiceOption(value=k, label=v) for k, v in PERIODICITY_CHOICES.items() if k]


def equipment_row(line: EquipmentLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(line.type_name, size="2", weight="medium"),
                rx.cond(~line.active, rx.badge("Archivé", color_scheme="gray", size="1")),
                spacing="1",
            )
        ),
        rx.table.cell(
            rx.vstack(
                rx.text(line.title, size="2"),
                rx.cond(
                    line.serial_number,
                    rx.text("N° ", line.serial_number, size="1", color_scheme="gray"),
                ),
                spacing="0",
            )
        ),
        rx.table.cell(
            rx.text(line.details, size="1", color_scheme="gray"),
            display=["none", "none", "table-cell"],
        ),
        rx.table.cell(rx.text(line.last_label, size="2", white_space="nowrap")),
        rx.table.cell(
            rx.hstack(
                rx.text(line.next_label, size="2", white_space="nowrap"),
                rx.cond(
                    line.overdue,
                    rx.badge("En retard", color_scheme="red", size="1", class_name="overdue"),
                ),
                align="center",
                wrap="wrap",
            )
        ),
        rx.table.cell(rx.text(line.contract_label, size="2")),
        rx.table.cell(
            rx.cond(
                E.can_edit,
                rx.hstack(
                    rx.icon_button(
                        rx.icon("pencil", size=14),
                        variant="ghost",
                        aria_label="Modifier",
                        on_click=E.open_edit_equipment(line.id),
                        class_name="equipment-edit",
                    ),
                    rx.cond(
                        line.active,
                        rx.icon_button(
                            rx.icon("archive", size=14),
                            variant="ghost",
                            color_scheme="gray",
                            aria_label="Archiver",
                            on_click=E.set_equipment_active(line.id, False),
                            class_name="equipment-archive",
                        ),
                        rx.icon_button(
                            rx.icon("archive-restore", size=14),
                            variant="ghost",
                            aria_label="Restaurer",
                            on_click=E.set_equipment_active(line.id, True),
                        ),
                    ),
                    spacing="2",
                ),
            )
        ),
        class_name="equipment-row",
    )


def address_group(group: AddressGroup) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("map_pin", size=16, color=rx.color("indigo", 10)),
                rx.text(group.title, weight="bold", size="2"),
                rx.text(group.where, size="2", color_scheme="gray"),
                align="center",
                wrap="wrap",
            ),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Type"),
                            rx.table.column_header_cell("Marque / modèle"),
                            rx.table.column_header_cell(
                                "Caractéristiques", display=["none", "none", "table-cell"]
                            ),
                            rx.table.column_header_cell("Dernier entretien"),
                            rx.table.column_header_cell("Prochain"),
                            rx.table.column_header_cell("Contrat"),
                            rx.table.column_header_cell(""),
                        )
                    ),
                    rx.table.body(rx.foreach(group.equipment, equipment_row)),
                    size="1",
                    width="100%",
                ),
                overflow_x="auto",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="equipment-group",
    )


def _suggested_input(field: str, suggestions, **props) -> rx.Component:
    """A text input that offers the values already used (a datalist)."""
    list_id = f"equipment-{field}-list"
    return rx.fragment(
        text_input(
            E.equipment_form[field],
            lambda v: E.set_equipment_field(field, v),
            f"equipment-{field}",
            auto_complete="off",
            custom_attrs={"list": list_id},
            **props,
        ),
        rx.el.datalist(rx.foreach(suggestions, lambda s: rx.el.option(value=s)), id=list_id),
    )


def equipment_dialog() -> rx.Component:
    form = DialogForm(E.equipment_form, E.equipment_errors, E.set_equipment_field, "equipment")
    errors = E.equipment_errors
    text_field, date_field, select_field = form.text, form.date, form.select

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(E.equipment_editing_id, "Modifier : Équipement", "Créer : Équipement")
            ),
            rx.cond(
                E.equipment_form_error,
                rx.callout(
                    E.equipment_form_error,
                    icon="triangle_alert",
                    color_scheme="red",
                    margin_bottom="0.8em",
                ),
            ),
            rx.grid(
                rx.vstack(
                    select_field(
                        "Adresse d'installation", "address_id", E.equipment_address_options
                    ),
                    select_field("Type", "type_id", E.equipment_type_options),
                    labeled(
                        "Marque", _suggested_input("brand", E.brand_suggestions), errors["brand"]
                    ),
                    labeled(
                        "Modèle", _suggested_input("model", E.model_suggestions), errors["model"]
                    ),
                    text_field("N° de série", "serial_number"),
                    text_field("Emplacement", "location", placeholder="ex : cellier, sous-sol"),
                    spacing="3",
                ),
                rx.vstack(
                    date_field("Mise en service", "commissioned_on"),
                    text_field("Puissance nominale (kW)", "power_kw", input_mode="decimal"),
                    select_field("Énergie", "energy", ENERGY_OPTIONS),
                    date_field("Fin de garantie", "warranty_end"),
                    select_field(
                        "Périodicité d'entretien", "periodicity_months", PERIODICITY_OPTIONS
                    ),
                    select_field(
                        "Contrat d'entretien", "contract_id", E.equipment_contract_options
                    ),
                    spacing="3",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            form.notes("Notes"),
            form.footer(E.save_equipment),
            max_width="760px",
            id="equipment-dialog",
        ),
        open=E.equipment_dialog_open,
        on_open_change=E.set_equipment_dialog_open,
    )


def equipment_tab() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading("Équipements", size="3"),
            rx.badge(E.equipment_count, variant="soft", id="equipment-count"),
            rx.spacer(),
            rx.checkbox(
                "Afficher les archivés",
                checked=E.equipment_show_archived,
                on_change=E.set_equipment_show_archived,
            ),
            rx.cond(
                E.can_edit & E.active,
                rx.button(
                    rx.icon("plus", size=14),
                    "Nouvel équipement",
                    size="2",
                    variant="soft",
                    on_click=E.open_new_equipment,
                    id="equipment-new",
                ),
            ),
            align="center",
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            E.equipment_count == 0,
            rx.text(
                "Aucun équipement enregistré pour ce contact ni ses adresses.",
                color_scheme="gray",
                size="2",
            ),
        ),
        rx.foreach(E.equipment_groups, address_group),
        contracts_section(),
        equipment_dialog(),
        contract_dialog(),
        spacing="3",
        width="100%",
    )
