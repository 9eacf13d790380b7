"""« Ma journée » (/ma-journee), phone first (390 px): the day's stops in
visit order, each with what the technician needs at the door and one tap to
navigate or call; the route map; « Optimiser l'ordre »."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.date_picker import date_picker
from crm_app.documents.views import state_badge
from crm_app.planning.day import StopLine
from crm_app.planning.day_state import DayState as D
from crm_app.users.layout import phone_page
from crm_app.users.state import AuthState

ROUTE = "/ma-journee"
FIELD_ROUTE = "/terrain"  # the intervention's field report (interventions domain)


def _small_title(text: str) -> rx.Component:
    return rx.text(text, weight="bold", size="1", color_scheme="gray")


def _text_list(title: str, items) -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.box(
            _small_title(title),
            rx.foreach(items, lambda line: rx.text(line, size="2")),
        ),
    )


def stop_card(stop: StopLine) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(stop.position, variant="solid", radius="full", size="2"),
                rx.text(stop.time_label, "–", stop.end_label, weight="bold", size="4"),
                rx.cond(stop.time_fixed, rx.badge("heure fixée", color_scheme="amber")),
                state_badge(stop.state, stop.state_label),
                align="center",
                wrap="wrap",
                spacing="2",
            ),
            rx.text(stop.customer, weight="bold", size="3"),
            rx.text(stop.address, size="2"),
            rx.text(
                stop.task,
                rx.cond(stop.km_from_previous, " · " + stop.km_from_previous, ""),
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                stop.warning,
                rx.callout(
                    stop.warning,
                    icon="triangle_alert",
                    color_scheme="red",
                    width="100%",
                    class_name="stop-warning",
                ),  # fmt: skip
            ),
            rx.flex(
                rx.cond(
                    stop.geo_link,
                    rx.link(
                        rx.button(rx.icon("navigation", size=18), "Itinéraire", size="3"),
                        href=stop.geo_link,
                        class_name="stop-geo",
                    ),
                ),
                rx.cond(
                    stop.directions_link,
                    rx.link(
                        rx.button(rx.icon("map", size=16), "Web", size="3", variant="soft"),
                        href=stop.directions_link,
                        is_external=True,
                        class_name="stop-web",
                    ),
                ),
                rx.cond(
                    stop.mobile,
                    rx.link(
                        rx.button(
                            rx.icon("smartphone", size=16),
                            stop.mobile_label,
                            size="3",
                            variant="soft",
                        ),  # fmt: skip
                        href="tel:" + stop.mobile,
                    ),
                ),
                rx.cond(
                    stop.phone,
                    rx.link(
                        rx.button(
                            rx.icon("phone", size=16), stop.phone_label, size="3", variant="soft"
                        ),  # fmt: skip
                        href="tel:" + stop.phone,
                    ),
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                stop.notes,
                rx.box(
                    _small_title("Notes client"),
                    rx.text(stop.notes, size="2", white_space="pre-wrap"),
                ),  # fmt: skip
            ),
            _text_list("Équipements", stop.equipment),
            _text_list("Visites précédentes", stop.previous_visits),
            rx.cond(
                stop.no_position_reason,
                rx.text(stop.no_position_reason, size="1", color_scheme="orange"),
            ),
            rx.link(
                rx.button(
                    rx.icon("clipboard-pen", size=18),
                    rx.cond(
                        (stop.state == "done") | (stop.state == "in_progress"),
                        "Compte rendu",
                        "Démarrer / compte rendu",
                    ),
                    size="3",
                    width="100%",
                    variant="outline",
                ),
                href=FIELD_ROUTE + "/" + rx.Var.create(stop.id).to_string(),
                width="100%",
                class_name="stop-report",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="day-stop",
    )


def _toolbar() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.icon_button(
                rx.icon("chevron-left"),
                variant="soft",
                size="3",
                on_click=D.previous_day,
                aria_label="Jour précédent",
            ),  # fmt: skip
            rx.box(
                date_picker(D.day_text, D.set_day, "day-picker"),
                width="9.5em",
            ),
            rx.icon_button(
                rx.icon("chevron-right"),
                variant="soft",
                size="3",
                on_click=D.next_day,
                aria_label="Jour suivant",
            ),  # fmt: skip
            rx.button("Aujourd'hui", variant="soft", size="3", on_click=D.today),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        rx.cond(D.day_error, rx.text(D.day_error, color_scheme="red", size="2")),
        rx.cond(
            AuthState.can_edit,
            rx.select.root(
                rx.select.trigger(placeholder="Technicien", id="day-technician"),
                rx.select.content(
                    rx.foreach(
                        D.technician_choices,
                        lambda c: rx.select.item(c[1], value=c[0]),
                    )
                ),
                value=rx.Var.create(D.technician_id).to_string(),
                on_change=D.set_technician,
                size="3",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _start_point() -> rx.Component:
    return rx.cond(
        D.start_editing,
        rx.vstack(
            rx.text(
                "Point de départ et de retour (domicile ou dépôt)", size="2", weight="medium"
            ),  # fmt: skip
            rx.input(
                value=D.start_text,
                on_change=D.set_start_text,
                id="start-address",
                placeholder="12 rue de Lorient, 35000 Rennes",
                width="100%",
                size="3",
            ),  # fmt: skip
            rx.cond(
                D.start_error,
                rx.text(D.start_error, color_scheme="red", size="2", id="start-error"),
            ),  # fmt: skip
            rx.flex(
                rx.button(
                    "Localiser et enregistrer",
                    on_click=D.save_start,
                    loading=D.locating,
                    id="start-save",
                ),  # fmt: skip
                rx.button(
                    "Annuler", variant="soft", color_scheme="gray", on_click=D.cancel_start
                ),  # fmt: skip
                spacing="2",
            ),
            spacing="2",
            width="100%",
        ),
        rx.flex(
            rx.text(
                "Départ et retour : ",
                rx.cond(
                    D.start_label,
                    D.start_label,
                    "non renseigné (la tournée part du premier client)",
                ),  # fmt: skip
                size="1",
                color_scheme="gray",
                id="start-label",
            ),
            rx.button(
                "Modifier", size="1", variant="ghost", on_click=D.edit_start, id="start-edit"
            ),  # fmt: skip
            align="center",
            spacing="2",
            wrap="wrap",
        ),
    )


def _route_box() -> rx.Component:
    return rx.vstack(
        rx.el.iframe(
            src_doc=D.map_html,
            width="100%",
            height="300px",
            style={"border": "0", "borderRadius": "8px"},
            title="Tournée du jour",
            id="day-map",
        ),
        _start_point(),
        rx.cond(
            D.proposal_summary,
            rx.callout(
                rx.vstack(
                    rx.text(D.proposal_summary, id="proposal-summary"),
                    rx.flex(
                        rx.cond(
                            AuthState.can_edit,
                            rx.button(
                                "Appliquer au planning",
                                on_click=D.apply_proposal,
                                id="apply-proposal",
                            ),  # fmt: skip
                        ),
                        rx.button(
                            "Garder l'ordre prévu", variant="soft", on_click=D.keep_planned_order
                        ),  # fmt: skip
                        spacing="2",
                        wrap="wrap",
                    ),
                    spacing="2",
                ),
                icon="route",
                color_scheme="green",
                width="100%",
            ),
            rx.cond(
                D.stops.length() > 1,
                rx.button(
                    rx.icon("route", size=18),
                    "Optimiser l'ordre",
                    size="3",
                    width="100%",
                    variant="soft",
                    on_click=D.optimise,
                    id="optimise",
                ),
            ),
        ),
        spacing="2",
        width="100%",
    )


def day_body() -> list[rx.Component]:
    return [
        rx.heading("Ma journée", size="5"),
        rx.text(D.technician_name, " · ", D.day_label, size="2", color_scheme="gray"),
        _toolbar(),
        rx.cond(
            D.stops.length() > 0,
            rx.vstack(
                rx.text(D.totals, size="2", weight="medium", id="day-totals"),
                rx.foreach(D.stops, stop_card),
                _route_box(),
                rx.cond(
                    D.without_position.length() > 0,
                    rx.callout(
                        rx.vstack(
                            rx.text("Non placées sur la carte :", weight="bold"),
                            rx.foreach(
                                D.without_position,
                                lambda s: rx.text(s.customer, " — ", s.no_position_reason),
                            ),
                        ),
                        icon="map-pin-off",
                        color_scheme="orange",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            rx.text("Aucune intervention ce jour-là.", color_scheme="gray", id="day-empty"),
        ),
    ]


def day_page() -> rx.Component:
    return phone_page(D.refused, *day_body())
