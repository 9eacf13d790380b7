"""Every event handler of every page checks the user's role on the server.

The policy below says which handlers need more than a login; the test finds
every handler of every State class of the app, checks each one is guarded with
exactly the expected roles, then calls each one as every role and checks that
a refused call changes nothing in the database: no table's content differs.
"""

from __future__ import annotations

import inspect

import pytest
import reflex as rx
from sqlalchemy import update

import crm_app.crm_app  # noqa: F401  (registers every page and state)
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.contacts.models import Contact
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.users.models import UserRole
from crm_app.users.service import create_user
from crm_app.users.state import ADMIN_ROLE, ALL_ROLES, OFFICE_ROLES, AuthState
from tests.state_helpers import PASSWORD, at_path, log_in, run_async, substate
from tests.table_contents import table_checksums

PUBLIC = {
    ("AuthState", name) for name in ("check_login", "login", "logout", "redirect_if_logged_in")
}
# Background events cannot run the guards; they check the session token
# against the database themselves (see geo/state.py).
BACKGROUND = {
    ("LocationTabState", "geocode_in_background"),
    ("MapPageState", "geocode_all"),
    ("DuplicatesState", "scan_in_background"),
    ("ContactImportState", "make_preview"),
    ("ContactImportState", "run_in_background"),
    ("ContactImportState", "watch"),
    ("ReminderState", "send_in_background"),
    ("DayState", "locate_start_in_background"),
}
ADMIN_ONLY = {"ReferenceAdminState", "UserAdminState", "SectorState"}
OFFICE_ONLY_CLASSES = {
    "CalendarState",
    "OpportunityFormState",
    "OpportunityListState",
    "SaleOrderFormState",
    "SaleOrderListState",
    "InvoiceFormState",
    "InvoiceListState",
    "RgpdState",
    "RetentionState",
    "ContactExportState",
    "DuplicatesState",
    "MergeState",
    "ContactImportState",
    "DueState",
    "ContractListState",
    "ReminderState",
}
OFFICE_ONLY_HANDLERS = {
    "ContactListState": {"open_new_dialog", "set_new_field", "create_contact"},
    "ContactPageState": {
        "set_form_field",
        "set_flag",
        "set_form_is_company",
        "save_contact",
        "archive",
        "restore",
    },
    "SubContactDialogState": {
        "open_new_sub_contact",
        "open_edit_sub_contact",
        "set_sub_field",
        "save_sub_contact_and_close",
        "save_sub_contact_and_new",
        "archive_sub_contact",
    },
    "CommercialTabsState": {
        "search_picker",
        "choose_picker",
        "clear_picker",
        "upload_proof",
        "download_proof",
        "remove_proof",
    },
    "InterventionFormState": {
        "search_customers",
        "choose_customer",
        "set_field",
        "save",
        "set_task_type",
        "set_address",
        "set_time_fixed",
        "toggle_technician",
    },
    "LocationTabState": {"geocode_now", "set_manual", "save_manual_coordinates"},
    # « Ma journée »: choosing another's day and applying an order to the planning.
    "DayState": {"set_technician", "apply_proposal"},
    "MapPageState": {"start_geocode_all"},
    "ContactDuplicatesState": {"find_duplicates"},
    "EquipmentTabState": {
        "open_new_equipment",
        "open_edit_equipment",
        "set_equipment_field",
        "save_equipment",
        "set_equipment_active",
    },
    "ContractTabState": {
        "open_new_equipment",
        "open_edit_equipment",
        "set_equipment_field",
        "save_equipment",
        "set_equipment_active",
        "open_new_contract",
        "open_edit_contract",
        "set_contract_field",
        "toggle_contract_equipment",
        "save_contract",
    },
}


def app_states() -> list[type[rx.State]]:
    found, todo = [], [AuthState]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.get_substates())
    return found


def handlers():
    for cls in app_states():
        for name, handler in cls.event_handlers.items():
            if name != "setvar":
                yield cls, name, handler.fn


def expected_roles(cls, name) -> tuple[str, ...]:
    if cls.__name__ in ADMIN_ONLY:
        return (ADMIN_ROLE,)
    # (event_handlers holds a class's own handlers: inherited ones keep their class's rule)
    if cls.__name__ in OFFICE_ONLY_CLASSES:
        return OFFICE_ROLES
    inherited = {n for c in cls.__mro__ for n in OFFICE_ONLY_HANDLERS.get(c.__name__, ())}
    return OFFICE_ROLES if name in inherited else ALL_ROLES


def test_every_handler_is_guarded_with_the_expected_roles():
    checked = 0
    for cls, name, fn in handlers():
        if (cls.__name__, name) in PUBLIC | BACKGROUND:
            continue
        allowed = getattr(fn, "allowed_roles", None)
        assert allowed is not None, f"{cls.__name__}.{name} has no role guard"
        state = object.__new__(cls)
        assert set(allowed(state)) == set(expected_roles(cls, name)), f"{cls.__name__}.{name}"
        checked += 1
    assert checked > 80


def dummy_args(fn) -> list:
    args = []
    for param in list(inspect.signature(fn).parameters.values())[1:]:
        annotation = str(param.annotation)
        if "list" in annotation:
            args.append([])
        elif "bool" in annotation:
            args.append(False)
        elif "int" in annotation:
            args.append(1)
        else:
            args.append("1")
    return args


@pytest.mark.parametrize("role", [UserRole.TECHNICIAN, UserRole.OFFICE])
def test_refused_handlers_change_nothing(root, session, role):
    load_reference_data(session)
    create_user(session, name="Jean Jean", login="jean", password=PASSWORD, role=role)
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Albert Pont"}), created_by_id=None
    )
    session.commit()
    auth = log_in(root)
    assert auth.is_logged_in
    before = table_checksums(session)
    refused = 0
    for cls, name, fn in handlers():
        if (cls.__name__, name) in PUBLIC | BACKGROUND:
            continue
        if role.value in expected_roles(cls, name):
            continue
        state = substate(root, cls)
        at_path(state, f"/contact/{contact.id}")
        vars_before = {var: getattr(state, var) for var in cls.base_vars}
        result = run_async(getattr(state, name)(*dummy_args(fn)))
        if name == "load":
            # A page load is refused quietly (the page shows « Accès réservé »):
            # no toast, and nothing of the page is loaded.
            assert result is None, f"{cls.__name__}.load answered {result!r} for {role}"
            vars_after = {var: getattr(state, var) for var in cls.base_vars}
            assert vars_after == vars_before, f"{cls.__name__}.load ran for {role}"
        else:
            assert result is not None, f"{cls.__name__}.{name} was not refused for {role}"
        refused += 1
    assert refused > (30 if role is UserRole.TECHNICIAN else 10)
    assert table_checksums(session) == before


def test_the_checksums_see_one_changed_field(session):
    load_reference_data(session)
    contact = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Albert Pont", "city": "Rennes"}),
        created_by_id=None,
    )
    session.commit()
    before = table_checksums(session)
    assert table_checksums(session) == before  # the same content, the same checksums
    session.execute(update(Contact).where(Contact.id == contact.id).values(city="Rennes "))
    session.commit()
    after = table_checksums(session)
    assert {name for name in before if after[name] != before[name]} == {"contact"}
    session.execute(update(Contact).where(Contact.id == contact.id).values(city="Rennes"))
    session.commit()
    assert table_checksums(session) == before
