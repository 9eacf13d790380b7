"""« Importer des contacts »: the list of imports with the upload (/import),
and one import's page (/import/<id>): mapping, options, preview, progress,
report and undo."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from crm_app.imports.mapping_views import mapping_card, options_card, preview_card
from crm_app.imports.progress import HistoryLine
from crm_app.imports.readers import MAX_BYTES
from crm_app.imports.state import ContactImportState as S
from crm_app.users.layout import protected_page
from crm_app.users.state import OFFICE_ROLES

ROUTE = "/import"
UPLOAD_ID = "import-upload"
ACCEPTED: dict[str, Sequence] = {
    "text/csv": [".csv", ".txt", ".tsv"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
    "application/vnd.oasis.opendocument.spreadsheet": [".ods"],
    "text/vcard": [".vcf", ".vcard"],
}


def _upload_box() -> rx.Component:
    return rx.card(
        rx.upload.root(
            rx.vstack(
                rx.icon("file_up", size=28, color=rx.color("accent", 9)),
                rx.text("Déposez un fichier ici, ou cliquez pour le choisir.", weight="medium"),
                rx.text(
                    "CSV (UTF-8 ou Windows, « ; » « , » ou tabulation), Excel (.xlsx), "
                    "LibreOffice (.ods) ou vCard (.vcf, une ou plusieurs fiches). "
                    f"{MAX_BYTES // (1024 * 1024)} Mo au plus.",
                    size="2",
                    color_scheme="gray",
                    text_align="center",
                ),
                align="center",
                spacing="2",
                padding="1.5em",
            ),
            id=UPLOAD_ID,
            multiple=False,
            max_files=1,
            max_size=MAX_BYTES,
            accept=ACCEPTED,
            on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
            border=f"2px dashed {rx.color('gray', 7)}",
            border_radius="8px",
            cursor="pointer",
            width="100%",
        ),
        rx.cond(
            S.upload_error != "",
            rx.callout(S.upload_error, icon="triangle_alert", color_scheme="red",
                       id="import-upload-error", margin_top="0.8em"),  # fmt: skip
        ),
        width="100%",
    )


def _history_row(line: HistoryLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(line.when, size="2")),
        rx.table.cell(
            rx.link(line.file_name, href="/import/" + rx.Var.create(line.id).to_string(), size="2")
        ),
        rx.table.cell(rx.text(line.who, size="2")),
        rx.table.cell(rx.badge(line.state_label, variant="soft")),
        rx.table.cell(rx.text(line.counts, size="2")),
    )


def import_list_page() -> rx.Component:
    return protected_page(
        rx.heading("Importer des contacts", size="7", margin_y="0.8em"),
        _upload_box(),
        rx.heading("Imports précédents", size="4", margin_top="1.5em", margin_bottom="0.5em"),
        rx.card(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(t)
                            for t in ("Date", "Fichier", "Par", "État", "Résultat")
                        ]
                    )
                ),
                rx.table.body(rx.foreach(S.history, _history_row)),
                width="100%",
            ),
            rx.cond(
                rx.Var.create(S.history).length() == 0,
                rx.text("Aucun import pour l'instant.", size="2", color_scheme="gray"),
            ),
            width="100%",
        ),
        roles=OFFICE_ROLES,
    )


def _progress_card() -> rx.Component:
    running = S.state_value == "running"
    return rx.card(
        rx.flex(
            rx.heading("Import", size="4"),
            rx.badge(S.state_label, variant="soft", id="import-state"),
            rx.spacer(),
            rx.cond(
                S.state_value == "interrupted",
                rx.button("Reprendre l'import", on_click=S.start, id="import-resume"),
            ),
            rx.cond(
                (S.state_value == "done") | (S.state_value == "interrupted"),
                rx.hstack(
                    rx.button(
                        rx.icon("download", size=16), "Rapport (CSV)", variant="soft",
                        on_click=S.download_report, id="import-report",
                    ),  # fmt: skip
                    rx.button(
                        rx.icon("undo_2", size=16), "Annuler l'import", color_scheme="red",
                        variant="soft", on_click=S.undo, id="import-undo",
                    ),  # fmt: skip
                ),
            ),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.progress(value=S.percent, max=100, margin_y="0.8em", id="import-progress"),
        rx.flex(
            rx.text(S.processed, " / ", S.total, " lignes", size="2", id="import-processed"),
            rx.cond(running, rx.text(S.rate, size="2", color_scheme="gray")),
            rx.cond(running, rx.text(S.time_left, size="2", color_scheme="gray")),
            rx.spacer(),
            rx.text(S.counts, size="2", weight="medium", id="import-counts"),
            spacing="4",
            wrap="wrap",
        ),
        rx.cond(S.message != "", rx.text(S.message, size="2", color_scheme="amber")),
        rx.cond(
            S.geocoding,
            rx.hstack(
                rx.spinner(size="1"),
                rx.text("Géolocalisation des adresses importées…", size="2"),
                align="center",
                id="import-geocoding",
            ),
        ),
        rx.cond(
            S.state_value == "done",
            rx.link("Voir la liste des contacts", href="/", size="2", margin_top="0.5em"),
        ),
        width="100%",
    )


def import_page() -> rx.Component:
    return protected_page(
        rx.flex(
            rx.link(
                rx.hstack(rx.icon("arrow_left", size=16), "Imports", align="center", spacing="1"),
                href=ROUTE,
                size="2",
            ),
            rx.heading(S.file_name, size="6"),
            align="center",
            spacing="3",
            margin_y="0.8em",
        ),
        rx.cond(
            S.error != "",
            rx.callout(S.error, icon="triangle_alert", color_scheme="red", id="import-error",
                       margin_bottom="0.8em"),  # fmt: skip
        ),
        rx.foreach(S.notes, lambda note: rx.text(note, size="1", color_scheme="amber")),
        rx.cond(
            S.is_draft,
            rx.vstack(
                mapping_card(),
                options_card(),
                preview_card(),
                rx.flex(
                    rx.spacer(),
                    rx.button(
                        rx.icon("play", size=16), "Lancer l'import", size="3",
                        on_click=S.start, id="import-start",
                    ),  # fmt: skip
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            _progress_card(),
        ),
        roles=OFFICE_ROLES,
    )
