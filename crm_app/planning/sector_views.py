"""« Secteurs » (/secteurs, in Paramètres): a name, a colour, postcode
prefixes or ranges, default technicians; a postcode tester."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.fields import labeled, text_input
from crm_app.core.ui.options import ChoiceOption
from crm_app.planning.sector_state import SectorState as S
from crm_app.planning.sectors import SectorLine
from crm_app.users.layout import protected_page
from crm_app.users.state import ADMIN_ROLE

ROUTE = "/secteurs"


def _row(row: SectorLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                rx.box(width="14px", height="14px", border_radius="4px", background=row.color),
                rx.text(row.name, weight="medium", size="2"),
                rx.cond(row.active, rx.fragment(), rx.badge("Archivé", color_scheme="red")),
                align="center",
            )
        ),
        rx.table.cell(rx.text(row.postcodes, size="2")),
        rx.table.cell(rx.text(row.technicians, size="2", color_scheme="gray")),
        rx.table.cell(
            rx.hstack(
                rx.icon_button(
                    rx.icon("pencil", size=14),
                    variant="ghost",
                    on_click=S.open_edit(row.id),
                    aria_label="Modifier",
                    class_name="edit-sector",
                ),  # fmt: skip
                rx.cond(
                    row.active,
                    rx.icon_button(
                        rx.icon("archive", size=14),
                        variant="ghost",
                        color_scheme="red",
                        on_click=S.set_active(row.id, False),
                        aria_label="Archiver",
                    ),  # fmt: skip
                    rx.icon_button(
                        rx.icon("archive_restore", size=14),
                        variant="ghost",
                        on_click=S.set_active(row.id, True),
                        aria_label="Restaurer",
                    ),  # fmt: skip
                ),
                justify="end",
            )
        ),
        class_name="sector-row",
    )


def _technician_box(option: ChoiceOption) -> rx.Component:
    return rx.checkbox(
        option.label,
        checked=S.chosen.contains(option.value),
        on_change=lambda checked: S.toggle_technician(option.value, checked),
        class_name="sector-technician",
    )


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing_id, "Modifier : Secteur", "Créer : Secteur")),
            rx.vstack(
                labeled(
                    "Nom",
                    text_input(S.form["name"], lambda v: S.set_field("name", v), "sector-name"),
                    S.errors.get("name", ""),
                ),  # fmt: skip
                labeled(
                    "Couleur",
                    rx.input(
                        type="color",
                        value=S.form["color"],
                        on_change=lambda v: S.set_field("color", v),
                        id="sector-color",
                        width="5em",
                    ),  # fmt: skip
                    S.errors.get("color", ""),
                ),
                labeled(
                    "Codes postaux (préfixes 352*, plages 35000-35099, codes 35510)",
                    text_input(
                        S.form["postcodes"],
                        lambda v: S.set_field("postcodes", v),
                        "sector-postcodes",
                        placeholder="35000-35099, 352*",
                    ),  # fmt: skip
                    S.errors.get("postcodes", ""),
                ),
                labeled(
                    "Techniciens proposés",
                    rx.flex(
                        rx.foreach(S.technician_choices, _technician_box), spacing="3", wrap="wrap"
                    ),  # fmt: skip
                    S.errors.get("technician_ids", ""),
                ),
                rx.flex(
                    rx.dialog.close(rx.button("Annuler", variant="soft", color_scheme="gray")),
                    rx.button("Enregistrer", on_click=S.save, id="sector-save"),
                    spacing="2",
                    justify="end",
                    width="100%",
                ),
                spacing="3",
            ),
            max_width="520px",
        ),
        open=S.dialog_open,
        on_open_change=S.set_dialog_open,
    )


def sectors_page() -> rx.Component:
    return protected_page(
        rx.flex(
            rx.link("← Paramètres", href="/parametres/conditions-paiement", size="2"),
            align="center",
            margin_top="0.8em",
        ),
        rx.card(
            rx.vstack(
                rx.flex(
                    rx.heading("Secteurs", size="5", id="sectors-title"),
                    rx.spacer(),
                    rx.button(
                        rx.icon("plus", size=16), "Nouveau", on_click=S.open_new, id="sector-new"
                    ),  # fmt: skip
                    align="center",
                    width="100%",
                ),
                rx.text(
                    "Un secteur regroupe des codes postaux ; une nouvelle intervention propose "
                    "ses techniciens, le planning et la carte filtrent par secteur.",
                    size="2",
                    color_scheme="gray",
                ),
                rx.checkbox(
                    "Afficher les archivés", checked=S.show_archived, on_change=S.set_show_archived
                ),  # fmt: skip
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Secteur"),
                            rx.table.column_header_cell("Codes postaux"),
                            rx.table.column_header_cell("Techniciens"),
                            rx.table.column_header_cell(""),
                        )
                    ),
                    rx.table.body(rx.foreach(S.rows, _row)),
                    variant="ghost",
                    size="1",
                    width="100%",
                ),
                rx.cond(S.rows.length() == 0, rx.text("Aucun secteur.", color_scheme="gray")),
                rx.divider(),
                rx.flex(
                    rx.input(
                        placeholder="Code postal à tester",
                        value=S.probe,
                        on_change=S.set_probe,
                        id="sector-probe",
                        width="12em",
                    ),  # fmt: skip
                    rx.text(S.probe_answer, size="2", id="sector-probe-answer"),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            margin_top="0.8em",
        ),
        _dialog(),
        roles=(ADMIN_ROLE,),
    )
