"""The « Doublons » page: probable duplicate pairs, best first, with the
reasons; each pair opens both contacts or is set aside as « Pas un doublon »."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.pager import pager
from crm_app.duplicates.contact_state import ContactDuplicatesState as CD
from crm_app.duplicates.service import DuplicateHint
from crm_app.duplicates.state import DuplicatesState as D
from crm_app.duplicates.state import PairView
from crm_app.users.layout import protected_page
from crm_app.users.state import OFFICE_ROLES

ROUTE = "/doublons"


def _side(contact_id: int, name: str, details: str) -> rx.Component:
    """The arguments are a foreach row's fields: Vars, typed as their values."""
    href = "/contact/" + rx.Var.create(contact_id).to_string()
    return rx.vstack(
        rx.link(name, href=href, weight="medium", size="2"),
        rx.text(details, size="1", color_scheme="gray"),
        spacing="0",
        align="start",
    )


def _score_badge(score: int) -> rx.Component:
    return rx.badge(
        rx.Var.create(score).to_string() + " %",
        color_scheme=rx.cond(score >= 100, "red", rx.cond(score >= 85, "orange", "amber")),
        variant="soft",
    )


def pair_row(pair: PairView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_score_badge(pair.score)),
        rx.table.cell(_side(pair.first_id, pair.first_name, pair.first_details)),
        rx.table.cell(_side(pair.second_id, pair.second_name, pair.second_details)),
        rx.table.cell(rx.text(pair.reasons, size="2")),
        rx.table.cell(
            rx.hstack(
                rx.link(
                    rx.button("Fusionner", size="1", variant="soft"),
                    href=_merge_href(pair.first_id, pair.second_id),
                    class_name="merge-pair",
                ),
                _dismiss_button(pair),
                spacing="2",
            )
        ),
        class_name="duplicate-pair",
        custom_attrs={"data-pair": pair.key},
    )


def _merge_href(first_id: int | rx.Var, second_id: int | rx.Var) -> rx.Var:
    first, second = rx.Var.create(first_id).to_string(), rx.Var.create(second_id).to_string()
    return "/fusion/" + first + "-" + second


def _dismiss_button(pair: PairView) -> rx.Component:
    return rx.button(
        "Pas un doublon",
        size="1",
        variant="soft",
        color_scheme="gray",
        on_click=D.dismiss(pair.first_id, pair.second_id),
        class_name="dismiss-pair",
    )


def duplicates_page() -> rx.Component:
    return protected_page(
        rx.flex(
            rx.heading("Doublons", size="7"),
            rx.spacer(),
            rx.button(
                rx.cond(D.scanning, rx.spinner(size="2"), rx.icon("scan_search", size=16)),
                rx.cond(D.scanning, "Analyse en cours…", "Analyser la base"),
                on_click=D.start_scan,
                disabled=D.scanning,
                id="scan-duplicates",
            ),
            align="center",
            margin_y="1em",
        ),
        rx.text(D.scan_label, size="2", color_scheme="gray", id="scan-label"),
        rx.text(
            "Mêmes e-mail, téléphone, SIRET, n° de TVA ou référence ; ou noms proches "
            "(accents, majuscules, civilités, formes juridiques et ordre des mots mis à part) "
            "au même code postal ou dans la même ville.",
            size="2",
            color_scheme="gray",
            margin_bottom="1em",
        ),
        rx.card(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Score", width="80px"),
                        rx.table.column_header_cell("Contact"),
                        rx.table.column_header_cell("Doublon probable"),
                        rx.table.column_header_cell("Raisons"),
                        rx.table.column_header_cell("", width="220px"),
                    )
                ),
                rx.table.body(rx.foreach(D.rows, pair_row)),
                width="100%",
                id="duplicate-table",
            ),
            rx.cond(
                D.total == 0,
                rx.center(
                    rx.text("Aucun doublon probable.", color_scheme="gray"),
                    padding="2em",
                ),
            ),
            rx.flex(
                rx.text(D.range_label, size="2", color_scheme="gray", id="duplicate-range"),
                rx.spacer(),
                pager(
                    D.page,
                    D.page_count,
                    D.previous_page,
                    D.next_page,
                    has_next=D.has_next,
                    total_exact=D.total_exact,
                ),
                align="center",
                spacing="3",
                margin_top="0.8em",
            ),
        ),
        roles=OFFICE_ROLES,
    )


def _hint_link(hint: DuplicateHint) -> rx.Component:
    return rx.hstack(
        rx.link(
            hint.name,
            href="/contact/" + rx.Var.create(hint.id).to_string(),
            weight="medium",
            size="2",
            class_name="duplicate-hint",
        ),
        rx.text(hint.details, size="1", color_scheme="gray"),
        rx.text("(", hint.reasons, ")", size="1", color_scheme="amber"),
        spacing="2",
        align="baseline",
        wrap="wrap",
    )


def duplicate_warning(hints: list[DuplicateHint]) -> rx.Component:
    """« Ce contact existe peut-être déjà », with the likely matches as links;
    creating anyway stays possible. ``hints`` is a state var."""
    return rx.cond(
        rx.Var.create(hints).length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("users")),
            rx.vstack(
                rx.text("Ce contact existe peut-être déjà :", weight="medium", size="2"),
                rx.foreach(hints, _hint_link),
                spacing="1",
            ),
            color_scheme="amber",
            size="1",
            id="duplicate-warning",
            width="100%",
        ),
    )


def _duplicate_line(hint: DuplicateHint) -> rx.Component:
    other = rx.Var.create(hint.id).to_string()
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.link(
                    hint.name, href="/contact/" + other, weight="medium", size="2",
                    on_click=CD.set_duplicates_open(False),
                ),  # fmt: skip
                rx.text(hint.details, size="1", color_scheme="gray"),
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(hint.reasons, size="2")),
        rx.table.cell(
            rx.link(
                rx.button("Fusionner", size="1", variant="soft"),
                href=_merge_href(CD.contact_id_loaded, hint.id),
                class_name="merge-link",
                # Closed now: the page comes back to this contact after the merge.
                on_click=CD.set_duplicates_open(False),
            )
        ),
    )


def contact_duplicates_action() -> rx.Component:
    """« Doublons de cette fiche »: a header action of the contact page."""
    return rx.cond(
        CD.can_edit,
        rx.fragment(
            rx.button(
                rx.icon("copy", size=16),
                "Doublons de cette fiche",
                variant="soft",
                color_scheme="gray",
                on_click=CD.find_duplicates,
                id="find-duplicates",
            ),
            rx.dialog.root(
                rx.dialog.content(
                    rx.dialog.title("Doublons probables de cette fiche"),
                    rx.cond(
                        rx.Var.create(CD.duplicates).length() > 0,
                        rx.table.root(
                            rx.table.body(rx.foreach(CD.duplicates, _duplicate_line)),
                            width="100%",
                            id="duplicates-of-contact",
                        ),
                        rx.text("Aucun doublon probable.", color_scheme="gray", size="2",
                                id="no-duplicates"),  # fmt: skip
                    ),
                    rx.flex(
                        rx.dialog.close(rx.button("Fermer", variant="soft", color_scheme="gray")),
                        justify="end",
                        margin_top="1em",
                    ),
                    max_width="640px",
                ),
                open=CD.duplicates_open,
                on_open_change=CD.set_duplicates_open,
            ),
        ),
    )
