"""The tabs of the contact page, in the order the user sees them (the seed's
seven first), and the header actions other domains add to it. A new tab is
one module of its domain (state with a fill function, view) plus one
``register_contact_tab`` line here."""

from __future__ import annotations

import reflex as rx

from crm_app.audit.state import JournalState, fill_journal_tab
from crm_app.audit.views import journal_section
from crm_app.contacts.commercial_views import accounting_tab, marketing_tab, notes_tab, sales_tab
from crm_app.contacts.page_tabs import (
    ContactTab,
    TabFill,
    register_contact_tab,
    register_header_action,
)
from crm_app.contacts.sub_contact_views import addresses_tab
from crm_app.duplicates.views import contact_duplicates_action
from crm_app.equipment.tab_state import EquipmentTabState, fill_equipment_tab
from crm_app.equipment.tab_views import equipment_tab
from crm_app.geo.state import LocationTabState, fill_location_tab
from crm_app.geo.views import location_tab
from crm_app.interventions.state import HistoryTabState, fill_history_tab
from crm_app.interventions.views import history_section
from crm_app.rgpd.views import personal_data_menu


def history_tab() -> rx.Component:
    """Historique: the interventions, then the journal of changes."""
    return rx.vstack(history_section(), journal_section(), spacing="3", width="100%")


register_contact_tab(ContactTab("addresses", "Contacts & Adresses", addresses_tab))
register_contact_tab(ContactTab("notes", "Notes internes", notes_tab))
register_contact_tab(ContactTab("sales", "Ventes & Achats", sales_tab))
register_contact_tab(
    ContactTab(
        "history",
        "Historique",
        history_tab,
        fills=(
            TabFill(HistoryTabState, fill_history_tab),
            TabFill(JournalState, fill_journal_tab),
        ),
        refresh_after_save=(JournalState.load_journal,),
    )
)
register_contact_tab(ContactTab("accounting", "Comptabilité", accounting_tab))
register_contact_tab(ContactTab("marketing", "Marketing", marketing_tab))
register_contact_tab(
    ContactTab(
        "location",
        "Localisation",
        location_tab,
        fills=(TabFill(LocationTabState, fill_location_tab),),
        refresh_after_save=(LocationTabState.load_location,),
    )
)
# After the seed's seven.
register_contact_tab(
    ContactTab(
        "equipment",
        "Équipements",
        equipment_tab,
        fills=(TabFill(EquipmentTabState, fill_equipment_tab),),
    )
)

register_header_action("duplicates", contact_duplicates_action)
register_header_action("rgpd", personal_data_menu)
