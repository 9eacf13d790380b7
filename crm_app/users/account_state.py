"""« Mon compte »: every user changes his own password."""

from __future__ import annotations

import reflex as rx

from crm_app.core.errors import FormError
from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.users import service
from crm_app.users.models import User
from crm_app.users.state import AuthState, current_session_token, current_user_id, login_required

PASSWORD_FIELDS = ("old_password", "new_password", "confirmation")


class AccountState(AuthState):
    password_form: rx.Field[dict[str, str]] = rx.field(
        default_factory=lambda: {field: "" for field in PASSWORD_FIELDS}
    )
    password_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # The private calendar feed: whether one exists, and its path right after
    # it was made (only then: the token is not kept in clear); the page puts
    # the backend's address before it.
    feed_active: bool = False
    feed_path: str = ""

    @rx.event
    @login_required
    def set_password_field(self, field: str, value: str):
        if field in PASSWORD_FIELDS:
            self.password_form[field] = value

    @rx.event
    @login_required
    def load_account(self):
        self.password_form = {field: "" for field in PASSWORD_FIELDS}
        self.password_errors = {}
        self.feed_path = ""
        with session_scope() as session:
            user = session.get(User, current_user_id(self))
            self.feed_active = bool(user and user.calendar_token_hash)

    @rx.event
    @login_required
    def create_feed(self):
        with session_scope() as session:
            user = session.get(User, current_user_id(self))
            if user is None:
                return toasts.refused("Compte introuvable.")
            token = service.issue_calendar_token(session, user)
            session.commit()
        self.feed_active = True
        self.feed_path = service.calendar_feed_path(token)
        return toasts.saved("Nouveau lien créé : l'ancien ne fonctionne plus.")

    @rx.event
    @login_required
    def revoke_feed(self):
        with session_scope() as session:
            user = session.get(User, current_user_id(self))
            if user is not None:
                service.revoke_calendar_token(session, user)
                session.commit()
        self.feed_active = False
        self.feed_path = ""
        return toasts.saved("Lien du calendrier révoqué.")

    @rx.event
    @login_required
    def change_password(self):
        try:
            with session_scope() as session:
                service.change_own_password(
                    session,
                    current_user_id(self),
                    current_token=current_session_token(self),
                    **self.password_form,
                )
                session.commit()
        except FormError as error:
            # What was typed stays; each field says what is wrong.
            self.password_errors = dict(error.errors)
            return None
        self.password_form = {field: "" for field in PASSWORD_FIELDS}
        self.password_errors = {}
        return toasts.saved("Mot de passe changé. Vos autres sessions sont fermées.")
