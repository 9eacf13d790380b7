"""Intervention pages (planning list and form) and the contact's Historique tab."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.fields import labeled
from crm_app.core.ui.pager import pager
from crm_app.documents.views import (
    customer_notes_box,
    customer_picker,
    doc_date,
    doc_input,
    doc_select,
    doc_text_area,
    document_form_page,
    document_list_page,
    options,
    state_badge,
)
from crm_app.interventions.models import INTERVENTION_STATE_LABELS
from crm_app.interventions.service import InterventionLine
from crm_app.interventions.state import HistoryTabState as H
from crm_app.interventions.state import InterventionFormState as S
from crm_app.interventions.state import InterventionListState

ROUTE = "/interventions"


def technicians_box() -> rx.Component:
    return labeled(
        "Intervenants",
        rx.flex(
            rx.foreach(
                S.technician_options,
                lambda option: rx.checkbox(
                    option.label,
                    checked=S.technicians.contains(option.value),
                    on_change=lambda checked: S.toggle_technician(option.value, checked),
                    class_name="technician-choice",
                ),
            ),
            wrap="wrap",
            spacing="4",
        ),
        S.errors["technician_ids"],
    )


def intervention_form_page() -> rx.Component:
    body = rx.vstack(
        rx.grid(
            customer_picker(S),
            doc_select(
                S,
                "Adresse d'intervention",
                "address_id",
                S.address_options,
                on_change=S.set_address,
            ),
            doc_select(S, "Tâche", "task_type_id", S.task_options, on_change=S.set_task_type),
            doc_select(S, "État", "state", options(INTERVENTION_STATE_LABELS)),
            doc_date(S, "Date et heure", "start_at", with_time=True),
            doc_input(S, "Durée (hh:mm)", "duration_minutes", placeholder="01:00"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        customer_notes_box(S),
        technicians_box(),
        rx.cond(
            S.sector_hint, rx.text(S.sector_hint, size="2", color_scheme="gray", id="sector-hint")
        ),  # fmt: skip
        rx.checkbox(
            "Heure fixée avec le client (l'optimisation des tournées la garde)",
            checked=S.form["time_fixed"] == "true",
            on_change=S.set_time_fixed,
            id="time-fixed",
        ),
        rx.cond(
            S.field_report,
            rx.callout(
                rx.text(S.field_report, white_space="pre-wrap"),
                icon="clipboard-pen",
                color_scheme="green",
                width="100%",
                id="field-report-summary",
            ),
        ),
        doc_input(S, "Libellé", "label"),
        doc_text_area(S, "Description", "description"),
        spacing="3",
        width="100%",
    )
    return document_form_page(
        S,
        list_href=ROUTE,
        list_label="Planning",
        title_new="Nouvelle intervention",
        title_existing="Intervention",
        body=body,
        actions=[
            rx.cond(
                S.doc_id & S.can_edit,
                rx.link(
                    rx.button(
                        rx.icon("calendar-search", size=16),
                        "Trouver un créneau",
                        variant="soft",
                        id="doc-find-slot",
                    ),
                    href="/calendrier?intervention=" + rx.Var.create(S.doc_id).to_string(),
                ),
            ),
            rx.cond(
                S.doc_id,
                rx.link(
                    rx.button(
                        rx.icon("clipboard-pen", size=16), "Terrain", variant="soft", id="doc-field"
                    ),  # fmt: skip
                    href="/terrain/" + rx.Var.create(S.doc_id).to_string(),
                ),
            ),
            rx.cond(
                S.doc_id,
                rx.link(
                    rx.button(
                        rx.icon("clipboard-check", size=16),
                        "Compte rendu d'entretien",
                        variant="soft",
                        color_scheme="green",
                        id="doc-visit",
                    ),
                    href="/entretien/" + rx.Var.create(S.doc_id).to_string(),
                ),
            ),
            rx.cond(
                S.doc_id,
                rx.button(
                    rx.icon("printer", size=16),
                    "Imprimer",
                    variant="soft",
                    on_click=S.print_report,
                    id="doc-print",
                ),
            ),
        ],
    )


def intervention_list_page() -> rx.Component:
    return document_list_page(
        InterventionListState,
        title="Planning des interventions",
        route=ROUTE,
        new_label="Nouvelle intervention",
        headers=("Tâche", "Libellé", "Date", "Durée", "État"),
        filters=rx.cond(
            InterventionListState.sector_options.length() > 0,
            rx.select.root(
                rx.select.trigger(placeholder="Tous les secteurs", id="planning-sector"),
                rx.select.content(
                    rx.select.item("Tous les secteurs", value="all"),
                    rx.foreach(
                        InterventionListState.sector_options,
                        lambda o: rx.select.item(o.label, value=o.value),
                    ),
                ),
                value=rx.cond(
                    InterventionListState.sector_id, InterventionListState.sector_id, "all"
                ),
                on_change=InterventionListState.set_sector,
            ),
        ),
    )


# --- Historique tab of the contact page ---------------------------------------------------


def history_row(line: InterventionLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(line.task, size="2")),
        rx.table.cell(rx.text(line.technicians, size="2")),
        rx.table.cell(
            rx.hstack(
                rx.text(line.start_label, size="2", white_space="nowrap"),
                rx.cond(line.upcoming, rx.badge("À venir", color_scheme="blue", size="1")),
                align="center",
            )
        ),
        rx.table.cell(rx.text(line.duration_label, size="2")),
        rx.table.cell(state_badge(line.state, line.state_label)),
        rx.table.cell(rx.text(line.label, size="2")),
        rx.table.cell(
            rx.text(line.description, size="2", white_space="pre-wrap"),
            display=["none", "none", "table-cell"],
        ),
        rx.table.cell(
            rx.hstack(
                rx.link(
                    rx.icon_button(
                        rx.icon("pencil", size=14), variant="ghost", aria_label="Ouvrir"
                    ),
                    href=f"{ROUTE}/" + rx.Var.create(line.id).to_string(),
                ),
                rx.button(
                    rx.icon("printer", size=14),
                    "Imprimer",
                    size="1",
                    variant="soft",
                    on_click=H.print_report(line.id),
                    class_name="print-report",
                ),
                spacing="2",
            )
        ),
        class_name=rx.cond(line.upcoming, "history-row upcoming", "history-row past"),
        background=rx.cond(line.upcoming, rx.color("blue", 2), "transparent"),
    )


def history_section() -> rx.Component:
    """The Historique tab's interventions of the contact and its addresses."""
    return rx.vstack(
        rx.flex(
            rx.heading("Interventions", size="3"),
            rx.spacer(),
            rx.cond(
                H.can_edit & H.active,
                rx.link(
                    rx.button(
                        rx.icon("plus", size=14),
                        "Nouvelle intervention",
                        size="2",
                        variant="soft",
                        id="history-new",
                    ),
                    href=f"{ROUTE}/nouveau?client="
                    + rx.Var.create(H.contact_id_loaded).to_string(),
                ),
            ),
            width="100%",
            align="center",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(h)
                            for h in ("Tâche", "Intervenants", "Date ▼", "Durée", "État", "Libellé")
                        ],
                        rx.table.column_header_cell(
                            "Description", display=["none", "none", "table-cell"]
                        ),
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(H.history, history_row)),
                size="1",
                width="100%",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(
            H.history_total == 0,
            rx.text("Aucune intervention pour ce contact.", color_scheme="gray", size="2"),
        ),
        rx.flex(
            rx.text(
                H.history_total,
                " intervention(s)",
                size="2",
                color_scheme="gray",
                id="history-total",
            ),
            rx.spacer(),
            pager(
                H.history_page,
                H.history_page_count,
                H.history_go_to(H.history_page - 1),
                H.history_go_to(H.history_page + 1),
                has_next=H.history_has_next,
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )
