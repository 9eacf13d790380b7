"""« Calendrier » (/calendrier, office): the week or day board with one lane
per technician, filters by technician and sector, the overlaps, the
intervention clicked with « Trouver un créneau », and the confirmation of a
move to a past time."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.options import ChoiceOption
from crm_app.core.ui.planning_calendar import planning_calendar
from crm_app.planning.calendar_state import CalendarState as C
from crm_app.planning.calendar_state import SlotChoice
from crm_app.users.layout import protected_page
from crm_app.users.state import OFFICE_ROLES

ROUTE = "/calendrier"


def _technician_filter(option: ChoiceOption) -> rx.Component:
    return rx.checkbox(
        option.label,
        checked=C.technician_filter.contains(option.value),
        on_change=lambda checked: C.toggle_technician(option.value, checked),
        class_name="calendar-technician",
    )


def _filters() -> rx.Component:
    return rx.flex(
        rx.flex(rx.foreach(C.technician_options, _technician_filter), spacing="3", wrap="wrap"),
        rx.spacer(),
        rx.select.root(
            rx.select.trigger(placeholder="Tous les secteurs", id="calendar-sector"),
            rx.select.content(
                rx.select.item("Tous les secteurs", value="all"),
                rx.foreach(C.sector_options, lambda o: rx.select.item(o.label, value=o.value)),
            ),
            value=rx.cond(C.sector_id, C.sector_id, "all"),
            on_change=C.set_sector,
        ),
        align="center",
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def _proposal(proposal: SlotChoice, index: rx.Var) -> rx.Component:
    return rx.flex(
        rx.text(proposal.label, size="2"),
        rx.spacer(),
        rx.button("Réserver", size="1", on_click=C.book(index), class_name="book-slot"),
        align="center",
        spacing="2",
        width="100%",
        class_name="slot-proposal",
    )


def _selection() -> rx.Component:
    return rx.cond(
        C.selected_id,
        rx.card(
            rx.vstack(
                rx.flex(
                    rx.text(C.selected_title, weight="bold", id="selected-title"),
                    rx.spacer(),
                    rx.icon_button(
                        rx.icon("x", size=14),
                        variant="ghost",
                        on_click=C.close_selection,
                        aria_label="Fermer",
                    ),  # fmt: skip
                    width="100%",
                ),
                rx.text(
                    C.selected_when,
                    " · ",
                    C.selected_state,
                    " · ",
                    C.selected_technicians,
                    size="2",
                    color_scheme="gray",
                ),  # fmt: skip
                rx.flex(
                    rx.link(
                        rx.button("Ouvrir", variant="soft", size="2"),
                        href="/interventions/" + rx.Var.create(C.selected_id).to_string(),
                    ),
                    rx.button(
                        rx.icon("search", size=14),
                        "Trouver un créneau",
                        size="2",
                        on_click=C.find_slots,
                        id="find-slots",
                    ),  # fmt: skip
                    spacing="2",
                ),
                rx.foreach(C.proposals, _proposal),
                rx.cond(
                    C.proposals_message, rx.text(C.proposals_message, size="2", color_scheme="gray")
                ),  # fmt: skip
                spacing="2",
                width="100%",
            ),
            width="100%",
            id="calendar-selection",
        ),
    )


def _overlaps() -> rx.Component:
    return rx.cond(
        C.overlaps.length() > 0,
        rx.callout(
            rx.vstack(
                rx.text("Chevauchements :", weight="bold"),
                rx.foreach(C.overlaps, lambda line: rx.text(line, size="2")),
                spacing="1",
            ),
            icon="triangle_alert",
            color_scheme="orange",
            width="100%",
            id="calendar-overlaps",
        ),
    )


def _confirm_past() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Déplacer dans le passé ?"),
            rx.alert_dialog.description(
                "L'heure choisie est déjà passée. Déplacer quand même l'intervention ?"
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(
                        "Annuler", variant="soft", color_scheme="gray", on_click=C.cancel_move
                    ),  # fmt: skip
                ),
                rx.alert_dialog.action(
                    rx.button("Déplacer", on_click=C.confirm_move, id="confirm-past-move"),
                ),
                spacing="2",
                justify="end",
                margin_top="1em",
            ),
        ),
        open=C.confirm_open,
    )


def calendar_page() -> rx.Component:
    return protected_page(
        rx.vstack(
            rx.flex(
                rx.heading("Calendrier", size="6"),
                rx.spacer(),
                rx.text(
                    "Glissez une intervention pour la déplacer, tirez son bas pour "
                    "changer sa durée ; cliquez un créneau vide pour en créer une.",
                    size="1",
                    color_scheme="gray",
                ),  # fmt: skip
                align="center",
                spacing="3",
                width="100%",
                wrap="wrap",
            ),
            _filters(),
            _overlaps(),
            _selection(),
            planning_calendar(
                events=C.events,
                resources=C.resources,
                date=C.anchor,
                view=C.view,
                min_hour=7,
                max_hour=20,
                height=760,
                on_move=C.move,
                on_select_slot=C.select_slot,
                on_select_event=C.select_event,
                on_navigate=C.navigate,
                on_view=C.change_view,
                id="planning-calendar",
            ),
            spacing="3",
            width="100%",
            padding_y="0.8em",
        ),
        _confirm_past(),
        roles=OFFICE_ROLES,
        wide=True,
    )
