"""User administration page (/utilisateurs)."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.fields import choice_select, labeled, text_input
from crm_app.core.ui.options import ChoiceOption
from crm_app.core.ui.pager import pager
from crm_app.core.ui.search_box import search_input
from crm_app.core.ui.table import list_table
from crm_app.users.admin_state import UserAdminState as U
from crm_app.users.admin_state import UserRow
from crm_app.users.layout import protected_page
from crm_app.users.models import USER_ROLE_LABELS
from crm_app.users.state import ADMIN_ROLE

ROLE_OPTIONS = [ChoiceOption(role.value, label) for role, label in USER_ROLE_LABELS.items()]


def user_row_view(row: UserRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(row.name, weight="medium", size="2"),
                rx.text(row.login, size="1", color_scheme="gray"),
                spacing="0",
            )
        ),
        rx.table.cell(
            choice_select(
                ROLE_OPTIONS,
                row.role,
                lambda role: U.change_role(row.id, role),
                "role-" + row.login,
            )
        ),
        rx.table.cell(
            rx.cond(
                row.active,
                rx.badge("Actif", color_scheme="green"),
                rx.badge("Désactivé", color_scheme="red"),
            )
        ),
        rx.table.cell(rx.text(row.last_login, size="1"), display=["none", "table-cell"]),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    "Nouveau mot de passe",
                    size="1",
                    variant="soft",
                    on_click=U.reset_password(row.id),
                    class_name="reset-password",
                ),
                rx.cond(
                    row.has_calendar_feed,
                    rx.button(
                        "Révoquer l'agenda",
                        size="1",
                        variant="soft",
                        color_scheme="orange",
                        on_click=U.revoke_calendar(row.id),
                        class_name="revoke-calendar",
                    ),
                ),
                rx.cond(
                    row.active,
                    rx.button(
                        "Désactiver",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=U.set_active(row.id, False),
                        class_name="deactivate-user",
                    ),
                    rx.button(
                        "Réactiver",
                        size="1",
                        variant="soft",
                        on_click=U.set_active(row.id, True),
                        class_name="activate-user",
                    ),
                ),
                wrap="wrap",
            )
        ),
        class_name="user-row",
    )


def new_user_dialog() -> rx.Component:
    def field(label: str, name: str, **props) -> rx.Component:
        return labeled(
            label, text_input(U.form[name], lambda v: U.set_field(name, v), f"user-{name}", **props)
        )

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Nouvel utilisateur"),
            rx.vstack(
                field("Nom", "name"),
                field("Identifiant", "login", auto_complete="off"),
                labeled(
                    "Rôle",
                    choice_select(
                        ROLE_OPTIONS, U.form["role"], lambda v: U.set_field("role", v), "user-role"
                    ),
                ),
                field(
                    "Mot de passe (vide : un mot de passe sera généré)",
                    "password",
                    type="password",
                    auto_complete="new-password",
                ),
                rx.cond(
                    U.form_error,
                    rx.text(U.form_error, color_scheme="red", size="2", id="user-error"),
                ),
                spacing="3",
                width="100%",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Annuler", variant="soft", color_scheme="gray")),
                rx.button("Créer", on_click=U.create, id="user-create"),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
            max_width="440px",
        ),
        open=U.dialog_open,
        on_open_change=U.set_dialog_open,
    )


def users_page() -> rx.Component:
    return protected_page(
        rx.flex(
            rx.heading("Utilisateurs", size="7"),
            rx.spacer(),
            rx.button(
                rx.icon("user_plus", size=16),
                "Nouvel utilisateur",
                on_click=U.open_new,
                id="user-new",
            ),
            align="center",
            margin_y="1em",
        ),
        rx.cond(
            U.issued_password,
            rx.callout(
                rx.flex(
                    rx.text(
                        "Mot de passe de « ",
                        U.issued_for,
                        " » (affiché une seule fois) : ",
                        rx.code(U.issued_password, id="issued-password"),
                    ),
                    rx.button(
                        "Masquer", size="1", variant="soft", on_click=U.forget_issued_password
                    ),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
                icon="key_round",
                color_scheme="amber",
                margin_bottom="1em",
            ),
        ),
        rx.card(
            search_input(
                U.query,
                U.set_query,
                "user-search",
                rx.input.slot(rx.icon("search", size=16)),
                placeholder="Rechercher…",
                max_width="360px",
                margin_bottom="0.8em",
            ),
            list_table(
                [
                    rx.table.column_header_cell("Utilisateur"),
                    rx.table.column_header_cell("Rôle"),
                    rx.table.column_header_cell("État"),
                    rx.table.column_header_cell(
                        "Dernière connexion", display=["none", "table-cell"]
                    ),
                    rx.table.column_header_cell(""),
                ],
                U.rows,
                user_row_view,
            ),
            rx.flex(
                rx.text(U.total, " utilisateur(s)", size="2", color_scheme="gray"),
                rx.spacer(),
                pager(
                    U.page,
                    U.page_count,
                    U.go_to_page(U.page - 1),
                    U.go_to_page(U.page + 1),
                ),
                align="center",
                spacing="3",
                margin_top="0.8em",
            ),
        ),
        new_user_dialog(),
        roles=(ADMIN_ROLE,),
    )
