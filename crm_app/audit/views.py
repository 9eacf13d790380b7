"""The Journal section: who changed what on this contact, and when."""

from __future__ import annotations

import reflex as rx

from crm_app.audit.service import JournalLine
from crm_app.audit.state import JournalState as J
from crm_app.core.ui.pager import pager


def journal_line(line: JournalLine) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(line.when, size="1", color_scheme="gray", white_space="nowrap"),
            rx.text(line.who, size="1", weight="medium"),
            rx.text(line.what, size="1"),
            wrap="wrap",
            spacing="2",
        ),
        rx.cond(
            line.details != "",
            rx.text(line.details, size="1", color_scheme="gray", word_break="break-word"),
        ),
        padding_y="0.4em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        class_name="journal-line",
    )


def journal_section() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading("Journal", size="3"),
            rx.spacer(),
            rx.button("Actualiser", size="1", variant="ghost", on_click=J.load_journal),
            width="100%",
            align="center",
        ),
        rx.foreach(J.journal_lines, journal_line),
        rx.cond(J.journal_total == 0, rx.text("Aucune entrée.", size="2", color_scheme="gray")),
        rx.flex(
            rx.text(
                J.journal_total, " entrée(s)", size="2", color_scheme="gray", id="journal-total"
            ),
            rx.spacer(),
            pager(
                J.journal_page,
                J.journal_page_count,
                J.journal_go_to(J.journal_page - 1),
                J.journal_go_to(J.journal_page + 1),
                size="1",
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        spacing="2",
        width="100%",
        id="journal",
        margin_top="1.5em",
    )
