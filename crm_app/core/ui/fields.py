"""Form controls every form uses: labelled field with its error, text, text
area, text and id selects."""

from __future__ import annotations

import reflex as rx

from crm_app.core.countries import country_names
from crm_app.core.ui.options import EMPTY_CHOICE, NO_CHOICE


def field_error(message: rx.Var) -> rx.Component:
    return rx.cond(
        message,
        rx.text(message, color=rx.color("red", 11), size="1", class_name="field-error"),
    )


def labeled(
    label: str, control: rx.Component, error: rx.Var | None = None, **props
) -> rx.Component:
    children = [rx.text(label, size="2", weight="medium", color=rx.color("gray", 11)), control]
    if error is not None:
        children.append(field_error(error))
    return rx.flex(*children, direction="column", spacing="1", width="100%", **props)


def text_input(value, on_change, field_id: str, **props) -> rx.Component:
    return rx.input(value=value, on_change=on_change, id=field_id, width="100%", **props)


def country_input(value, on_change, field_id: str, **props) -> rx.Component:
    """A country typed or picked by its French name: the browser suggests the
    names of the list (« Bel » → Belgique), France first; the form's validator
    turns the name into its ISO code."""
    list_id = f"{field_id}-countries"
    return rx.fragment(
        rx.input(
            value=value,
            on_change=on_change,
            id=field_id,
            width="100%",
            auto_complete="off",
            custom_attrs={"list": list_id},
            **props,
        ),
        rx.el.datalist(
            *[rx.el.option(value=name) for name in country_names().values()], id=list_id
        ),
    )


def text_area(value, on_change, field_id: str, **props) -> rx.Component:
    return rx.text_area(
        value=value, on_change=on_change, id=field_id, width="100%", resize="vertical", **props
    )


def text_select(options: list[str], value, on_change, field_id: str, **props) -> rx.Component:
    """A select over fixed texts; "—" stands for none (Radix selects cannot hold "")."""
    return rx.select(
        [EMPTY_CHOICE, *options],
        value=rx.cond(value, value, EMPTY_CHOICE),
        on_change=on_change,
        id=field_id,
        width="100%",
        **props,
    )


def choice_select(
    options, value, on_change, field_id: str, *, disabled: bool | rx.Var[bool] = False
) -> rx.Component:
    """A select over ChoiceOption values (a Var list or a Python list)."""
    if isinstance(options, list):
        items = [rx.select.item(option.label, value=option.value) for option in options]
        value_var = value
    else:
        items = [
            rx.select.item(EMPTY_CHOICE, value=NO_CHOICE),
            rx.foreach(options, lambda option: rx.select.item(option.label, value=option.value)),
        ]
        value_var = rx.cond(value, value, NO_CHOICE)
    return rx.select.root(
        rx.select.trigger(id=field_id, width="100%"),
        rx.select.content(*items),
        value=value_var,
        on_change=on_change,
        disabled=disabled,
    )
