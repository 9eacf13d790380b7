"""Contact list page: search, pages, sub-contacts attached under their parent,
and the quick-create dialog."""

from __future__ import annotations

from typing import cast

import reflex as rx
from reflex.constants.colors import ColorType

from crm_app.contacts.form_fields import civility_select
from crm_app.contacts.list_state import ContactListState
from crm_app.contacts.presenters import ContactRow
from crm_app.core.ui.fields import labeled, text_input
from crm_app.core.ui.pager import pager
from crm_app.core.ui.search_box import search_input
from crm_app.duplicates.views import duplicate_warning
from crm_app.exports.views import export_button
from crm_app.users.layout import protected_page

ROLE_ICONS: dict[str, tuple[str, ColorType]] = {
    "prospect": ("user_round_search", "amber"),
    "client": ("badge_check", "green"),
    "supplier": ("truck", "blue"),
    "client_supplier": ("badge_check", "blue"),
    "user": ("contact_round", "violet"),
}


def role_icon(role: rx.Var | str, label: rx.Var | str) -> rx.Component:
    """``role`` and ``label`` are Vars (a foreach row's fields are typed as
    their Python values)."""
    # rx.match is typed Component | Var; with component cases it builds a Component.
    return cast(
        "rx.Component",
        rx.match(
            role,
            *[
                (key, rx.tooltip(rx.icon(icon, size=18, color=rx.color(color, 10)), content=label))
                for key, (icon, color) in ROLE_ICONS.items()
            ],
            rx.box(width="18px"),
        ),
    )


def warning_icon(row: ContactRow) -> rx.Component:
    """The contact carries a warning: red when blocking, orange otherwise."""
    return rx.cond(
        row.warning != "",
        rx.tooltip(
            rx.icon(
                rx.cond(row.warning == "blocking", "octagon_alert", "triangle_alert"),
                size=16,
                color=rx.cond(
                    row.warning == "blocking", rx.color("red", 10), rx.color("orange", 10)
                ),
                class_name="warning-icon warning-" + row.warning,
                aria_label=row.warning_message,
            ),
            content=row.warning_message,
        ),
    )


def contact_row_view(row: ContactRow) -> rx.Component:
    name_cell = rx.cond(
        row.is_child,
        rx.hstack(
            rx.cond(
                row.nested,
                rx.icon("corner_down_right", size=15, color=rx.color("gray", 9)),
                rx.icon("map_pin", size=15, color=rx.color("gray", 9)),
            ),
            rx.text(row.display_name, size="2"),
            rx.badge(row.type_label, variant="soft", color_scheme="gray", size="1"),
            align="center",
            spacing="2",
            padding_left=rx.cond(row.nested, "1.6em", "0"),
        ),
        rx.hstack(
            rx.cond(
                row.is_company,
                rx.icon("building_2", size=16, color=rx.color("gray", 10)),
                rx.icon("user", size=16, color=rx.color("gray", 10)),
            ),
            rx.text(row.display_name, weight="medium", size="2"),
            align="center",
            spacing="2",
        ),
    )
    return rx.table.row(
        rx.table.cell(rx.cond(row.is_child, rx.box(), role_icon(row.role, row.role_label))),
        rx.table.cell(
            rx.hstack(
                name_cell,
                warning_icon(row),
                rx.cond(row.active, rx.fragment(), rx.badge("Archivé", color_scheme="red")),
                align="center",
            )
        ),
        rx.table.cell(rx.text(row.email, size="2"), display=["none", "none", "table-cell"]),
        rx.table.cell(rx.text(row.phone, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(row.city, size="2"), display=["none", "table-cell"]),
        on_click=ContactListState.open_contact(row.id),
        cursor="pointer",
        background=rx.cond(row.nested, rx.color("gray", 2), "transparent"),
        _hover={"background": rx.color("accent", 3)},
        class_name=rx.cond(
            row.is_child,
            rx.cond(row.nested, "contact-row child-row nested-row", "contact-row child-row"),
            "contact-row",
        ),
        custom_attrs={"data-contact-id": row.id},
    )


def new_contact_dialog() -> rx.Component:
    form = ContactListState.new_form
    errors = ContactListState.new_errors

    def text_field(label: str, field: str, **props) -> rx.Component:
        return labeled(
            label,
            text_input(
                form[field],
                lambda v: ContactListState.set_new_field(field, v),
                f"new-{field}",
                **props,
            ),
            errors[field],
        )

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(ContactListState.new_is_company, "Nouvelle société", "Nouveau particulier")
            ),
            rx.vstack(
                rx.cond(
                    ContactListState.new_is_company,
                    rx.fragment(),
                    labeled(
                        "Civilité",
                        civility_select(
                            form["civility"],
                            lambda v: ContactListState.set_new_field("civility", v),
                            "new-civility",
                        ),
                        errors["civility"],
                    ),
                ),
                text_field(
                    "Nom",
                    "name",
                    placeholder=rx.cond(
                        ContactListState.new_is_company,
                        "ex : Boulangerie Le Fournil",
                        "ex : Albert Pont",
                    ),
                    auto_focus=True,
                ),
                rx.grid(
                    text_field("Courriel", "email", type="email"),
                    text_field("Téléphone", "phone", type="tel"),
                    text_field("Mobile", "mobile", type="tel"),
                    text_field("Rue", "street"),
                    text_field("Code postal", "zip"),
                    text_field("Ville", "city"),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                duplicate_warning(ContactListState.new_duplicates),
                spacing="3",
            ),
            rx.hstack(
                rx.button(
                    "ANNULER",
                    variant="soft",
                    color_scheme="gray",
                    on_click=ContactListState.close_new_dialog,
                ),
                rx.button("CRÉER", on_click=ContactListState.create_contact, id="new-save"),
                justify="end",
                spacing="3",
                margin_top="1.2em",
            ),
            max_width="560px",
        ),
        open=ContactListState.new_dialog_open,
        on_open_change=lambda open_: rx.cond(open_, rx.noop(), ContactListState.close_new_dialog()),
    )


