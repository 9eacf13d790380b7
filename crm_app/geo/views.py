"""The contact page's Localisation tab and the field team's Carte page."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.colors import LiteralAccentColor, color_match
from crm_app.core.ui.date_picker import date_picker
from crm_app.core.ui.fields import choice_select, labeled
from crm_app.core.ui.options import ChoiceOption
from crm_app.geo.points import ROLE_FILTERS
from crm_app.geo.state import STATE_FILTER_OPTIONS, LocationRow
from crm_app.geo.state import LocationTabState as L
from crm_app.geo.state import MapPageState as M
from crm_app.users.layout import protected_page

STATE_COLORS: dict[str, LiteralAccentColor] = {
    "success": "green",
    "manual": "blue",
    "failure": "red",
    "not_tried": "gray",
    "no_address": "gray",
}


def map_frame(html, frame_id: str, height) -> rx.Component:
    # The map's scripts run inside an iframe (srcdoc): rx.html would not run them.
    return rx.el.iframe(
        src_doc=html,
        id=frame_id,
        title="Carte",
        width="100%",
        height=height,
        style={"border": "0", "border_radius": "8px", "background": "#eef1f5"},
    )


def location_row(row: LocationRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(row.name, weight="medium", size="2"),
                rx.badge(row.type_label, variant="soft", size="1"),
                rx.spacer(),
                rx.badge(
                    row.state_label,
                    color_scheme=color_match(row.state, STATE_COLORS.items(), "gray"),
                    class_name="geocode-state",
                ),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.text(row.address, size="1", color_scheme="gray"),
            rx.cond(
                row.latitude != "",
                rx.text(
                    "Lat. ",
                    row.latitude,
                    " · Long. ",
                    row.longitude,
                    size="1",
                    class_name="coordinates",
                ),
            ),
            rx.cond(row.score != "", rx.text("Score ", row.score, size="1", color_scheme="gray")),
            rx.cond(row.checked != "", rx.text("Le ", row.checked, size="1", color_scheme="gray")),
            rx.cond(row.error != "", rx.text(row.error, size="1", color_scheme="red")),
            rx.cond(
                L.can_edit,
                rx.button(
                    rx.icon("locate_fixed", size=14),
                    "Géolocaliser",
                    size="1",
                    variant="soft",
                    on_click=L.geocode_now(row.id),
                    loading=L.geocoding,
                    class_name="geocode-now",
                ),
            ),
            spacing="1",
            width="100%",
        ),
        size="1",
        width="100%",
        class_name="location-row",
    )


def manual_form() -> rx.Component:
    def coordinate_input(label: str, field: str, value) -> rx.Component:
        return labeled(
            label,
            rx.input(
                value=value,
                on_change=lambda v: L.set_manual(field, v),
                id=f"manual-{field}",
                inputmode="decimal",
                width="100%",
            ),
            L.manual_errors[field],
        )

    return rx.card(
        rx.vstack(
            rx.text("Saisir les coordonnées à la main", weight="medium", size="2"),
            rx.grid(
                coordinate_input("Latitude", "latitude", L.manual_latitude),
                coordinate_input("Longitude", "longitude", L.manual_longitude),
                columns="2",
                spacing="2",
                width="100%",
            ),
            rx.text(
                "Des coordonnées saisies ne sont jamais remplacées automatiquement.",
                size="1",
                color_scheme="gray",
            ),
            rx.button(
                "Enregistrer les coordonnées",
                size="1",
                on_click=L.save_manual_coordinates,
                id="save-coordinates",
            ),
            spacing="2",
            width="100%",
        ),
        size="1",
        width="100%",
    )


def location_tab() -> rx.Component:
    return rx.grid(
        rx.box(
            map_frame(L.map_html, "contact-map", rx.breakpoints(initial="320px", md="480px")),
            # Mounted when the tab is shown (Radix unmounts hidden tabs).
            on_mount=L.show_map,
            width="100%",
        ),
        rx.vstack(
            rx.cond(
                L.geocoding,
                rx.hstack(
                    rx.spinner(size="1"),
                    rx.text("Géocodage en cours…", size="2"),
                    id="geocoding-indicator",
                ),
            ),
            rx.foreach(L.location_rows, location_row),
            rx.cond(L.can_edit, manual_form()),
            spacing="2",
            width="100%",
            max_height=rx.breakpoints(initial="none", md="480px"),
            overflow_y="auto",
        ),
        columns=rx.breakpoints(initial="1", md="3fr 2fr"),
        spacing="3",
        width="100%",
    )


# --- Carte page ------------------------------------------------------------------------


def _filter(label: str, control: rx.Component) -> rx.Component:
    return labeled(label, control, min_width="150px", flex="1")


def map_page() -> rx.Component:
    filters = rx.flex(
        _filter(
            "Afficher",
            rx.select.root(
                rx.select.trigger(id="map-mode", width="100%"),
                rx.select.content(
                    rx.foreach(
                        M.mode_options,
                        lambda option: rx.select.item(option.label, value=option.value),
                    )
                ),
                value=M.mode,
                on_change=lambda v: M.set_filter("mode", v),
            ),
        ),
        rx.cond(
            M.mode == "maintenance",
            _filter(
                "Mois",
                rx.select.root(
                    rx.select.trigger(id="map-month", width="100%"),
                    rx.select.content(
                        rx.foreach(
                            M.month_options,
                            lambda option: rx.select.item(option.label, value=option.value),
                        )
                    ),
                    value=M.month,
                    on_change=lambda v: M.set_filter("month", v),
                ),
            ),
        ),
        rx.cond(
            M.mode == "interventions",
            rx.fragment(
                labeled(
                    "Jour",
                    date_picker(
                        M.day, lambda v: M.set_filter("day", v), "map-day", error=M.day_error
                    ),
                    M.day_error,
                    min_width="150px",
                    flex="1",
                ),
                _filter(
                    "Technicien",
                    choice_select(
                        M.technician_options,
                        M.technician,
                        lambda v: M.set_filter("technician", v),
                        "map-technician",
                    ),
                ),
                _filter(
                    "État",
                    choice_select(
                        [ChoiceOption("0", "Tous les états"), *STATE_FILTER_OPTIONS],
                        rx.cond(M.intervention_state, M.intervention_state, "0"),
                        lambda v: M.set_filter("intervention_state", v),
                        "map-state",
                    ),
                ),
            ),
            rx.cond(
                M.mode == "contacts",
                _filter(
                    "Rôle",
                    choice_select(
                        [ChoiceOption(k, v) for k, v in ROLE_FILTERS.items()],
                        M.role,
                        lambda v: M.set_filter("role", v),
                        "map-role",
                    ),
                ),
            ),
        ),
        rx.cond(
            (M.mode != "maintenance") & (M.sector_options.length() > 0),
            _filter(
                "Secteur",
                rx.select.root(
                    rx.select.trigger(id="map-sector"),
                    rx.select.content(
                        rx.select.item("Tous les secteurs", value="0"),
                        rx.foreach(
                            M.sector_options, lambda o: rx.select.item(o.label, value=o.value)
                        ),
                    ),
                    value=rx.cond(M.sector, M.sector, "0"),
                    on_change=lambda v: M.set_filter("sector", v),
                ),
            ),
        ),
        rx.cond(
            (M.mode == "contacts") & (M.sector_options.length() > 0),
            _filter(
                "Couleurs",
                choice_select(
                    [ChoiceOption("role", "Par rôle"), ChoiceOption("sector", "Par secteur")],
                    M.color_by,
                    lambda v: M.set_filter("color_by", v),
                    "map-color",
                ),
            ),
        ),
        wrap="wrap",
        spacing="3",
        width="100%",
    )
    geocode_all = rx.vstack(
        rx.flex(
            rx.text(
                M.point_count,
                " point(s) sur la carte",
                size="2",
                color_scheme="gray",
                id="map-count",
            ),
            rx.spacer(),
            rx.cond(
                M.can_edit,
                rx.button(
                    rx.icon("locate_fixed", size=14),
                    "Tout géolocaliser",
                    size="2",
                    variant="soft",
                    on_click=M.start_geocode_all,
                    disabled=M.job_running,
                    id="geocode-all",
                ),
            ),
            width="100%",
            align="center",
            wrap="wrap",
            spacing="2",
        ),
        rx.cond(
            M.job_started,
            rx.cond(
                M.job_total > 0,
                rx.vstack(
                    rx.progress(value=M.job_percent.to(int), width="100%", id="geocode-progress"),
                    rx.text(
                        M.job_done,
                        " / ",
                        M.job_total,
                        " contacts traités, ",
                        M.job_failed,
                        " échec(s)",
                        size="1",
                        color_scheme="gray",
                        id="geocode-progress-text",
                    ),
                    width="100%",
                    spacing="1",
                ),
                rx.text(
                    "Aucun contact à géolocaliser.",
                    size="1",
                    color_scheme="gray",
                    id="geocode-progress-text",
                ),
            ),
        ),
        width="100%",
        spacing="2",
    )
    return protected_page(
        rx.heading("Carte", size="7", margin_y="0.6em"),
        rx.card(
            rx.vstack(filters, geocode_all, spacing="3", width="100%"),
            width="100%",
            margin_bottom="0.8em",
        ),
        map_frame(M.map_html, "field-map", rx.breakpoints(initial="65vh", md="70vh")),
    )
