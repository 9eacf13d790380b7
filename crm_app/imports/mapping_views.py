"""The mapping and preview steps of an import: which column goes to which
field, the options, and the first rows as they would be stored."""

from __future__ import annotations

import reflex as rx

from crm_app.imports.mapping import FIELD_CHOICES
from crm_app.imports.models import DUPLICATE_ACTION_LABELS
from crm_app.imports.preview_lines import PreviewLine
from crm_app.imports.state import ColumnChoice
from crm_app.imports.state import ContactImportState as S

NONE = "none"  # a select item cannot have an empty value


def _field_select(column: ColumnChoice) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", class_name="column-field"),
        rx.select.content(
            *[rx.select.item(label, value=key or NONE) for key, label in FIELD_CHOICES]
        ),
        value=rx.cond(column.field != "", column.field, NONE),
        on_change=lambda value: S.set_field(column.header, value),
        size="2",
    )


def _column_row(column: ColumnChoice) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(column.header, weight="medium", size="2")),
        rx.table.cell(rx.text(column.sample, size="2", color_scheme="gray")),
        rx.table.cell(_field_select(column), min_width="260px"),
        custom_attrs={"data-header": column.header},
    )


def mapping_card() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.heading("Correspondance des colonnes", size="4"),
            rx.spacer(),
            rx.cond(
                rx.Var.create(S.sheets).length() > 1,
                rx.hstack(
                    rx.text("Feuille", size="2"),
                    rx.select(S.sheets, value=S.sheet, on_change=S.set_sheet, id="import-sheet"),
                    align="center",
                ),
            ),
            rx.button("Suggérer", variant="soft", size="2", on_click=S.suggest),
            align="center",
            spacing="3",
            wrap="wrap",
            margin_bottom="0.8em",
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Colonne du fichier"),
                    rx.table.column_header_cell("Exemple"),
                    rx.table.column_header_cell("Champ du contact"),
                )
            ),
            rx.table.body(rx.foreach(S.columns, _column_row)),
            width="100%",
            size="1",
            id="import-columns",
        ),
        rx.flex(
            rx.cond(
                rx.Var.create(S.saved_names).length() > 0,
                rx.select(
                    S.saved_names,
                    placeholder="Reprendre une correspondance…",
                    on_change=S.apply_saved,
                    id="import-saved-mapping",
                ),
            ),
            rx.spacer(),
            rx.input(
                value=S.mapping_name,
                on_change=S.set_mapping_name,
                placeholder="Nom de la correspondance",
                id="import-mapping-name",
                width="260px",
            ),
            rx.button(
                "Enregistrer la correspondance", variant="soft", on_click=S.save_mapping,
                id="import-save-mapping",
            ),  # fmt: skip
            spacing="3",
            align="center",
            wrap="wrap",
            margin_top="0.8em",
        ),
        width="100%",
    )


def options_card() -> rx.Component:
    return rx.card(
        rx.heading("Doublons et erreurs", size="4", margin_bottom="0.6em"),
        rx.text(
            "Pour une ligne qui ressemble à une fiche existante (ou à une ligne précédente) :",
            size="2",
        ),
        rx.radio_group.root(
            rx.vstack(
                *[
                    rx.radio_group.item(label, value=action.value, id=f"import-action-{action}")
                    for action, label in DUPLICATE_ACTION_LABELS.items()
                ],
                spacing="1",
            ),
            value=S.duplicate_action,
            on_change=S.set_duplicate_action,
            margin_y="0.5em",
        ),
        rx.el.label(
            rx.hstack(
                rx.checkbox(
                    checked=S.skip_invalid, on_change=S.set_skip_invalid, id="import-skip-invalid"
                ),
                rx.text("Ignorer les lignes invalides (sinon, l'import ne démarre pas)", size="2"),
                align="center",
            )
        ),
        width="100%",
    )


def _cell(value, error) -> rx.Component:
    return rx.table.cell(
        rx.vstack(
            rx.text(value, size="1"),
            rx.cond(error != "", rx.text(error, size="1", color=rx.color("red", 11))),
            spacing="0",
        ),
        background=rx.cond(error != "", rx.color("red", 2), "transparent"),
    )


def _preview_row(line: PreviewLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(line.number, size="1")),
        _cell(line.name, line.name_error),
        _cell(line.email, line.email_error),
        _cell(line.phone, line.phone_error),
        _cell(line.place, line.place_error),
        rx.table.cell(
            rx.cond(
                line.duplicate_of != "",
                rx.vstack(
                    rx.text(line.duplicate_of, size="1", color_scheme="amber"),
                    rx.select.root(
                        rx.select.trigger(size="1"),
                        rx.select.content(
                            *[
                                rx.select.item(label, value=action.value)
                                for action, label in DUPLICATE_ACTION_LABELS.items()
                            ]
                        ),
                        value=line.action,
                        on_change=lambda value: S.set_row_action(line.number, value),
                        size="1",
                    ),
                    spacing="1",
                ),
            )
        ),
        rx.table.cell(rx.text(line.other_errors, size="1", color=rx.color("red", 11))),
        class_name="preview-row",
        custom_attrs={"data-line": line.number},
    )


def preview_card() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.heading("Aperçu", size="4"),
            rx.spacer(),
            rx.button(
                rx.cond(S.previewing, rx.spinner(size="2"), rx.icon("eye", size=16)),
                "Prévisualiser",
                variant="soft",
                on_click=S.make_preview,
                disabled=S.previewing,
                id="import-preview",
            ),
            align="center",
            margin_bottom="0.6em",
        ),
        rx.cond(
            S.preview_ready,
            rx.vstack(
                rx.text(S.totals, weight="medium", size="2", id="import-totals"),
                rx.text(
                    "Les 50 premières lignes, telles qu'elles seront enregistrées :",
                    size="1", color_scheme="gray",
                ),  # fmt: skip
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(title)
                                    for title in (
                                        "Ligne", "Nom", "E-mail", "Téléphone", "Lieu",
                                        "Doublon probable", "Autres erreurs",
                                    )  # fmt: skip
                                ]
                            )
                        ),
                        rx.table.body(rx.foreach(S.preview, _preview_row)),
                        size="1",
                        width="100%",
                        id="import-preview-table",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
                width="100%",
            ),
            rx.text(
                "Vérifiez les lignes avant d'importer : rien n'est enregistré à cette étape.",
                size="2",
                color_scheme="gray",
            ),
        ),
        width="100%",
    )
