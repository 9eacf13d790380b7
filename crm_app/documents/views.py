"""Components the four document pages share: the customer picker with its
live warning popup, form fields, the form frame and the list page."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.colors import LiteralAccentColor, color_match
from crm_app.core.ui.date_picker import date_picker, datetime_picker
from crm_app.core.ui.fields import choice_select, labeled, text_area
from crm_app.core.ui.options import ChoiceOption
from crm_app.core.ui.pager import pager
from crm_app.core.ui.picker import search_picker
from crm_app.core.ui.search_box import search_input
from crm_app.core.ui.table import list_table
from crm_app.documents.listing import DocumentRow
from crm_app.users.layout import protected_page

STATE_COLORS: tuple[tuple[str, LiteralAccentColor], ...] = (
    ("draft", "gray"),
    ("new", "gray"),
    ("confirmed", "blue"),
    ("sent", "blue"),
    ("posted", "blue"),
    ("qualified", "blue"),
    ("proposal", "indigo"),
    ("in_progress", "amber"),
    ("unfinished", "orange"),
    ("postponed", "orange"),
    ("done", "green"),
    ("validated", "green"),
    ("paid", "green"),
    ("won", "green"),
    ("cancelled", "red"),
    ("lost", "red"),
)


def state_badge(state, label) -> rx.Component:
    return rx.badge(label, color_scheme=color_match(state, STATE_COLORS, "gray"), variant="soft")


def options(labels: dict) -> list[ChoiceOption]:
    return [ChoiceOption(value=key.value, label=label) for key, label in labels.items()]


# --- Form fields -------------------------------------------------------------------------


def doc_input(S, label: str, field: str, **props) -> rx.Component:
    return labeled(
        label,
        rx.input(
            value=S.form[field],
            on_change=lambda value: S.set_field(field, value),
            id=f"doc-{field}",
            width="100%",
            **props,
        ),
        S.errors[field],
    )


def doc_date(S, label: str, field: str, *, with_time: bool = False) -> rx.Component:
    """« jj/mm/aaaa » (or « jj/mm/aaaa hh:mm »), typed or picked in a French calendar."""
    picker = datetime_picker if with_time else date_picker
    return labeled(
        label,
        picker(
            S.form[field],
            lambda value: S.set_field(field, value),
            f"doc-{field}",
            error=S.errors[field],
        ),
        S.errors[field],
    )


def doc_select(S, label: str, field: str, choices, on_change=None) -> rx.Component:
    return labeled(
        label,
        choice_select(
            choices,
            S.form[field],
            on_change or (lambda value: S.set_field(field, value)),
            f"doc-{field}",
        ),
        S.errors[field],
    )


def doc_text_area(S, label: str, field: str) -> rx.Component:
    return labeled(
        label,
        text_area(S.form[field], lambda value: S.set_field(field, value), f"doc-{field}", rows="5"),
        S.errors[field],
    )


def customer_picker(S) -> rx.Component:
    """Typing searches the contacts in SQL; choosing one shows its warning at once."""
    return labeled(
        "Client",
        search_picker(
            shown_text=rx.cond(S.customer_searching, S.customer_query, S.customer_label),
            results=S.customer_results,
            open=S.customer_searching,
            on_search=S.search_customers,
            on_close=S.close_customer_search,
            on_choose=lambda option: S.choose_customer(option.value),
            input_id="doc-customer",
            option_class="customer-option",
            placeholder="Rechercher un contact ou une adresse",
        ),
        S.errors["customer_id"],
    )


def customer_notes_box(S) -> rx.Component:
    return rx.cond(
        S.customer_notes,
        rx.callout(
            rx.text(rx.text.strong("Notes client : "), S.customer_notes, white_space="pre-wrap"),
            icon="notebook_pen",
            color_scheme="blue",
            size="1",
            id="doc-customer-notes",
        ),
    )


def warning_dialog(S) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.hstack(
                    rx.icon(
                        "triangle_alert",
                        color=rx.cond(
                            S.warning_blocking, rx.color("red", 10), rx.color("orange", 10)
                        ),
                    ),
                    rx.cond(S.warning_blocking, "Client bloqué", "Avertissement"),
                    align="center",
                )
            ),
            rx.alert_dialog.description(
                rx.vstack(
                    rx.text(
                        S.warning_message,
                        size="4",
                        weight="bold",
                        id="warning-message",
                        white_space="pre-wrap",
                    ),
                    rx.text("Avertissement de ", S.warning_holder, size="2", color_scheme="gray"),
                    rx.cond(
                        S.warning_blocking,
                        rx.text(
                            "Ce client est bloqué pour ce type de document : il a été retiré "
                            "du formulaire.",
                            size="2",
                            color_scheme="red",
                        ),
                    ),
                    spacing="2",
                )
            ),
            rx.flex(
                rx.alert_dialog.action(
                    rx.button("J'ai compris", id="warning-ok", on_click=S.set_warning_open(False)),
                ),
                justify="end",
                margin_top="1em",
            ),
            id="warning-dialog",
        ),
        open=S.warning_open,
        on_open_change=S.set_warning_open,
    )


# --- Pages -----------------------------------------------------------------------------------


def document_form_page(
    S,
    *,
    list_href: str,
    list_label: str,
    title_new: str,
    title_existing,
    body: rx.Component,
    actions: list[rx.Component] | None = None,
) -> rx.Component:
    return protected_page(
        rx.link(
            rx.hstack(rx.icon("chevron_left", size=16), list_label, align="center"),
            href=list_href,
            margin_y="0.8em",
            display="inline-block",
        ),
        rx.cond(
            S.not_found,
            rx.callout("Ce document n'existe pas.", icon="triangle_alert", color_scheme="red"),
            rx.card(
                rx.vstack(
                    rx.heading(
                        rx.cond(S.doc_id, title_existing, title_new), size="5", id="doc-heading"
                    ),
                    rx.cond(
                        S.stale,
                        rx.callout(
                            rx.flex(
                                rx.text(
                                    "Ce document a été modifié par quelqu'un d'autre : "
                                    "vos modifications n'ont pas été enregistrées."
                                ),
                                rx.button("Recharger", size="1", on_click=S.load),
                                spacing="3",
                                align="center",
                                wrap="wrap",
                            ),
                            icon="triangle_alert",
                            color_scheme="orange",
                            id="doc-stale",
                        ),
                    ),
                    body,
                    rx.flex(
                        *(actions or []),
                        rx.spacer(),
                        # Why the last save was refused, beside the button (a
                        # toast in that corner would cover it).
                        rx.cond(
                            S.errors.length() > 0,
                            rx.hstack(
                                rx.icon("circle_alert", size=16, color=rx.color("red", 10)),
                                rx.text(
                                    "Non enregistré : corrigez les champs en rouge.",
                                    size="2",
                                    weight="bold",
                                    color_scheme="red",
                                ),
                                align="center",
                                spacing="1",
                                id="doc-save-errors",
                                role="alert",
                            ),
                        ),
                        rx.cond(
                            S.can_edit,
                            rx.button(
                                rx.icon("save", size=16),
                                "Enregistrer",
                                on_click=S.save,
                                id="doc-save",
                            ),
                        ),
                        spacing="3",
                        wrap="wrap",
                        width="100%",
                        margin_top="0.5em",
                    ),
                    spacing="4",
                    width="100%",
                ),
                width="100%",
            ),
        ),
        warning_dialog(S),
        roles=S.READ_ROLES,
    )


def document_list_page(
    S,
    *,
    title: str,
    route: str,
    new_label: str,
    headers: tuple[str, str, str, str, str],
    filters: rx.Component | None = None,
) -> rx.Component:
    """headers: labels of the reference, title, date, amount and state columns ("" hides)."""
    reference_h, title_h, when_h, amount_h, state_h = headers

    def cell(value, header: str, **props):
        return rx.table.cell(rx.text(value, size="2"), **props) if header else rx.fragment()

    def row_view(row: DocumentRow) -> rx.Component:
        return rx.table.row(
            cell(row.reference, reference_h),
            rx.table.cell(rx.text(row.customer, size="2", weight="medium")),
            cell(row.title, title_h, display=["none", "table-cell"]),
            cell(row.when, when_h),
            cell(row.amount, amount_h, display=["none", "table-cell"], text_align="right"),
            rx.table.cell(state_badge(row.state, row.state_label)),
            on_click=rx.redirect(f"{route}/" + rx.Var.create(row.id).to_string()),
            cursor="pointer",
            _hover={"background": rx.color("accent", 3)},
            class_name="document-row",
        )

    header_cells = [
        rx.table.column_header_cell(reference_h) if reference_h else None,
        rx.table.column_header_cell("Client"),
        rx.table.column_header_cell(title_h, display=["none", "table-cell"]) if title_h else None,
        rx.table.column_header_cell(when_h) if when_h else None,
        rx.table.column_header_cell(amount_h, display=["none", "table-cell"], text_align="right")
        if amount_h
        else None,
        rx.table.column_header_cell(state_h),
    ]
    return protected_page(
        rx.flex(
            rx.heading(title, size="7"),
            rx.spacer(),
            rx.link(
                rx.button(rx.icon("plus", size=16), new_label, id="doc-new"),
                href=f"{route}/nouveau",
            ),
            align="center",
            margin_y="1em",
        ),
        rx.card(
            rx.flex(
                search_input(
                    S.query,
                    S.set_query,
                    "doc-search",
                    rx.input.slot(rx.icon("search", size=16)),
                    placeholder="Rechercher : client, ville, numéro…",
                    max_width="420px",
                    flex="1",
                ),
                filters or rx.fragment(),
                spacing="3",
                align="center",
                wrap="wrap",
                margin_bottom="0.8em",
            ),
            list_table([c for c in header_cells if c is not None], S.rows, row_view),
            rx.cond(
                S.total == 0,
                rx.center(rx.text("Aucun document.", color_scheme="gray"), padding="2em"),
            ),
            rx.flex(
                rx.text(S.range_label, size="2", color_scheme="gray", id="doc-total"),
                rx.spacer(),
                pager(
                    S.page,
                    S.page_count,
                    S.go_to_page(S.page - 1),
                    S.go_to_page(S.page + 1),
                    has_next=S.has_next,
                    total_exact=S.total_exact,
                ),
                align="center",
                spacing="3",
                margin_top="0.8em",
            ),
        ),
        roles=S.READ_ROLES,
    )
