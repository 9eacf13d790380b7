"""« Fusionner »: the contacts side by side; a click on a value keeps it."""

from __future__ import annotations

import reflex as rx

from crm_app.duplicates.merge_state import MergeCell, MergeFieldRow, MergeSide
from crm_app.duplicates.merge_state import MergeState as M
from crm_app.users.layout import protected_page
from crm_app.users.state import OFFICE_ROLES

ROUTE = "/fusion"


def _side_header(side: MergeSide) -> rx.Component:
    return rx.table.column_header_cell(
        rx.vstack(
            rx.link(side.name, href="/contact/" + rx.Var.create(side.id).to_string()),
            rx.text(side.details, size="1", color_scheme="gray"),
            rx.button(
                rx.cond(M.kept_id == side.id, "Contact gardé", "Garder celui-ci"),
                size="1",
                variant=rx.cond(M.kept_id == side.id, "solid", "outline"),
                on_click=M.keep(side.id),
                class_name="keep-contact",
            ),
            spacing="1",
        )
    )


def _cell(cell: MergeCell) -> rx.Component:
    return rx.table.cell(
        rx.hstack(
            rx.icon(
                rx.cond(cell.chosen, "circle_check", "circle"),
                size=16,
                color=rx.cond(cell.chosen, rx.color("green", 10), rx.color("gray", 8)),
            ),
            rx.text(rx.cond(cell.value != "", cell.value, "—"), size="2", white_space="pre-wrap"),
            align="start",
            spacing="2",
        ),
        on_click=M.choose(cell.field, cell.contact_id),
        cursor="pointer",
        background=rx.cond(cell.chosen, rx.color("green", 2), "transparent"),
        class_name=rx.cond(cell.chosen, "merge-cell chosen", "merge-cell"),
        custom_attrs={"data-cell": cell.key},
    )


def _field_row(row: MergeFieldRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(row.label, weight="medium", size="2")),
        rx.foreach(row.cells, _cell),
    )


def merge_page() -> rx.Component:
    return protected_page(
        rx.heading("Fusionner des contacts", size="7", margin_y="0.8em"),
        rx.text(
            "Choisissez le contact à garder, puis cliquez la valeur à garder pour chaque champ "
            "(une adresse se garde entière). Adresses, interventions, opportunités, devis, "
            "factures, preuve de consentement et journal passent au contact gardé ; les autres "
            "sont archivés, « fusionnés dans » celui-ci.",
            size="2",
            color_scheme="gray",
            margin_bottom="1em",
        ),
        rx.cond(
            M.error != "",
            rx.callout(M.error, icon="triangle_alert", color_scheme="red", id="merge-error",
                       margin_bottom="1em"),  # fmt: skip
        ),
        rx.cond(
            rx.Var.create(M.sides).length() > 1,
            rx.card(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Champ"),
                            rx.foreach(M.sides, _side_header),
                        )
                    ),
                    rx.table.body(rx.foreach(M.rows, _field_row)),
                    width="100%",
                    id="merge-table",
                ),
                rx.flex(
                    rx.spacer(),
                    rx.button(
                        rx.icon("merge", size=16), "Fusionner", size="3", color_scheme="red",
                        on_click=M.run_merge, id="merge-run",
                    ),  # fmt: skip
                    margin_top="1em",
                ),
                width="100%",
            ),
        ),
        roles=OFFICE_ROLES,
    )
