"""The Reflex app: page registration only."""

import reflex as rx

import crm_app.models  # noqa: F401  (registers every table for alembic)
from crm_app.contacts.page_state import ContactPageState
from crm_app.contacts.page_views import contact_page
from crm_app.contacts.state import ContactListState
from crm_app.contacts.views import contact_list_page
from crm_app.reference.state import ReferenceAdminState
from crm_app.reference.views import SETTINGS_ROUTE, reference_page
from crm_app.ui.layout import APP_TITLE
from crm_app.users.state import AuthState
from crm_app.users.views import login_page

app = rx.App(html_lang="fr")
app.add_page(
    login_page,
    route="/login",
    title=f"Connexion · {APP_TITLE}",
    on_load=AuthState.redirect_if_logged_in,
)
app.add_page(
    contact_list_page, route="/", title=f"Contacts · {APP_TITLE}", on_load=ContactListState.load
)
app.add_page(
    contact_page,
    route="/contact/[contact_id]",
    title=f"Contact · {APP_TITLE}",
    on_load=ContactPageState.load,
)
app.add_page(
    reference_page,
    route=f"{SETTINGS_ROUTE}/[kind]",
    title=f"Paramètres · {APP_TITLE}",
    on_load=ReferenceAdminState.load,
)
