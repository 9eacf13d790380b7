"""Login page."""

from __future__ import annotations

import reflex as rx

from crm_app.users.layout import APP_TITLE
from crm_app.users.state import AuthState


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.hstack(
                        rx.icon("flame", size=28, color=rx.color("orange", 9)),
                        rx.heading(APP_TITLE, size="6"),
                        align="center",
                    ),
                    rx.text("Connectez-vous pour accéder à vos contacts.", color_scheme="gray"),
                    rx.cond(
                        AuthState.login_error,
                        rx.callout(
                            AuthState.login_error,
                            icon="triangle_alert",
                            color_scheme="red",
                            width="100%",
                            id="login-error",
                        ),
                    ),
                    rx.text("Identifiant", size="2", weight="medium"),
                    rx.input(
                        name="login",
                        id="login-input",
                        placeholder="admin",
                        auto_complete="username",
                        width="100%",
                        size="3",
                        required=True,
                    ),
                    rx.text("Mot de passe", size="2", weight="medium"),
                    rx.input(
                        name="password",
                        id="password-input",
                        type="password",
                        auto_complete="current-password",
                        width="100%",
                        size="3",
                        required=True,
                    ),
                    rx.button(
                        "Se connecter", type="submit", width="100%", size="3", id="login-button"
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=AuthState.login,
                reset_on_submit=False,
            ),
            width="min(400px, 92vw)",
            size="4",
        ),
        min_height="100vh",
        background=rx.color("gray", 2),
    )
