"""Dialogs every page uses: the confirmation of a destructive action."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.colors import LiteralAccentColor


def confirm_dialog(
    title: str,
    description: str,
    confirm_label: str,
    on_confirm,
    *,
    confirm_id: str,
    trigger: rx.Component | None = None,
    open=None,
    on_open_change=None,
    color_scheme: LiteralAccentColor = "red",
) -> rx.Component:
    """Asks before doing: "Annuler" or the red action. Opened by ``trigger``
    or driven by a state var (``open`` / ``on_open_change``)."""
    controlled = {} if open is None else {"open": open, "on_open_change": on_open_change}
    return rx.alert_dialog.root(
        *([rx.alert_dialog.trigger(trigger)] if trigger is not None else []),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Annuler", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        confirm_label,
                        color_scheme=color_scheme,
                        on_click=on_confirm,
                        id=confirm_id,
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
        ),
        **controlled,
    )
