"""The « Doublons » page's and the export dialog's State handlers, on a real
database file."""

from __future__ import annotations

from sqlmodel import select

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core.forms import parse_form
from crm_app.duplicates import service as duplicates
from crm_app.duplicates.state import DuplicatesState, _run_scan
from crm_app.exports.models import ExportTicket
from crm_app.exports.state import ContactExportState
from crm_app.users.models import UserRole
from crm_app.users.service import create_user
from tests.state_helpers import PASSWORD, log_in, substate


def _two_alike(session):
    for name in ("Garage Le Bihan", "SARL Garage Le Bihan"):
        contacts.create_contact(
            session,
            parse_form(ContactForm, {"is_company": True, "name": name, "zip": "29000"}),
            created_by_id=None,
        )
    session.commit()


def test_duplicates_page_lists_and_dismisses(root, office_user, session):
    _two_alike(session)
    log_in(root)
    state = substate(root, DuplicatesState)
    state.load()
    assert state.rows == [] and "pas encore" in state.scan_label
    assert state.start_scan() is DuplicatesState.scan_in_background and state.scanning
    assert _run_scan(office_user.id) == 1
    state.load()
    assert [(r.first_name, r.second_name) for r in state.rows] == [
        ("Garage Le Bihan", "SARL Garage Le Bihan")
    ]
    assert state.rows[0].reasons == "même nom · même code postal"
    assert state.range_label == "1–1 sur 1 paires"
    state.dismiss(state.rows[0].first_id, state.rows[0].second_id)
    assert state.rows == [] and state.total == 0
    session.expire_all()
    assert duplicates.pairs_page(session)[1].total == 0


def test_technicians_have_no_duplicates_page_nor_export(root, session):
    create_user(
        session, name="Tech", login="tech", password=PASSWORD, role=UserRole.TECHNICIAN
    )
    session.commit()
    _two_alike(session)
    _run_scan(None)
    log_in(root, "tech")
    state = substate(root, DuplicatesState)
    state.load()
    assert state.rows == []
    state.dismiss(1, 2)
    assert duplicates.pairs_page(session)[1].total == 1
    export = substate(root, ContactExportState)
    export.open_dialog("", False)
    assert not export.dialog_open
    export.start_export()
    assert session.exec(select(ExportTicket)).all() == []


def test_export_dialog_counts_and_gives_a_link(root, office_user, session):
    _two_alike(session)
    log_in(root)
    export = substate(root, ContactExportState)
    export.open_dialog("bihan", False)
    assert export.dialog_open and export.count_label == "2 contacts seront exportés."
    export.set_format("xlsx")
    export.toggle_column("email", False)
    assert "email" not in export.chosen
    event = export.start_export()
    assert not export.dialog_open and export.remembered_format == "xlsx"
    # On the backend's address (another port than the page's in development),
    # which only the browser knows: Reflex resolves it in a download's URL.
    url = str(event.args[0][1])  # type: ignore[union-attr]
    assert '"/api/exports/' in url and "getBackendURL(env.UPLOAD)" in url
    ticket = session.exec(select(ExportTicket)).one()
    assert ticket.query == "bihan" and ticket.file_format == "xlsx"
    assert "email" not in ticket.columns.split(",")
    for key in export.chosen:
        export.toggle_column(key, False)
    export.start_export()
    assert export.error == "Choisissez au moins une colonne."


def test_quick_create_warns_of_a_likely_duplicate(root, office_user, session):
    from crm_app.contacts.list_state import ContactListState

    existing = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Albert Pont", "phone": "02 99 12 34 56"}),
        created_by_id=None,
    )
    session.commit()
    log_in(root)
    state = substate(root, ContactListState)
    state.open_new_dialog(False)
    state.set_new_field("name", "Bernard Lenoir")
    assert state.new_duplicates == []
    state.set_new_field("phone", "02.99.12.34.5")  # half typed: no key yet
    assert state.new_duplicates == []
    state.set_new_field("phone", "02.99.12.34.56")
    assert [(h.id, h.reasons) for h in state.new_duplicates] == [(existing.id, "même téléphone")]
    # Creating anyway stays possible.
    state.create_contact()
    assert not state.new_dialog_open


def test_address_dialog_warns_but_not_of_its_own_family(root, office_user, session):
    from crm_app.contacts.forms import SubContactForm
    from crm_app.contacts.sub_contact_state import SubContactDialogState
    from tests.state_helpers import at_path

    syndic = contacts.create_contact(
        session,
        parse_form(ContactForm, {"is_company": True, "name": "Syndic Ouest",
                                 "phone": "02 99 00 00 01"}),  # fmt: skip
        created_by_id=None,
    )
    contacts.create_sub_contact(
        session, syndic.id, parse_form(SubContactForm, {"name": "Accueil"}), created_by_id=None
    )
    elsewhere = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Gaëlle Morvan", "mobile": "06 11 22 33 44"}),
        created_by_id=None,
    )
    session.commit()
    log_in(root)
    from crm_app.contacts.page_state import ContactPageState
    from tests.state_helpers import run_async

    page = substate(root, ContactPageState)
    at_path(page, f"/contact/{syndic.id}")
    run_async(page.load())
    state = substate(root, SubContactDialogState)
    assert state.contact_id_loaded == syndic.id
    state.open_new_sub_contact()
    state.set_sub_field("phone", "02 99 00 00 01")  # the syndic's own number
    assert state.sub_duplicates == []
    state.set_sub_field("mobile", "06 11 22 33 44")
    assert [h.id for h in state.sub_duplicates] == [elsewhere.id]
