"""The Reflex app: page registration only."""

import reflex as rx

import crm_app.contact_tabs  # noqa: F401  (the contact page's tabs)
import crm_app.models  # noqa: F401  (registers every table for alembic)
from crm_app.accounting.state import InvoiceFormState, InvoiceListState
from crm_app.accounting.views import invoice_form_page, invoice_list_page
from crm_app.contacts.list_state import ContactListState
from crm_app.contacts.list_views import contact_list_page
from crm_app.contacts.page_state import ContactPageState
from crm_app.contacts.page_views import contact_page
from crm_app.core.http_cache import StaticCacheHeaders
from crm_app.duplicates.merge_state import MergeState
from crm_app.duplicates.merge_views import ROUTE as MERGE_ROUTE
from crm_app.duplicates.merge_views import merge_page
from crm_app.duplicates.state import DuplicatesState
from crm_app.duplicates.views import ROUTE as DUPLICATES_ROUTE
from crm_app.duplicates.views import duplicates_page
from crm_app.equipment.contract_state import ContractListState
from crm_app.equipment.contract_views import CONTRACTS_ROUTE, contracts_page
from crm_app.equipment.due_state import DueState
from crm_app.equipment.due_views import ROUTE as DUE_ROUTE
from crm_app.equipment.due_views import due_page
from crm_app.equipment.reminder_state import ReminderState
from crm_app.equipment.reminder_views import ROUTE as REMINDERS_ROUTE
from crm_app.equipment.reminder_views import reminders_page
from crm_app.equipment.visit_state import VisitState
from crm_app.equipment.visit_views import ROUTE as VISIT_ROUTE
from crm_app.equipment.visit_views import visit_page
from crm_app.exports.api import export_api
from crm_app.geo.state import MapPageState
from crm_app.geo.views import map_page
from crm_app.imports.state import ContactImportState
from crm_app.imports.views import ROUTE as IMPORT_ROUTE
from crm_app.imports.views import import_list_page, import_page
from crm_app.interventions.field_state import FieldReportState
from crm_app.interventions.field_views import ROUTE as FIELD_ROUTE
from crm_app.interventions.field_views import field_page
from crm_app.interventions.state import (
    InterventionFormState,
    InterventionListState,
)
from crm_app.interventions.views import intervention_form_page, intervention_list_page
from crm_app.planning.api import feed_api
from crm_app.planning.calendar_state import CalendarState
from crm_app.planning.calendar_views import ROUTE as CALENDAR_ROUTE
from crm_app.planning.calendar_views import calendar_page
from crm_app.planning.day_state import DayState
from crm_app.planning.day_views import ROUTE as DAY_ROUTE
from crm_app.planning.day_views import day_page
from crm_app.planning.sector_state import SectorState
from crm_app.planning.sector_views import ROUTE as SECTORS_ROUTE
from crm_app.planning.sector_views import sectors_page
from crm_app.reference.state import ReferenceAdminState
from crm_app.reference.views import SETTINGS_ROUTE, reference_page
from crm_app.rgpd.state import RetentionState
from crm_app.rgpd.views import retention_page
from crm_app.sales.state import (
    OpportunityFormState,
    OpportunityListState,
    SaleOrderFormState,
    SaleOrderListState,
)
from crm_app.sales.views import (
    opportunity_form_page,
    opportunity_list_page,
    sale_order_form_page,
    sale_order_list_page,
)
from crm_app.users.account_state import AccountState
from crm_app.users.account_views import account_page
from crm_app.users.admin_state import UserAdminState
from crm_app.users.admin_views import users_page
from crm_app.users.layout import APP_TITLE
from crm_app.users.state import AuthState
from crm_app.users.views import login_page

# Messages appear at the top, under the menu bar: never over a form's save
# buttons, which sit at the bottom of the page.
app = rx.App(
    html_lang="fr",
    toaster=rx.toast.provider(position="top-center", offset="64px", close_button=True),
    # Plain HTTP routes beside the app's: the export downloads, the calendar feeds;
    # and long browser caching of the build's hashed scripts (core/http_cache.py).
    api_transformer=[export_api, feed_api, StaticCacheHeaders],
)
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

