"""« Relances »: the e-mail template, a month's reminders, their sending and results."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.fields import labeled, text_area, text_input
from crm_app.core.ui.pager import pager
from crm_app.core.ui.table import list_table
from crm_app.documents.views import state_badge
from crm_app.equipment.reminder_state import MERGE_HELP
from crm_app.equipment.reminder_state import ReminderState as R
from crm_app.equipment.reminders import ReminderLine
from crm_app.users.layout import protected_page
from crm_app.users.state import OFFICE_ROLES

ROUTE = "/relances"


def reminder_row(line: ReminderLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(
                line.customer,
                href="/contact/" + rx.Var.create(line.contact_id).to_string(),
                size="2",
                weight="medium",
            )
        ),
        rx.table.cell(rx.text(line.email, size="2"), display=["none", "table-cell"]),
        rx.table.cell(state_badge(line.status, line.status_label)),
        rx.table.cell(rx.text(line.message, size="1", color_scheme="red")),
        class_name="reminder-row",
    )


def template_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Modèle du courriel", size="3"),
            labeled(
                "Objet",
                text_input(R.subject, R.set_subject, "reminder-subject"),
                R.template_errors["subject"],
            ),
            labeled(
                "Message",
                text_area(R.body, R.set_body, "reminder-body", rows="9"),
                R.template_errors["body"],
            ),
            rx.text("Champs de fusion : ", MERGE_HELP, size="1", color_scheme="gray"),
            rx.button(
                "Enregistrer le modèle",
                variant="soft",
                on_click=R.save_template,
                id="reminder-save-template",
            ),  # fmt: skip
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def run_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading("Relances du mois", size="3"),
                rx.spacer(),
                rx.hstack(
                    rx.icon_button(
                        rx.icon("chevron_left", size=16),
                        variant="soft",
                        on_click=R.shift_month(-1),
                        aria_label="Mois précédent",
                    ),  # fmt: skip
                    rx.text(
                        R.month_text,
                        weight="bold",
                        min_width="9em",
                        text_align="center",
                        id="reminder-month",
                    ),  # fmt: skip
                    rx.icon_button(
                        rx.icon("chevron_right", size=16),
                        variant="soft",
                        on_click=R.shift_month(1),
                        aria_label="Mois suivant",
                    ),  # fmt: skip
                    align="center",
                ),
                rx.button(
                    "Préparer les relances",
                    on_click=R.prepare,
                    id="reminder-prepare",
                    disabled=R.sending,
                ),  # fmt: skip
                align="center",
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            rx.cond(
                R.run_id,
                rx.vstack(
                    rx.text(
                        "Relances de ",
                        R.run_month,
                        " : ",
                        R.total,
                        " client(s), ",
                        R.sent,
                        " envoyée(s), ",
                        R.failed,
                        " en échec, ",
                        R.pending,
                        " à envoyer, ",
                        R.letters,
                        " par courrier.",
                        size="2",
                        id="reminder-progress-text",
                    ),  # fmt: skip
                    rx.progress(value=R.percent, width="100%", id="reminder-progress"),
                    rx.cond(
                        R.send_error,
                        rx.callout(R.send_error, icon="triangle_alert", color_scheme="red"),
                    ),
                    rx.flex(
                        rx.button(
                            rx.icon("send", size=16),
                            "Envoyer",
                            on_click=R.send,
                            loading=R.sending,
                            disabled=R.pending == 0,
                            id="reminder-send",
                        ),  # fmt: skip
                        rx.button(
                            "Réessayer les échecs",
                            variant="soft",
                            on_click=R.retry,
                            disabled=(R.failed == 0) | R.sending,
                            id="reminder-retry",
                        ),  # fmt: skip
                        rx.button(
                            rx.icon("printer", size=16),
                            "Lettres (clients sans courriel)",
                            variant="soft",
                            on_click=R.download_letters,
                            disabled=R.letters == 0,
                            id="reminder-letters",
                        ),  # fmt: skip
                        spacing="3",
                        wrap="wrap",
                    ),
                    list_table(
                        [
                            rx.table.column_header_cell("Client"),
                            rx.table.column_header_cell("Courriel", display=["none", "table-cell"]),
                            rx.table.column_header_cell("État"),
                            rx.table.column_header_cell("Message"),
                        ],
                        R.lines,
                        reminder_row,
                    ),
                    rx.flex(
                        rx.text(R.range_text, size="2", color_scheme="gray"),
                        rx.spacer(),
                        pager(
                            R.page,
                            R.page_count,
                            R.go_to_page(R.page - 1),
                            R.go_to_page(R.page + 1),
                            has_next=R.has_next,
                        ),  # fmt: skip
                        align="center",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def reminders_page() -> rx.Component:
    return protected_page(
        rx.flex(
            rx.heading("Relances d'entretien", size="7"),
            rx.spacer(),
            rx.link("Entretiens à planifier", href="/a-planifier", size="2"),
            align="center",
            margin_y="0.6em",
        ),
        rx.grid(
            template_card(),
            run_card(),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="4",
            width="100%",
        ),
        roles=OFFICE_ROLES,
    )
