"""The contact page's save bar: dirty marker, refused-save summary, buttons."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.page_state import ContactPageState as S
from crm_app.contacts.page_state import ErrorPlace


def _error_place(place: ErrorPlace) -> rx.Component:
    """« Comptabilité : Numéro fiscal », a link to the tab when it is one."""
    text = rx.text(
        rx.text.strong(place.label), " : ", place.fields, size="2", color_scheme="red"
    )
    return rx.cond(
        place.tab != "",
        # A button, not a link: a link's navigation would reload the page
        # and lose what the user typed.
        rx.button(
            text,
            on_click=S.set_active_tab(place.tab),
            variant="ghost",
            size="1",
            text_decoration="underline",
            class_name="save-error-place",
        ),
        rx.box(text, class_name="save-error-place"),
    )


def _save_errors() -> rx.Component:
    """Why the last save was refused, beside the buttons (never over them)."""
    return rx.hstack(
        rx.icon("circle_alert", size=18, color=rx.color("red", 10), flex_shrink="0"),
        rx.vstack(
            rx.text(
                "Non enregistré : corrigez les champs en rouge.",
                size="2",
                weight="bold",
                color_scheme="red",
            ),
            rx.flex(rx.foreach(S.save_error_places, _error_place), spacing="3", wrap="wrap"),
            spacing="0",
        ),
        align="start",
        spacing="2",
        id="save-errors",
        role="alert",
    )


def save_bar() -> rx.Component:
    """Saves the header and every tab at once; stays in view while scrolling."""
    return rx.flex(
        rx.cond(
            S.save_error_places.length() > 0,
            _save_errors(),
            rx.cond(
                S.form_dirty,
                rx.text("Modifications non enregistrées", size="2", color_scheme="orange"),
            ),
        ),
        rx.spacer(),
        rx.hstack(
            rx.button(
                "Annuler les modifications",
                variant="soft",
                color_scheme="gray",
                on_click=S.reload,
                disabled=~S.form_dirty,
                id="cancel-changes",
            ),
            rx.button(
                rx.icon("save", size=16), "Enregistrer", on_click=S.save_contact, id="save-header"
            ),
            spacing="3",
            margin_left="auto",
        ),
        align="center",
        spacing="3",
        wrap="wrap",
        position="sticky",
        bottom="0",
        z_index="5",
        width="100%",
        padding="0.7em 1em",
        background=rx.color("gray", 1),
        border_top=f"1px solid {rx.color('gray', 5)}",
        box_shadow="0 -4px 12px rgba(0,0,0,0.06)",
        border_radius="8px 8px 0 0",
    )
