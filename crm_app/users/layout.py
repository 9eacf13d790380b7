"""Shared page frame: top bar with navigation and the logged-in user."""

from __future__ import annotations

import reflex as rx

from crm_app.users.models import USER_ROLE_LABELS, UserRole
from crm_app.users.state import ALL_ROLES, AuthState

APP_TITLE = "CRM Terrain"
# (label, address, office only): technicians see contacts, their planning, the map.
MAIN_MENU = [
    ("Contacts", "/", False),
    ("Planning", "/interventions", False),
    ("Calendrier", "/calendrier", True),
    ("Ma journée", "/ma-journee", False),
    ("Entretiens", "/a-planifier", True),
    ("Opportunités", "/opportunites", True),
    ("Devis", "/devis", True),
    ("Factures", "/factures", True),
    ("Carte", "/carte", False),
    ("Doublons", "/doublons", True),
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
                _for_role(
                    rx.link(label, href=href, weight="medium", size="2", white_space="nowrap"),
                    office_only,
                )
                for label, href, office_only in MAIN_MENU
            ],
            rx.cond(
                AuthState.user_role == "admin",
                rx.hstack(
                    rx.link(
                        "Paramètres",
                        href="/parametres/conditions-paiement",
                        weight="medium",
                        size="2",
                        id="settings-link",
                    ),
                    rx.link(
                        "Utilisateurs", href="/utilisateurs", weight="medium", size="2",
                        id="users-link",
                    ),  # fmt: skip
                    spacing=rx.breakpoints(initial="2", xl="4"),
                ),
            ),
            spacing=rx.breakpoints(initial="2", xl="4"),
            # The whole menu fits from 1280 px; below, the menu button holds it.
            display=rx.breakpoints(initial="none", lg="flex"),
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
            display=rx.breakpoints(initial="block", lg="none"),
        ),
        rx.spacer(),
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.icon("circle_user", size=18, color=rx.color("gray", 10)),
                    rx.text(
                        AuthState.user_name,
                        size="2",
                        id="current-user",
                        # Beside the whole menu only on wide screens.
                        display=rx.breakpoints(initial="none", xs="block", lg="none", xl="block"),
                        white_space="nowrap",
                    ),
                    align="center",
                    spacing="2",
                ),
                href="/mon-compte",
                id="account-link",
                title="Mon compte",
                color_scheme="gray",
                underline="hover",
            ),
            rx.button(
                rx.icon("log_out", size=16),
                # Beside the whole menu only on wide screens (the icon says it).
                rx.text(
                    "Déconnexion",
                    display=rx.breakpoints(initial="none", xs="inline", lg="none", xl="inline"),
                ),
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


def _roles_label(roles: tuple[str, ...]) -> str:
    labels = [USER_ROLE_LABELS[UserRole(role)] for role in roles]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " ou " + labels[-1]


def access_refused(roles: tuple[str, ...]) -> rx.Component:
    """What a user whose role may not open a page sees instead of it."""
    return rx.center(
        rx.card(
            rx.vstack(
                rx.icon("lock", size=32, color=rx.color("orange", 9)),
                rx.heading("Accès réservé", size="6", id="access-refused"),
                rx.text(
                    f"Cette page est réservée au profil {_roles_label(roles)}.",
                    size="3",
                ),
                rx.text(
                    "Votre profil ne permet pas de l'ouvrir. Si vous en avez besoin, "
                    "demandez à un administrateur.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                rx.link(
                    rx.button(rx.icon("arrow_left", size=16), "Retour aux contacts"),
                    href="/",
                ),
                align="center",
                spacing="3",
                text_align="center",
            ),
            max_width="30em",
            padding="2em",
        ),
        padding_top="4em",
    )


def protected_page(
    *children: rx.Component, roles: tuple[str, ...] = ALL_ROLES, wide: bool = False
) -> rx.Component:
    """Page frame shown only once the login is confirmed by the server. A page
    kept for some ``roles`` shows « Accès réservé » to the others, and nothing
    of itself (its on_load is refused quietly on the server, see users.state).
    ``wide``: the page uses the screen's whole width (the calendar)."""
    content: rx.Component = rx.fragment(*children)
    if set(roles) != set(ALL_ROLES):
        content = rx.cond(
            rx.Var.create(list(roles)).contains(AuthState.user_role),
            content,
            access_refused(roles),
        )
    return rx.cond(
        AuthState.is_logged_in,
        rx.box(
            top_bar(),
            rx.box(
                content,
                max_width="none" if wide else "1200px",
                margin_x="auto",
                padding=["0.75em", "1.5em"],
            ),
            min_height="100vh",
            background=rx.color("gray", 2),
        ),
        rx.center(rx.spinner(size="3"), height="100vh"),
    )


def phone_page(refused: rx.Var | str, *children: rx.Component) -> rx.Component:
    """A page made for a phone held in one hand (a technician's day, visit,
    report): one column at most 640 px wide; ``refused`` (the server's reason,
    "" when allowed) shows instead of the content."""
    return protected_page(
        rx.cond(
            refused,
            rx.callout(refused, icon="triangle_alert", color_scheme="red", margin_top="1em"),
            rx.vstack(
                *children,
                spacing="3",
                width="100%",
                max_width="640px",
                margin_x="auto",
                padding_y="0.8em",
            ),
        )
    )