# The four documents: a list and a form each ("nouveau" for a new one).
DOCUMENT_PAGES = [
    (
        "/interventions",
        "Planning",
        intervention_list_page,
        InterventionListState,
        intervention_form_page,
        InterventionFormState,
    ),
    (
        "/opportunites",
        "Opportunités",
        opportunity_list_page,
        OpportunityListState,
        opportunity_form_page,
        OpportunityFormState,
    ),
    (
        "/devis",
        "Devis",
        sale_order_list_page,
        SaleOrderListState,
        sale_order_form_page,
        SaleOrderFormState,
    ),
    (
        "/factures",
        "Factures",
        invoice_list_page,
        InvoiceListState,
        invoice_form_page,
        InvoiceFormState,
    ),
]
for route, title, list_page, list_state, form_page, form_state in DOCUMENT_PAGES:
    app.add_page(list_page, route=route, title=f"{title} · {APP_TITLE}", on_load=list_state.load)
    app.add_page(
        form_page,
        route=f"{route}/[doc_id]",
        title=f"{title} · {APP_TITLE}",
        on_load=form_state.load,
    )
app.add_page(
    due_page,
    route=DUE_ROUTE,
    title=f"Entretiens à planifier · {APP_TITLE}",
    on_load=DueState.load,
)
app.add_page(
    contracts_page,
    route=CONTRACTS_ROUTE,
    title=f"Contrats d'entretien · {APP_TITLE}",
    on_load=ContractListState.load,
)
app.add_page(
    reminders_page,
    route=REMINDERS_ROUTE,
    title=f"Relances d'entretien · {APP_TITLE}",
    on_load=ReminderState.load,
)
app.add_page(
    visit_page,
    route=f"{VISIT_ROUTE}/[intervention_id]",
    title=f"Compte rendu d'entretien · {APP_TITLE}",
    on_load=VisitState.load,
)
app.add_page(
    calendar_page,
    route=CALENDAR_ROUTE,
    title=f"Calendrier · {APP_TITLE}",
    on_load=CalendarState.load,
)
app.add_page(
    day_page, route=DAY_ROUTE, title=f"Ma journée · {APP_TITLE}", on_load=DayState.load
)
app.add_page(
    field_page,
    route=f"{FIELD_ROUTE}/[intervention_id]",
    title=f"Intervention · {APP_TITLE}",
    on_load=FieldReportState.load,
)
app.add_page(
    sectors_page,
    route=SECTORS_ROUTE,
    title=f"Secteurs · {APP_TITLE}",
    on_load=SectorState.load,
)
app.add_page(map_page, route="/carte", title=f"Carte · {APP_TITLE}", on_load=MapPageState.load)
app.add_page(
    users_page,
    route="/utilisateurs",
    title=f"Utilisateurs · {APP_TITLE}",
    on_load=UserAdminState.load,
)
app.add_page(
    account_page,
    route="/mon-compte",
    title=f"Mon compte · {APP_TITLE}",
    on_load=AccountState.load_account,
)
app.add_page(
    import_list_page,
    route=IMPORT_ROUTE,
    title=f"Importer des contacts · {APP_TITLE}",
    on_load=ContactImportState.load,
)
app.add_page(
    import_page,
    route=f"{IMPORT_ROUTE}/[import_id]",
    title=f"Import · {APP_TITLE}",
    on_load=ContactImportState.load,
)
app.add_page(
    merge_page,
    route=f"{MERGE_ROUTE}/[contact_ids]",
    title=f"Fusionner · {APP_TITLE}",
    on_load=MergeState.load,
)
app.add_page(
    duplicates_page,
    route=DUPLICATES_ROUTE,
    title=f"Doublons · {APP_TITLE}",
    on_load=DuplicatesState.load,
)
app.add_page(
    retention_page, route="/rgpd", title=f"RGPD · {APP_TITLE}", on_load=RetentionState.load
)
