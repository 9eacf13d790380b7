"""« Mon compte »: the user's name and role, and the change of his password."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.backend_urls import backend_origin
from crm_app.core.ui.fields import labeled
from crm_app.users.account_state import AccountState as A
from crm_app.users.layout import protected_page
from crm_app.users.passwords import MIN_PASSWORD_LENGTH


def _password_field(label: str, field: str, autocomplete: str) -> rx.Component:
    return labeled(
        label,
        rx.input(
            type="password",
            value=A.password_form[field],
            on_change=lambda v: A.set_password_field(field, v),
            id=f"account-{field}",
            auto_complete=autocomplete,
            width="100%",
        ),
        A.password_errors[field],
    )


def account_page() -> rx.Component:
    return protected_page(
        rx.heading("Mon compte", size="6", margin_y="0.6em"),
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("circle_user", size=20, color=rx.color("gray", 10)),
                    rx.text(A.user_name, weight="medium", id="account-name"),
                    align="center",
                ),
                rx.divider(),
                rx.heading("Changer mon mot de passe", size="4"),
                rx.text(
                    f"Au moins {MIN_PASSWORD_LENGTH} caractères, difficile à deviner : "
                    "assemblez quelques mots peu courants (exemple : "
                    "« Poele-granules-Vitre-2026 »). Vos autres sessions seront fermées.",
                    size="2",
                    color_scheme="gray",
                ),
                rx.form(
                    rx.vstack(
                        _password_field("Mot de passe actuel", "old_password", "current-password"),
                        _password_field("Nouveau mot de passe", "new_password", "new-password"),
                        _password_field(
                            "Nouveau mot de passe (confirmation)", "confirmation", "new-password"
                        ),
                        rx.button(
                            rx.icon("key_round", size=16),
                            "Changer le mot de passe",
                            type="submit",
                            id="account-save",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=lambda _form: A.change_password(),
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="520px",
        ),
        _calendar_card(),
    )


def _calendar_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Mon planning dans l'agenda du téléphone", size="4"),
            rx.text(
                "Un lien privé (ICS) liste vos interventions d'un mois en arrière à trois "
                "mois en avant ; ajoutez-le comme « calendrier par URL » sur votre "
                "téléphone. Gardez-le pour vous ; révoquez-le s'il a circulé.",
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                A.feed_path,
                rx.vstack(
                    rx.text(
                        "Copiez ce lien maintenant : il ne sera plus affiché.",
                        size="2",
                        weight="medium",
                    ),  # fmt: skip
                    rx.code(
                        backend_origin + A.feed_path, id="feed-url", word_break="break-all"
                    ),
                    spacing="1",
                    width="100%",
                ),
                rx.cond(
                    A.feed_active,
                    rx.badge("Lien actif", color_scheme="green", id="feed-active"),
                    rx.badge("Aucun lien", color_scheme="gray"),
                ),
            ),
            rx.flex(
                rx.button(
                    rx.icon("calendar-plus", size=16),
                    rx.cond(A.feed_active, "Nouveau lien", "Créer le lien"),
                    on_click=A.create_feed,
                    id="feed-create",
                ),
                rx.cond(
                    A.feed_active,
                    rx.button(
                        "Révoquer",
                        color_scheme="red",
                        variant="soft",
                        on_click=A.revoke_feed,
                        id="feed-revoke",
                    ),  # fmt: skip
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        max_width="520px",
        margin_top="1em",
    )
