"""Login state. Every other state derives from AuthState, and every event
handler that touches data is wrapped in ``login_required``."""

from __future__ import annotations

import asyncio
import functools
import inspect
import time
from urllib.parse import quote

import reflex as rx

from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.users import service, throttle
from crm_app.users.models import Actor, User

# How long a checked session is trusted before the database is asked again.
# Short, so a logout elsewhere or a deactivated user is cut off quickly.
AUTH_RECHECK_SECONDS = 15.0
LOGIN_ROUTE = "/login"


def _root_auth(state: rx.State) -> AuthState:
    """The AuthState instance in the state tree of this browser tab."""
    current = state
    while type(current) is not AuthState:
        parent = current.parent_state
        if parent is None:
            raise RuntimeError(f"{type(state).__name__} does not derive from AuthState")
        current = parent
    return current


def _attempt_login(login: str, password: str, address: str) -> tuple[int, User | None, str | None]:
    """One login attempt, throttled and recorded: (minutes to wait, user, token)."""
    with session_scope() as session:
        wait = throttle.minutes_to_wait(session, login, address)
        if wait:
            return wait, None, None
        user = service.authenticate(session, login, password)
        token = service.open_session(session, user) if user else None
        throttle.record_attempt(session, login, address, succeeded=user is not None)
        session.commit()
    return 0, user, token


class AuthState(rx.State):
    session_token: str = rx.LocalStorage("", name="crm_session_token")
    user_name: str = ""
    user_role: str = ""

    login_error: str = ""

    _user_id: int = 0
    # Wall-clock time (shared by every backend worker) and token of the last check.
    _verified_at: float = 0.0
    _verified_token: str = ""

    @rx.var
    def is_logged_in(self) -> bool:
        return self.user_name != ""

    @rx.var
    def can_edit(self) -> bool:
        """Contacts and documents are changed by the office and administrators;
        technicians read them (the server checks every event as well)."""
        return self.user_role in ("admin", "office")

    def _forget_user(self) -> None:
        self.user_name = ""
        self.user_role = ""
        self._user_id = 0
        self._verified_at = 0.0
        self._verified_token = ""

    def _remember_user(self, user) -> None:
        self._user_id, self._verified_at = user.id, time.time()
        self._verified_token = self.session_token
        self.user_name, self.user_role = user.name, user.role

    def _verify(self) -> int | None:
        """The logged-in user's id, checked against the database when stale."""
        if not self.session_token:
            self._forget_user()
            return None
        fresh = 0 <= time.time() - self._verified_at < AUTH_RECHECK_SECONDS
        if self._user_id and fresh and self._verified_token == self.session_token:
            return self._user_id
        with session_scope() as session:
            user = service.user_for_token(session, self.session_token)
            session.commit()
        if user is None:
            self._forget_user()
            return None
        self._remember_user(user)
        return user.id

    def _login_redirect(self):
        path = self.router.url.path or "/"
        target = LOGIN_ROUTE if path in ("/", LOGIN_ROUTE) else f"{LOGIN_ROUTE}?next={quote(path)}"
        return rx.redirect(target)

    @rx.event
    def check_login(self):
        """on_load of every protected page: anonymous visitors go to the login page."""
        if self._verify() is None:
            return self._login_redirect()

    @rx.event
    async def login(self, form_data: dict | None = None):
        login = str((form_data or {}).get("login") or "")[:200]
        password = str((form_data or {}).get("password") or "")[:1000]
        address = self.router.session.client_ip or ""
        # Checking an argon2 hash takes tens of milliseconds: in a thread, so
        # the other users served by this worker don't wait for it.
        wait, user, token = await asyncio.to_thread(_attempt_login, login, password, address)
        if wait:
            self.login_error = (
                "Trop de tentatives de connexion : réessayez dans "
                f"{wait} minute{'s' if wait > 1 else ''}."
            )
            return
        if user is None or token is None:  # a token is opened for every user
            self.login_error = "Identifiant ou mot de passe incorrect."
            return
        self.login_error = ""
        self.session_token = token
        self._remember_user(user)
        target = self.router.url.query_parameters.get("next", "/")
        # Only local paths: never bounce a user to another site after login.
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        return rx.redirect(target)

    @rx.event
    def redirect_if_logged_in(self):
        if self._verify() is not None:
            return rx.redirect("/")

    @rx.event
    def logout(self):
        with session_scope() as session:
            service.close_session(session, self.session_token)
            session.commit()
        self.session_token = ""
        self._forget_user()
        return rx.redirect(LOGIN_ROUTE)