def contact_list_page() -> rx.Component:
    return protected_page(
        rx.flex(
            rx.heading("Contacts", size="7"),
            rx.spacer(),
            rx.cond(
                ContactListState.can_edit,
                rx.hstack(
                    rx.button(
                        rx.icon("building_2", size=16),
                        "Nouvelle société",
                        on_click=ContactListState.open_new_dialog(True),
                        id="new-company",
                    ),
                    rx.button(
                        rx.icon("user", size=16),
                        "Nouveau particulier",
                        variant="outline",
                        on_click=ContactListState.open_new_dialog(False),
                        id="new-individual",
                    ),
                    rx.button(
                        rx.icon("file_up", size=16),
                        "Importer",
                        variant="soft",
                        on_click=rx.redirect("/import"),
                        id="import-contacts",
                    ),
                    export_button(ContactListState.query, ContactListState.show_archived),
                    spacing="3",
                    wrap="wrap",
                ),
            ),
            align="center",
            spacing="3",
            wrap="wrap",
            margin_y="1em",
        ),
        rx.card(
            rx.flex(
                search_input(
                    ContactListState.query,
                    ContactListState.set_query,
                    "contact-search",
                    rx.input.slot(rx.icon("search", size=16)),
                    placeholder="Rechercher : nom, courriel, téléphone, ville, référence…",
                    width="100%",
                    max_width="520px",
                    size="3",
                ),
                rx.spacer(),
                rx.el.label(
                    rx.hstack(
                        rx.switch(
                            checked=ContactListState.show_archived,
                            on_change=ContactListState.toggle_archived,
                            size="1",
                        ),
                        rx.text("Afficher les archivés", size="2"),
                        align="center",
                    )
                ),
                align="center",
                spacing="3",
                wrap="wrap",
                margin_bottom="0.8em",
            ),
            rx.cond(
                ContactListState.search_hint != "",
                rx.text(
                    ContactListState.search_hint,
                    size="2",
                    color_scheme="amber",
                    id="search-hint",
                    margin_bottom="0.5em",
                ),
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("", width="36px"),
                        rx.table.column_header_cell("Nom"),
                        rx.table.column_header_cell(
                            "Courriel", display=["none", "none", "table-cell"]
                        ),
                        rx.table.column_header_cell("Téléphone"),
                        rx.table.column_header_cell("Ville", display=["none", "table-cell"]),
                    )
                ),
                rx.table.body(rx.foreach(ContactListState.rows, contact_row_view)),
                variant="ghost",
                size="2",
                width="100%",
                id="contact-table",
                # The query these rows answer: tests wait for it after typing.
                custom_attrs={"data-query": ContactListState.query},
            ),
            rx.cond(
                ContactListState.total == 0,
                rx.center(
                    rx.text("Aucun contact ne correspond à cette recherche.", color_scheme="gray"),
                    padding="2em",
                ),
            ),
            rx.flex(
                rx.text(
                    ContactListState.range_label, size="2", color_scheme="gray", id="contact-range"
                ),
                rx.spacer(),
                pager(
                    ContactListState.page,
                    ContactListState.page_count,
                    ContactListState.previous_page,
                    ContactListState.next_page,
                    ids=True,
                    has_next=ContactListState.has_next,
                    total_exact=ContactListState.total_exact,
                ),
                align="center",
                spacing="3",
                margin_top="0.8em",
            ),
        ),
        new_contact_dialog(),
    )
