"""Reference data rules and the private consent proof store, on a real
SQLite file and a temporary private folder."""

from __future__ import annotations

import pytest
import reflex as rx
import sqlalchemy as sa

from crm_app.contacts import consent_proof, service
from crm_app.contacts.forms import ContactForm
from crm_app.core.errors import FieldError, FormError
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.reference import service as reference
from crm_app.reference.models import Account, PaymentTerm, TaskType

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    folder = tmp_path / "private"
    monkeypatch.setenv("CRM_PRIVATE_DIR", str(folder))
    return folder


def test_demo_reference_data_has_the_seed_accounts_and_task_types(session):
    load_reference_data(session)
    codes = [label for _, label in reference.choices(session, Account, account_kind="receivable")]
    assert "411100 Clients - Ventes de biens ou de prestations de services" in codes
    names = [label for _, label in reference.choices(session, TaskType)]
    assert {"Visite technique", "Entretien Poêle Granulés", "Ramonage"} <= set(names)


def test_account_code_and_kind_are_checked(session):
    load_reference_data(session)
    with pytest.raises(FormError) as caught:
        reference.save_reference(
            session,
            "comptes",
            parse_form(
                reference.form_model("comptes"), {"code": "41A", "name": "X", "kind": "other"}
            ),
        )
    assert "chiffres" in caught.value.errors["code"]
    with pytest.raises(FormError) as caught:
        reference.save_reference(
            session,
            "comptes",
            parse_form(
                reference.form_model("comptes"),
                {"code": "411100", "name": "Doublon", "kind": "receivable"},
            ),
        )
    assert "existe déjà" in caught.value.errors["code"]
    with pytest.raises(FormError) as caught:
        reference.save_reference(
            session,
            "comptes",
            parse_form(
                reference.form_model("comptes"), {"code": "411300", "name": "X", "kind": "?"}
            ),
        )
    assert "kind" in caught.value.errors
    row = reference.save_reference(
        session,
        "comptes",
        parse_form(
            reference.form_model("comptes"),
            {"code": "411 300", "name": "Clients export", "kind": "receivable"},
        ),
    )
    assert row.code == "411300"


def test_task_type_duration_is_checked(session):
    with pytest.raises(FormError) as caught:
        reference.save_reference(
            session,
            "types-intervention",
            parse_form(
                reference.form_model("types-intervention"),
                {"name": "Ramonage", "default_duration_minutes": "0"},
            ),
        )
    assert "minutes" in caught.value.errors["default_duration_minutes"]
    row = reference.save_reference(
        session,
        "types-intervention",
        parse_form(
            reference.form_model("types-intervention"),
            {"name": "Ramonage", "default_duration_minutes": "45"},
        ),
    )
    assert row.default_duration_minutes == 45


def test_reference_edit_archive_and_search(session):
    load_reference_data(session)
    term = reference.save_reference(
        session,
        "conditions-paiement",
        parse_form(reference.form_model("conditions-paiement"), {"name": "60 jours"}),
    )
    reference.save_reference(
        session,
        "conditions-paiement",
        parse_form(reference.form_model("conditions-paiement"), {"name": "60 jours net"}),
        row_id=term.id,
    )
    reference.set_reference_active(session, "conditions-paiement", term.id, False)
    assert reference.list_references(session, "conditions-paiement", "60").total == 0
    found = reference.list_references(session, "conditions-paiement", "60", include_archived=True)
    assert [r.name for r in found.rows] == ["60 jours net"]
    # Archived rows are offered only where they are already chosen.
    assert term.id not in [i for i, _ in reference.choices(session, PaymentTerm)]
    assert term.id in [i for i, _ in reference.choices(session, PaymentTerm, keep_id=term.id)]
    # LIKE wildcards typed by the user are searched literally.
    assert reference.list_references(session, "conditions-paiement", "%").total == 0
    with pytest.raises(reference.UnknownReferenceKind):
        reference.list_references(session, "inconnu")


