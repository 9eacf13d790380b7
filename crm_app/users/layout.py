"""Shared page frame: top bar with navigation and the logged-in user."""

from __future__ import annotations

import reflex as rx

from crm_app.users.state import AuthState

APP_TITLE = "CRM Terrain"
# (label, address, office only): technicians see contacts, their planning, the map.
MAIN_MENU = [
    ("Contacts", "/", False),
    ("Planning", "/interventions", False),
    ("Opportunités", "/opportunites", True),
    ("Devis", "/devis", True),
    ("Factures", "/factures", True),
    ("Carte", "/carte", False),
    ("RGPD", "/rgpd", True),
]


def _for_role(item: rx.Component, office_only: bool) -> rx.Component:
    return rx.cond(AuthState.can_edit, item) if office_only else item


def top_bar() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.hstack(
                rx.icon("flame", size=22, color=rx.color("orange", 9)),
                rx.heading(APP_TITLE, size="4", weight="bold", white_space="nowrap"),
                align="center",
                spacing="2",
            ),
            href="/",
            underline="none",
            color_scheme="gray",
            high_contrast=True,
        ),
        rx.hstack(
            *[
                _for_role(rx.link(label, href=href, weight="medium"), office_only)
                for label, href, office_only in MAIN_MENU
            ],
            rx.cond(
                AuthState.user_role == "admin",
                rx.hstack(
                    rx.link(
                        "Paramètres",
                        href="/parametres/conditions-paiement",
                        weight="medium",
                        id="settings-link",
                    ),
                    rx.link("Utilisateurs", href="/utilisateurs", weight="medium", id="users-link"),
                    spacing="4",
                ),
            ),
            spacing="4",
            display=["none", "none", "flex"],
        ),
        rx.box(
            rx.menu.root(
                rx.menu.trigger(
                    rx.icon_button(
                        rx.icon("menu", size=18),
                        variant="soft",
                        color_scheme="gray",
                        aria_label="Menu",
                        id="phone-menu",
                    )
                ),
                rx.menu.content(
                    *[
                        _for_role(rx.menu.item(label, on_click=rx.redirect(href)), office_only)
                        for label, href, office_only in MAIN_MENU
                    ],
                    rx.cond(
                        AuthState.user_role == "admin",
                        rx.fragment(
                            rx.menu.item(
                                "Paramètres",
                                on_click=rx.redirect("/parametres/conditions-paiement"),
                            ),
                            rx.menu.item("Utilisateurs", on_click=rx.redirect("/utilisateurs")),
                        ),
                    ),
                ),
            ),
            display=["block", "block", "none"],
        ),
        rx.spacer(),
        rx.hstack(
            rx.icon("circle_user", size=18, color=rx.color("gray", 10)),
            rx.text(
                AuthState.user_name,
                size="2",
                id="current-user",
                display=["none", "block"],
                white_space="nowrap",
            ),
            rx.button(
                rx.icon("log_out", size=16),
                rx.text("Déconnexion", display=["none", "inline"]),
                variant="soft",
                color_scheme="gray",
                size="1",
                on_click=AuthState.logout,
                id="logout-button",
                aria_label="Déconnexion",
            ),
            align="center",
            spacing="3",
        ),
        align="center",
        spacing=rx.breakpoints(initial="3", sm="5"),
        padding_x="1.25em",
        padding_y="0.7em",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        position="sticky",
        top="0",
        z_index="10",
        width="100%",
        overflow_x="hidden",
    )


def protected_page(*children: rx.Component) -> rx.Component:
    """Page frame shown only once the login is confirmed by the server."""
    return rx.cond(
        AuthState.is_logged_in,
        rx.box(
            top_bar(),
            rx.box(
                *children,
                max_width="1200px",
                margin_x="auto",
                padding=["0.75em", "1.5em"],
            ),
            min_height="100vh",
            background=rx.color("gray", 2),
        ),
        rx.center(rx.spinner(size="3"), height="100vh"),
    )
