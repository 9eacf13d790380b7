"""The searchable picker: typing searches in SQL (the state's handler), a
click on a result chooses it. Used for contacts, customers and users."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.options import ChoiceOption
from crm_app.core.ui.search_box import search_input


def search_picker(
    *,
    shown_text,
    results,
    open,
    on_search,
    on_close,
    on_choose,
    input_id: str,
    option_class: str,
    placeholder: str,
    results_id: str | None = None,
    disabled: bool | rx.Var[bool] = False,
    clear_button: rx.Component | None = None,
) -> rx.Component:
    """``results`` is a Var list of ChoiceOption; ``on_search(text)`` and
    ``on_choose(option)`` return the state's events."""

    def result(option: ChoiceOption) -> rx.Component:
        return rx.box(
            rx.text(option.label, size="2"),
            # mouse-down comes before the input's blur closes the list.
            on_mouse_down=on_choose(option),
            class_name=option_class,
            padding="0.35em 0.6em",
            cursor="pointer",
            border_radius="4px",
            _hover={"background": rx.color("indigo", 3)},
        )

    listing = rx.cond(
        open & (results.length() > 0),
        rx.card(
            rx.foreach(results, result),
            position="absolute",
            top="100%",
            left="0",
            right="0",
            z_index="30",
            padding="0.3em",
            id=results_id or None,
        ),
    )
    field = search_input(
        shown_text,
        on_search,
        input_id,
        rx.input.slot(rx.icon("search", size=14)),
        placeholder=placeholder,
        on_focus=on_search(""),
        on_blur=on_close,
        disabled=disabled,
        width="100%",
    )
    if clear_button is not None:
        field = rx.hstack(field, clear_button, align="center", width="100%")
    return rx.box(field, listing, position="relative", width="100%")
