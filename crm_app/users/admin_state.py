"""State of the user administration page (/utilisateurs), for administrators."""

from __future__ import annotations

import dataclasses

import reflex as rx

from crm_app.core.errors import FormError
from crm_app.core.formatting import datetime_label
from crm_app.core.forms import parse_form, parse_valid_fields
from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.users import admin, service
from crm_app.users.forms import NewUserForm, RoleForm
from crm_app.users.models import USER_ROLE_LABELS, User, UserRole
from crm_app.users.state import AuthState, admin_page_load, admin_required, current_user_id


@dataclasses.dataclass
class UserRow:
    id: int
    name: str
    login: str
    role: str
    role_label: str
    active: bool
    last_login: str
    has_calendar_feed: bool


def user_row(user: User) -> UserRow:
    return UserRow(
        id=user.saved_id,
        name=user.name,
        login=user.login,
        role=user.role,
        role_label=USER_ROLE_LABELS[UserRole(user.role)],
        active=user.active,
        last_login=datetime_label(user.last_login_at) if user.last_login_at else "jamais",
        has_calendar_feed=bool(user.calendar_token_hash),
    )


class UserAdminState(AuthState):
    query: str = ""
    page: int = 1
    page_count: int = 1
    total: int = 0
    rows: list[UserRow] = []

    dialog_open: bool = False
    form: dict[str, str] = {}
    form_error: str = ""
    # A password generated for someone, shown once then forgotten.
    issued_password: str = ""
    issued_for: str = ""

    def _fetch(self) -> None:
        with session_scope() as session:
            result = admin.list_users(session, self.query, page=self.page)
            self.rows = [user_row(u) for u in result.rows]
        self.total, self.page, self.page_count = result.total, result.page, result.page_count

    @rx.event
    @admin_page_load
    def load(self):
        self.issued_password = self.issued_for = ""
        self._fetch()

    @rx.event
    @admin_required
    def set_query(self, value: str):
        self.query = value
        self.page = 1
        self._fetch()

    @rx.event
    @admin_required
    def go_to_page(self, page: int):
        self.page = int(page)
        self._fetch()

    @rx.event
    @admin_required
    def open_new(self):
        self.form = {"name": "", "login": "", "role": UserRole.TECHNICIAN.value, "password": ""}
        self.form_error = ""
        self.dialog_open = True

    @rx.event
    @admin_required
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    @admin_required
    def set_field(self, field: str, value: str):
        if field in ("name", "login", "role", "password"):
            self.form[field] = value
            self.form_error = ""

    @rx.event
    @admin_required
    def create(self):
        password = self.form.get("password", "") or service.generate_password()
        form, errors = parse_valid_fields(NewUserForm, {**self.form, "password": password})
        try:
            with session_scope() as session:
                user = service.add_user(session, form, form_errors=errors)
                session.commit()
                login = user.login
        except FormError as error:
            # One line under the form: each message once, in the form's order.
            self.form_error = " ".join(dict.fromkeys(error.errors.values()))
            return
        self.dialog_open = False
        if not self.form.get("password"):
            self.issued_password, self.issued_for = password, login
        self._fetch()
        return toasts.saved(f"Utilisateur « {login} » créé.")

    def _act(self, action, message: str):
        try:
            with session_scope() as session:
                result = action(session)
                session.commit()
        except service.UserError as error:
            return None, toasts.refused(str(error))
        self._fetch()
        return result, toasts.saved(message)

    @rx.event
    @admin_required
    def change_role(self, user_id: int, role: str):
        try:
            form = parse_form(RoleForm, {"role": role})
        except FormError as error:
            return toasts.refused(" ".join(error.errors.values()))
        _, toast = self._act(lambda s: admin.change_role(s, int(user_id), form), "Rôle modifié.")
        return toast

    @rx.event
    @admin_required
    def set_active(self, user_id: int, active: bool):
        me = current_user_id(self)
        _, toast = self._act(
            lambda s: admin.set_active(s, int(user_id), bool(active), acting_user_id=me),
            "Compte réactivé." if active else "Compte désactivé : ses sessions sont fermées.",
        )
        return toast

    @rx.event
    @admin_required
    def reset_password(self, user_id: int):
        password, toast = self._act(
            lambda s: admin.reset_password(s, int(user_id)),
            "Nouveau mot de passe créé : ses sessions sont fermées.",
        )
        if password:
            self.issued_password = password
            self.issued_for = next((r.login for r in self.rows if r.id == int(user_id)), "")
        return toast

    @rx.event
    @admin_required
    def revoke_calendar(self, user_id: int):
        _, toast = self._act(
            lambda s: admin.revoke_calendar(s, int(user_id)),
            "Lien du calendrier révoqué.",
        )
        return toast

    @rx.event
    @admin_required
    def forget_issued_password(self):
        self.issued_password = self.issued_for = ""
