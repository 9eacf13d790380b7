"""Maintenance reminders against a real SMTP server on 127.0.0.1 (aiosmtpd):
the template's merge fields, a month's run, the delivered messages read back,
the journal, a refusing or absent server reported per customer and retried,
the rate limit, and the printed letters."""

from __future__ import annotations

import email
import io
import socket
from contextlib import contextmanager
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader
from sqlmodel import Session, select

from crm_app import db
from crm_app.audit.models import AuditEntry
from crm_app.audit.service import journal
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form
from crm_app.core.settings import get_settings
from crm_app.demo.loader import load_reference_data
from crm_app.equipment import reminders
from crm_app.equipment import service as equipment
from crm_app.equipment.documents import build_letters
from crm_app.equipment.mailer import MailNotConfigured
from crm_app.equipment.models import ReminderItem
from crm_app.reference.models import EquipmentType

MONTH = date(2027, 3, 1)
REFUSED = "refuse@exemple.fr"


class Inbox:
    """An SMTP handler keeping what it receives; refuses one address when asked."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.refuse = True

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and address == REFUSED:
            return "550 5.1.1 Boîte inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox(monkeypatch):
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    for name, value in {
        "CRM_SMTP_HOST": "127.0.0.1",
        "CRM_SMTP_PORT": str(port),
        "CRM_SMTP_TLS": "none",
        "CRM_SMTP_SENDER": "Chauffage Breton <contact@chauffage.test>",
        "CRM_SMTP_PER_MINUTE": "600",
        "CRM_COMPANY_NAME": "Chauffage Breton",
        "CRM_COMPANY_PHONE": "02 99 00 11 22",
    }.items():
        monkeypatch.setenv(name, value)
    yield handler
    controller.stop()


@pytest.fixture
def customers(session, office_user, db_url):
    load_reference_data(session)
    boiler = session.exec(select(EquipmentType).where(EquipmentType.name == "Chaudière gaz")).one()
    made = {}
    for name, mail, city in (
        ("Albert Pont", "albert.pont@exemple.fr", "Rennes"),
        ("Refusé Martin", REFUSED, "Vitré"),
        ("Sans Courriel", None, "Bruz"),
    ):
        contact = contacts.create_contact(
            session,
            parse_form(
                ContactForm,
                {
                    "name": name,
                    "civility": "M.",
                    "email": mail,
                    "street": "1 rue Haute",
                    "zip": "35000",
                    "city": city,
                },
            ),  # fmt: skip
            created_by_id=office_user.id,
        )
        item = equipment.save_equipment(
            session,
            {
                "address_id": str(contact.id),
                "type_id": str(boiler.id),
                "brand": "Frisquet",
                "commissioned_on": "10/03/2026",
            },  # fmt: skip
        )
        assert item.next_due_on == date(2027, 3, 10)
        made[name] = contact
    session.commit()
    return made


@contextmanager
def scope_of(db_url):
    with Session(db.get_engine(db_url), expire_on_commit=False) as session:
        yield session


def test_a_template_with_an_unknown_field_is_refused_by_name(session):
    with pytest.raises(FormError) as refused:
        reminders.save_template(session, "Entretien {mois}", "Bonjour {prenom},")
    assert refused.value.errors == {"body": "Champ de fusion inconnu : {prenom}."}
    with pytest.raises(FormError):
        reminders.save_template(session, "", "Bonjour {nom")
    reminders.save_template(session, "Votre entretien en {mois}", "Bonjour {civilite} {nom}")
    assert reminders.current_template(session) == (
        "Votre entretien en {mois}",
        "Bonjour {civilite} {nom}",
    )


def test_a_run_sends_journals_reports_and_retries(session, customers, inbox, db_url, office_user):
    run = reminders.prepare_run(session, MONTH, user_id=office_user.id)
    session.commit()
    waits: list[float] = []
    progress = reminders.send_pending(
        lambda: scope_of(db_url), run.id or 0, user_id=office_user.id, sleep=waits.append
    )
    assert (progress.sent, progress.failed, progress.letters) == (1, 1, 1)
    assert all(0 < w <= 0.1 for w in waits)  # 600 a minute: at most 0.1 s apart

    [message] = inbox.messages
    assert message["To"] == "albert.pont@exemple.fr"
    assert "Chauffage Breton" in message["From"]
    assert str(email.header.make_header(email.header.decode_header(message["Subject"]))) == (
        "Entretien de votre installation : mars 2027"
    )
    body = message.get_payload(decode=True).decode()
    assert "Bonjour M. Albert Pont," in body
    assert "(chaudière gaz Frisquet)" in body and "02 99 00 11 22" in body

    lines = reminders.run_page(session, run.id or 0).lines
    assert [line.status for line in lines][0] == "failed"  # failures first
    assert "Adresse refusée" in lines[0].message and "550" in lines[0].message
    entries = journal(session, customers["Albert Pont"].id).lines
    assert any("Relance d'entretien" in e.what and "albert.pont@exemple.fr" in e.details
               for e in entries)  # fmt: skip
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "reminder")).all()

    inbox.refuse = False
    assert reminders.retry_failed(session, run.id or 0) == 1
    session.commit()
    progress = reminders.send_pending(lambda: scope_of(db_url), run.id or 0, user_id=None)
    assert (progress.sent, progress.failed) == (2, 0)
    assert [m["To"] for m in inbox.messages] == ["albert.pont@exemple.fr", REFUSED]

    text = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(build_letters(session, run.id or 0)[1])).pages
    )
    assert "Sans Courriel" in text and "35000 Bruz" in text and "mars 2027" in text
    assert "Albert Pont" not in text


def test_a_server_that_is_down_fails_each_customer_without_stopping(
    session, customers, db_url, monkeypatch
):
    monkeypatch.setenv("CRM_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CRM_SMTP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("CRM_SMTP_TLS", "none")
    monkeypatch.setenv("CRM_SMTP_SENDER", "contact@chauffage.test")
    monkeypatch.setenv("CRM_SMTP_PER_MINUTE", "6000")
    run = reminders.prepare_run(session, MONTH, user_id=None)
    session.commit()
    progress = reminders.send_pending(lambda: scope_of(db_url), run.id or 0, user_id=None)
    assert (progress.sent, progress.failed, progress.pending) == (0, 2, 0)
    failed = session.exec(select(ReminderItem).where(ReminderItem.status == "failed")).all()
    assert all("injoignable" in item.message for item in failed)


def test_without_a_server_nothing_starts(session, customers, db_url, monkeypatch):
    monkeypatch.delenv("CRM_SMTP_HOST", raising=False)
    assert get_settings().smtp_host == ""
    run = reminders.prepare_run(session, MONTH, user_id=None)
    session.commit()
    with pytest.raises(MailNotConfigured):
        reminders.send_pending(lambda: scope_of(db_url), run.id or 0, user_id=None)
