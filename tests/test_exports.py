"""Contact exports on a real database: the rows of a search in list order,
the three formats (read back with the libraries that read them), the
one-use tickets, the journal entry, and the download route."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import vobject
from python_calamine import CalamineWorkbook
from sqlmodel import select
from starlette.testclient import TestClient

from crm_app.audit.models import AuditEntry
from crm_app.contacts import search
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.core.forms import parse_form
from crm_app.exports import service
from crm_app.exports.api import EXPORT_PATH, export_api
from crm_app.exports.columns import chosen_columns
from crm_app.exports.models import ExportTicket
from crm_app.exports.service import ExportRefused
from crm_app.exports.writers import csv_chunks, vcard_chunks, write_xlsx
from crm_app.users.models import UserRole
from crm_app.users.service import create_user

ALL_KEYS = [
    "internal_reference", "name", "parent", "address_type", "street", "zip", "city",
    "country", "phone", "mobile", "email", "vat", "latitude",
]  # fmt: skip


def make_contacts(session, user):
    garage = contacts.create_contact(
        session,
        parse_form(
            ContactForm,
            {
                "is_company": True,
                "name": "Garage Kervella",
                "email": "accueil@garage-kervella.fr",
                "phone": "02 98 11 22 33",
                "street": "3 rue de Brest",
                "zip": "29200",
                "city": "Brest",
            },
        ),
        created_by_id=user.id,
    )
    garage.internal_reference = "CLI-001"  # set on the Ventes & Achats tab
    contacts.create_sub_contact(
        session,
        garage.id,
        parse_form(SubContactForm, {"name": "Yann Kervella", "mobile": "06 12 34 56 78"}),
        created_by_id=user.id,
    )
    contacts.create_contact(
        session,
        parse_form(
            ContactForm,
            {"name": "=HYPERLINK(\"http://x\")", "city": "Quimper", "zip": "29000"},
        ),
        created_by_id=user.id,
    )
    contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Anne Le Dû", "zip": "35000", "city": "Rennes"}),
        created_by_id=user.id,
    )
    session.commit()
    return garage


def test_rows_follow_the_search_and_the_list_order(session, office_user):
    make_contacts(session, office_user)
    names = [row["name"] for row in service.matching_rows(session, "", False)]
    # The list's own order (the database's collation decides where « = » goes).
    listed = search.search_contacts(session, "", page_size=10).rows
    assert names == [c.name for c in listed] and len(names) == 4
    found = list(service.matching_rows(session, "kervella", False))
    assert [row["name"] for row in found] == ["Garage Kervella", "Yann Kervella"]
    assert found[1]["parent_reference"] == "CLI-001"
    assert service.count_matching(session, "kervella", False) == 2


def test_rows_are_read_in_batches_without_loss(session, office_user, monkeypatch):
    make_contacts(session, office_user)
    monkeypatch.setattr(service, "BATCH_ROWS", 1)
    names = [row["name"] for row in service.matching_rows(session, "", False)]
    assert len(names) == len(set(names)) == 4


def test_csv_is_french_excel_and_inert(session, office_user):
    make_contacts(session, office_user)
    rows = service.matching_rows(session, "", False)
    data = b"".join(csv_chunks(chosen_columns(ALL_KEYS), rows))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:4] == ["Référence", "Nom", "Contact principal", "Type d'adresse"]
    by_name = {line[1]: line for line in lines[1:]}
    assert "'=HYPERLINK(\"http://x\")" in by_name  # never a formula
    garage = by_name["Garage Kervella"]
    assert garage[0] == "CLI-001" and "02 98 11 22 33" in garage
    assert "accueil@garage-kervella.fr" in garage and "France" in garage
    assert by_name["Yann Kervella"][2] == "CLI-001"
    assert by_name["Yann Kervella"][3] == "Contact"
    assert "06 12 34 56 78" in by_name["Yann Kervella"]


def test_xlsx_reads_back(session, office_user, tmp_path):
    make_contacts(session, office_user)
    target = tmp_path / "contacts.xlsx"
    with target.open("wb") as out:
        write_xlsx(chosen_columns(ALL_KEYS), service.matching_rows(session, "", False), out)
    sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Contacts").to_python()
    assert sheet[0][1] == "Nom"
    assert {row[1] for row in sheet[1:]} >= {"'=HYPERLINK(\"http://x\")", "Anne Le Dû"}


def test_vcards_read_back(session, office_user):
    make_contacts(session, office_user)
    data = b"".join(vcard_chunks(service.matching_rows(session, "kervella", False)))
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert [c.fn.value for c in cards] == ["Garage Kervella", "Yann Kervella"]
    assert cards[0].org.value == ["Garage Kervella"]
    assert cards[0].adr.value.city == "Brest"
    assert cards[1].tel.value == "+33612345678"
    assert cards[1].org.value == ["Garage Kervella"]


def test_ticket_is_used_once_and_journaled(session, office_user):
    make_contacts(session, office_user)
    token = service.create_ticket(
        session,
        user_id=office_user.id,
        query="kervella",
        include_archived=False,
        file_format="csv",
        column_keys=["name", "city"],
    )
    session.commit()
    request = service.redeem_ticket(session, token)
    session.commit()
    assert request.query == "kervella" and [c.key for c in request.columns] == ["name", "city"]
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.user_id == office_user.id and "kervella" in entry.changes
    assert '"Contacts", null, 2' in entry.changes
    with pytest.raises(ExportRefused, match="déjà utilisé"):
        service.redeem_ticket(session, token)
    with pytest.raises(ExportRefused):
        service.redeem_ticket(session, "inconnu")


def test_ticket_expires_and_follows_the_role(session, office_user):
    token = service.create_ticket(
        session, user_id=office_user.id, query="", include_archived=False,
        file_format="vcf", column_keys=[],
    )  # fmt: skip
    ticket = session.exec(select(ExportTicket)).one()
    ticket.created_at -= timedelta(minutes=2)
    session.commit()
    with pytest.raises(ExportRefused, match="expiré"):
        service.redeem_ticket(session, token)
    technician = create_user(
        session, name="Tech", login="tech", password="motdepasse-solide",
        role=UserRole.TECHNICIAN,
    )  # fmt: skip
    with pytest.raises(ExportRefused, match="réservé"):
        service.create_ticket(
            session, user_id=technician.id, query="", include_archived=False,
            file_format="csv", column_keys=[],
        )  # fmt: skip


def test_download_route_streams_the_file_once(session, office_user, app_db):
    make_contacts(session, office_user)
    token = service.create_ticket(
        session, user_id=office_user.id, query="kervella", include_archived=False,
        file_format="csv", column_keys=["name", "city"],
    )  # fmt: skip
    session.commit()
    client = TestClient(export_api)
    response = client.get(f"{EXPORT_PATH}/{token}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Nom;Ville",
        "Garage Kervella;Brest",
        "Yann Kervella;Brest",
    ]
    again = client.get(f"{EXPORT_PATH}/{token}")
    assert again.status_code == 404 and "déjà utilisé" in again.text


def test_count_label():
    assert service.count_label(0) == "Aucun contact ne correspond à cette recherche."
    assert service.count_label(1) == "1 contact sera exporté."
    assert service.count_label(12500) == "12\u202f500 contacts seront exportés."
