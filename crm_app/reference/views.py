"""Reference-data admin pages: one page per kind, with the kinds listed aside."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.fields import labeled, text_input
from crm_app.core.ui.pager import pager
from crm_app.core.ui.search_box import search_input
from crm_app.reference.forms import ACCOUNT_KIND_LABELS
from crm_app.reference.models import EQUIPMENT_CATEGORY_LABELS
from crm_app.reference.service import KINDS
from crm_app.reference.state import ReferenceAdminState as R
from crm_app.reference.state import ReferenceRow
from crm_app.users.layout import protected_page
from crm_app.users.state import ADMIN_ROLE

SETTINGS_ROUTE = "/parametres"


def kinds_menu() -> rx.Component:
    return rx.flex(
        *[
            rx.link(
                kind.title,
                href=f"{SETTINGS_ROUTE}/{slug}",
                size="2",
                weight=rx.cond(R.kind_slug == slug, "bold", "regular"),
                padding="0.35em 0.7em",
                border_radius="6px",
                background=rx.cond(R.kind_slug == slug, rx.color("indigo", 3), "transparent"),
                white_space="nowrap",
                id=f"settings-{slug}",
            )
            for slug, kind in KINDS.items()
        ],
        # Sectors have their own page (planning domain).
        rx.link("Secteurs", href="/secteurs", size="2", padding="0.35em 0.7em",
                white_space="nowrap", id="settings-sectors"),  # fmt: skip
        direction=rx.breakpoints(initial="row", md="column"),
        wrap="wrap",
        spacing="1",
        min_width=rx.breakpoints(initial="100%", md="220px"),
    )


def row_view(row: ReferenceRow) -> rx.Component:
    return rx.table.row(
        rx.cond(R.is_account, rx.table.cell(rx.text(row.code, weight="medium", size="2"))),
        rx.table.cell(
            rx.hstack(
                rx.text(row.name, size="2"),
                rx.cond(row.active, rx.fragment(), rx.badge("Archivé", color_scheme="red")),
                align="center",
            )
        ),
        rx.table.cell(rx.text(row.detail, size="2", color_scheme="gray")),
        rx.table.cell(
            rx.hstack(
                rx.icon_button(
                    rx.icon("pencil", size=14),
                    variant="ghost",
                    on_click=R.open_edit(row.id),
                    class_name="edit-reference",
                    aria_label="Modifier",
                ),
                rx.cond(
                    row.active,
                    rx.icon_button(
                        rx.icon("archive", size=14),
                        variant="ghost",
                        color_scheme="red",
                        on_click=R.set_active(row.id, False),
                        class_name="archive-reference",
                        aria_label="Archiver",
                    ),
                    rx.icon_button(
                        rx.icon("archive_restore", size=14),
                        variant="ghost",
                        on_click=R.set_active(row.id, True),
                        class_name="restore-reference",
                        aria_label="Restaurer",
                    ),
                ),
                justify="end",
            )
        ),
        class_name="reference-row",
    )


def edit_dialog() -> rx.Component:
    def field(label: str, name: str, **props) -> rx.Component:
        return labeled(
            label,
            text_input(R.form[name], lambda v: R.set_field(name, v), f"reference-{name}", **props),
            R.errors[name],
        )

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(R.editing_id, "Modifier : ", "Créer : "), R.kind_singular),
            rx.vstack(
                rx.cond(R.is_account, field("Numéro de compte", "code", placeholder="411100")),
                field("Nom", "name"),
                rx.cond(
                    R.is_account,
                    labeled(
                        "Type",
                        rx.select.root(
                            rx.select.trigger(id="reference-kind", width="100%"),
                            rx.select.content(
                                *[
                                    rx.select.item(label, value=key)
                                    for key, label in ACCOUNT_KIND_LABELS.items()
                                ]
                            ),
                            value=R.form["kind"],
                            on_change=lambda v: R.set_field("kind", v),
                        ),
                        R.errors["kind"],
                    ),
                ),
                rx.cond(
                    R.is_task_type,
                    field(
                        "Durée par défaut (minutes)",
                        "default_duration_minutes",
                        type="number",
                        min=5,
                        max=1440,
                    ),
                ),
                rx.cond(
                    R.is_task_type,
                    rx.checkbox(
                        "Entretien : terminer l'intervention enregistre "
                        "l'entretien des équipements",
                        checked=R.form["maintenance"] == "true",
                        on_change=lambda v: R.set_field("maintenance", rx.cond(v, "true", "false")),
                        id="reference-maintenance",
                    ),
                ),
                rx.cond(
                    R.is_equipment_type,
                    labeled(
                        "Catégorie",
                        rx.select.root(
                            rx.select.trigger(id="reference-category", width="100%"),
                            rx.select.content(
                                *[
                                    rx.select.item(label, value=key)
                                    for key, label in EQUIPMENT_CATEGORY_LABELS.items()
                                ]
                            ),
                            value=R.form["category"],
                            on_change=lambda v: R.set_field("category", v),
                        ),
                        R.errors["category"],
                    ),
                ),
                rx.cond(
                    R.is_equipment_type,
                    field(
                        "Entretien tous les (mois)",
                        "periodicity_months",
                        type="number",
                        min=1,
                        max=120,
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button("Annuler", variant="soft", color_scheme="gray", type="button")
                ),
                rx.button("Enregistrer", on_click=R.save, id="reference-save"),
                justify="end",
                spacing="3",
                margin_top="1.2em",
            ),
            max_width="460px",
        ),
        open=R.dialog_open,
        on_open_change=R.set_dialog_open,
    )


def reference_page() -> rx.Component:
    return protected_page(
        rx.heading("Paramètres", size="6", margin_y="0.8em"),
        rx.flex(
            kinds_menu(),
            rx.card(
                rx.cond(
                    R.unknown_kind,
                    rx.callout(
                        "Cette liste n'existe pas.", icon="triangle_alert", color_scheme="red"
                    ),
                    rx.vstack(
                        rx.flex(
                            rx.heading(R.kind_title, size="4", id="reference-title"),
                            rx.spacer(),
                            rx.button(
                                rx.icon("plus", size=16),
                                "Nouveau",
                                on_click=R.open_new,
                                id="reference-new",
                            ),
                            align="center",
                            width="100%",
                        ),
                        rx.flex(
                            search_input(
                                R.query,
                                R.set_query,
                                "reference-search",
                                rx.input.slot(rx.icon("search", size=16)),
                                placeholder="Rechercher…",
                                flex="1",
                                min_width="200px",
                            ),
                            rx.checkbox(
                                "Afficher les archivés",
                                checked=R.show_archived,
                                on_change=R.set_show_archived,
                            ),
                            align="center",
                            spacing="3",
                            wrap="wrap",
                            width="100%",
                        ),
                        rx.table.root(
                            rx.table.body(rx.foreach(R.rows, row_view)),
                            variant="ghost",
                            size="1",
                            width="100%",
                        ),
                        rx.cond(
                            R.total == 0,
                            rx.text("Aucun élément.", color_scheme="gray", size="2"),
                        ),
                        rx.flex(
                            rx.text(R.total, " élément(s)", size="2", color_scheme="gray"),
                            rx.spacer(),
                            pager(
                                R.page,
                                R.page_count,
                                R.go_to_page(R.page - 1),
                                R.go_to_page(R.page + 1),
                            ),
                            align="center",
                            spacing="3",
                            width="100%",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                ),
                flex="1",
                width="100%",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
            spacing="4",
            align="start",
        ),
        edit_dialog(),
        roles=(ADMIN_ROLE,),
    )
