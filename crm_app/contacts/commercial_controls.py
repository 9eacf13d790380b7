"""Controls of the commercial tabs: labelled fields bound to the contact
page's form, checkboxes, searchable pickers and the sub-contact notice."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.commercial_state import CommercialTabsState as C
from crm_app.contacts.page_state import ContactPageState as S
from crm_app.core.ui.fields import choice_select, labeled, text_area, text_input
from crm_app.core.ui.options import ChoiceOption
from crm_app.core.ui.picker import search_picker

# A sub-contact shows its main contact's values; technicians read only.
READ_ONLY = S.is_sub_contact | ~S.can_edit


def options_of(labels: dict) -> list[ChoiceOption]:
    return [ChoiceOption(value=key.value, label=label) for key, label in labels.items()]


def section(title: str, *children: rx.Component, columns="2") -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="3", weight="medium", color=rx.color("indigo", 11)),
        rx.grid(
            *children,
            columns=rx.breakpoints(initial="1", sm=columns),
            spacing="3",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def field_text(label: str, field: str, **props) -> rx.Component:
    return labeled(
        label,
        text_input(
            S.form[field],
            lambda value: S.set_form_field(field, value),
            f"field-{field}",
            disabled=READ_ONLY,
            **props,
        ),
        S.form_errors[field],
    )


def field_area(label: str, field: str, hint: str = "", rows: str = "5") -> rx.Component:
    control = text_area(
        S.form[field],
        lambda value: S.set_form_field(field, value),
        f"field-{field}",
        rows=rows,
        disabled=READ_ONLY,
    )
    children = [control]
    if hint:
        children.append(rx.text(hint, size="1", color_scheme="gray"))
    return labeled(label, rx.vstack(*children, spacing="1", width="100%"), S.form_errors[field])


def field_select(label: str, field: str, options) -> rx.Component:
    return labeled(
        label,
        choice_select(
            options,
            S.form[field],
            lambda value: S.set_form_field(field, value),
            f"field-{field}",
            disabled=READ_ONLY,
        ),
        S.form_errors[field],
    )


def flag(label: str, field: str) -> rx.Component:
    return rx.checkbox(
        label,
        checked=S.flags[field],
        on_change=lambda value: S.set_flag(field, value),
        id=f"flag-{field}",
        disabled=READ_ONLY,
    )


def picker(label: str, field: str, placeholder: str) -> rx.Component:
    """A searchable picker: typing searches in SQL, a click chooses."""
    searching = C.picker_field == field
    return labeled(
        label,
        search_picker(
            shown_text=rx.cond(searching, C.picker_query, S.picker_labels[field]),
            results=C.picker_results,
            open=searching,
            on_search=lambda text: C.search_picker(field, text),
            on_close=C.close_picker,
            on_choose=lambda option: C.choose_picker(field, option.value, option.label),
            input_id=f"picker-{field}",
            results_id=f"picker-results-{field}",
            option_class="picker-option",
            placeholder=placeholder,
            disabled=READ_ONLY,
            clear_button=rx.cond(
                S.form[field] & ~READ_ONLY,
                rx.icon_button(
                    rx.icon("x", size=14),
                    variant="ghost",
                    color_scheme="gray",
                    on_click=C.clear_picker(field),
                    id=f"clear-{field}",
                    aria_label="Retirer",
                ),
            ),
        ),
        S.form_errors[field],
    )


def inherited_notice() -> rx.Component:
    return rx.cond(
        S.is_sub_contact,
        rx.callout(
            rx.text(
                "Ces informations sont celles du contact principal ",
                rx.link(S.parent_name, href="/contact/" + S.parent_id.to_string()),
                " : modifiez-les sur sa fiche.",
            ),
            icon="lock",
            color_scheme="gray",
            size="1",
            class_name="inherited-notice",
        ),
    )