ADMIN_ROLE = "admin"
OFFICE_ROLE = "office"
TECHNICIAN_ROLE = "technician"
ALL_ROLES = (ADMIN_ROLE, OFFICE_ROLE, TECHNICIAN_ROLE)
OFFICE_ROLES = (ADMIN_ROLE, OFFICE_ROLE)
REFUSED_MESSAGE = "Votre rôle ne permet pas cette action."
_REFUSED_QUIETLY = object()


def _guard(roles_of, *, page_load: bool = False):
    """Build a decorator that checks, on the server at every event, that
    someone is logged in (else: to the login page) and that their role, re-read
    from the database at most every few seconds, is one of ``roles_of(state)``.
    The allowed roles are kept on the wrapper for the permission test.

    A refused page load does nothing and says nothing: the page itself shows
    « Accès réservé » (``users.layout.protected_page``) instead of its content."""

    def decorator(handler):
        def refusal(self):
            auth = _root_auth(self)
            if auth._verify() is None:
                return auth._login_redirect()
            if auth.user_role not in roles_of(self):
                return _REFUSED_QUIETLY if page_load else toasts.refused(REFUSED_MESSAGE)
            return None

        if inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def async_wrapper(self, *args, **kwargs):
                refused = refusal(self)
                if refused is not None:
                    return None if refused is _REFUSED_QUIETLY else refused
                return await handler(self, *args, **kwargs)

            return _keep_roles(async_wrapper, roles_of)

        @functools.wraps(handler)
        def wrapper(self, *args, **kwargs):
            refused = refusal(self)
            if refused is not None:
                return None if refused is _REFUSED_QUIETLY else refused
            return handler(self, *args, **kwargs)

        return _keep_roles(wrapper, roles_of)

    return decorator


def _keep_roles(wrapper, roles_of):
    """``wrapper.allowed_roles = roles_of`` (a function attribute, which the
    type of a ``functools.wraps`` wrapper does not declare)."""
    wrapper.__dict__["allowed_roles"] = roles_of
    return wrapper


def roles_required(*roles: str, page_load: bool = False):
    return _guard(lambda _state: roles, page_load=page_load)


def roles_from(attribute: str, *, page_load: bool = False):
    """The allowed roles are a class attribute (for handlers shared by mixins)."""
    return _guard(lambda state: getattr(type(state), attribute), page_load=page_load)


# Anyone logged in; the office (and administrators); administrators only.
login_required = roles_required(*ALL_ROLES)
office_required = roles_required(*OFFICE_ROLES)
admin_required = roles_required(ADMIN_ROLE)
# The same for a page's on_load (refused quietly: the page says « Accès réservé »).
login_page_load = roles_required(*ALL_ROLES, page_load=True)
office_page_load = roles_required(*OFFICE_ROLES, page_load=True)
admin_page_load = roles_required(ADMIN_ROLE, page_load=True)


def user_role_from_token(token: str) -> str | None:
    """For background events (which cannot run the guards): the role behind a
    session token, read from the database; None when it is not valid."""
    with session_scope() as session:
        user = service.user_for_token(session, token)
        session.commit()
        return user.role if user is not None else None


def current_user_role(state: rx.State) -> str:
    """Role of the logged-in user; only call inside a guarded handler."""
    return _root_auth(state).user_role


def current_user_id(state: rx.State) -> int:
    """Id of the logged-in user; only call inside a login_required handler."""
    return _root_auth(state)._user_id


def current_actor(state: rx.State) -> Actor:
    """Who acts, for the services' rules (id and role); only call inside a
    guarded handler (the guard has just checked the role)."""
    return Actor(id=current_user_id(state), role=current_user_role(state))


def current_session_token(state: rx.State) -> str:
    """The browser's session token; only call inside a login_required handler."""
    return _root_auth(state).session_token