def test_consent_proof_is_kept_privately_and_replaced(session, office_user, private_dir):
    contact = service.create_contact(
        session, parse_form(ContactForm, {"name": "Client RGPD"}), created_by_id=None
    )
    consent_proof.store_proof(session, contact, "../../etc/signé.pdf", PDF)
    session.commit()
    first_key = contact.consent_proof_file_key
    assert contact.consent_proof_file_name == "signé.pdf"
    stored = list((private_dir / "consent-proofs").iterdir())
    assert [p.name for p in stored] == [first_key]
    # Never under the public upload folder.
    assert rx.get_upload_dir().resolve() not in stored[0].resolve().parents
    assert consent_proof.read_proof(contact) == ("signé.pdf", PDF)

    former = consent_proof.store_proof(session, contact, "scan.png", b"\x89PNG\r\n\x1a\n....")
    session.commit()
    assert former == first_key
    consent_proof.discard_file(former)  # only once the change is committed
    assert [p.name for p in (private_dir / "consent-proofs").iterdir()] == [
        contact.consent_proof_file_key
    ]
    consent_proof.discard_file(consent_proof.remove_proof(session, contact))
    session.commit()
    assert list((private_dir / "consent-proofs").iterdir()) == []
    with pytest.raises(FileNotFoundError):
        consent_proof.read_proof(contact)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("vide.pdf", b"", "vide"),
        ("programme.exe", b"MZ\x90\x00", "PDF, PNG ou JPEG"),
        ("faux.pdf", b"<html><script>", "PDF, PNG ou JPEG"),
        ("gros.pdf", b"%PDF-" + b"0" * consent_proof.MAX_PROOF_BYTES, "10 Mo"),
    ],
)
def test_consent_proof_refuses_other_files(session, private_dir, name, data, message):
    contact = service.create_contact(
        session, parse_form(ContactForm, {"name": "Client RGPD"}), created_by_id=None
    )
    with pytest.raises(FieldError, match=message):
        consent_proof.store_proof(session, contact, name, data)
    assert contact.consent_proof_file_key is None


def test_a_forged_key_never_leaves_the_private_folder(session, private_dir):
    contact = service.create_contact(
        session, parse_form(ContactForm, {"name": "Client RGPD"}), created_by_id=None
    )
    contact.consent_proof_file_key = "../../../../etc/passwd"
    with pytest.raises(FileNotFoundError):
        consent_proof.read_proof(contact)


def test_several_selects_are_filled_in_one_query(session):
    """The contact form's nine selects come from one query, each list in its
    own order, of its own kind, with its own archived choice kept."""
    load_reference_data(session)
    archived = reference.save_reference(
        session,
        "conditions-paiement",
        parse_form(reference.form_model("conditions-paiement"), {"name": "Ancienne"}),
    )
    reference.set_reference_active(session, "conditions-paiement", archived.id, False)
    wanted = {
        "customer_terms": reference.ChoiceList(PaymentTerm, keep_id=archived.id),
        "supplier_terms": reference.ChoiceList(PaymentTerm),
        "receivable": reference.ChoiceList(Account, account_kind="receivable"),
        "payable": reference.ChoiceList(Account, account_kind="payable"),
        "tasks": reference.ChoiceList(TaskType),
    }
    statements = []

    def record(*args):
        statements.append(args[2])

    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        options = reference.choice_lists(session, wanted)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == 1
    for name, choice in wanted.items():
        alone = reference.choices(
            session, choice.model, keep_id=choice.keep_id, account_kind=choice.account_kind
        )
        assert options[name] == alone and alone, name
    assert archived.id in [i for i, _ in options["customer_terms"]]
    assert archived.id not in [i for i, _ in options["supplier_terms"]]
    assert all(label.startswith("411") for _, label in options["receivable"])
    assert all(label.startswith("401") for _, label in options["payable"])
