"""Typed forms: every wrong field at once, with the validators' French
messages; the "Site web" field; services refuse the wrong form."""

from __future__ import annotations

import pytest
from pydantic import field_validator

from crm_app.contacts import search, service
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.core.errors import FieldError, FormError
from crm_app.core.forms import FormModel, parse_form, parse_valid_fields
from crm_app.core.validators import email
from crm_app.reference import service as reference
from crm_app.reference.forms import AccountForm, ReferenceForm
from crm_app.users import service as users
from crm_app.users.forms import NewUserForm, RoleForm


def test_parse_form_lists_every_wrong_field_with_its_french_message():
    with pytest.raises(FormError) as caught:
        parse_form(
            ContactForm,
            {
                "name": " ",
                "email": "pas-un-courriel",
                "phone": "12",
                "zip": "3500",
                "country_code": "FR",
                "website": "pas un site",
            },
        )
    assert caught.value.errors == {
        "name": "Le nom est obligatoire.",
        "email": "Adresse courriel invalide (exemple attendu : nom@domaine.fr).",
        "phone": "Ce numéro de téléphone n'existe pas (vérifiez le nombre de chiffres).",
        "zip": "Un code postal français compte 5 chiffres (exemple : 35000).",
        "website": "Adresse de site invalide (exemple : https://www.exemple.fr).",
    }


def test_a_field_error_comes_out_unchanged():
    class EmailForm(FormModel):
        address: str | None = None

        @field_validator("address", mode="before")
        @classmethod
        def _address(cls, value: object) -> str | None:
            return email(value)

    with pytest.raises(FormError) as caught:
        parse_form(EmailForm, {"address": "x@"})
    message = caught.value.errors["address"]
    assert not message.startswith("Value error")
    with pytest.raises(FieldError) as direct:
        email("x@")
    assert message == str(direct.value)
    assert parse_form(EmailForm, {"ignored": 1}).values() == {}


def test_phones_are_read_with_the_form_country():
    form = parse_form(
        ContactForm, {"name": "Brasserie", "country_code": "BE", "phone": "02 555 12 34"}
    )
    assert form.phone == "+3225551234"
    # A wrong country is its own error; the phone is then read as French.
    with pytest.raises(FormError) as caught:
        parse_form(
            ContactForm, {"name": "X", "country_code": "Syldavie", "phone": "02 99 12 34 56"}
        )
    assert set(caught.value.errors) == {"country_code"}


def test_only_a_sub_address_may_go_without_a_name():
    assert parse_form(SubContactForm, {"address_type": "invoice", "name": ""}).name == ""
    with pytest.raises(FormError) as caught:
        parse_form(SubContactForm, {"address_type": "contact", "name": ""})
    assert caught.value.errors == {"name": "Le nom est obligatoire."}


def test_only_the_fields_sent_are_values():
    form = parse_form(ContactPageForm, {"city": " Bruz ", "unknown": "x"})
    assert form.values() == {"city": "Bruz"}


def test_parse_valid_fields_keeps_the_right_fields():
    form, errors = parse_valid_fields(ContactPageForm, {"city": "Bruz", "vat": "FR00", "name": ""})
    assert set(errors) == {"vat", "name"}
    assert form.values() == {"city": "Bruz"}


def test_website_is_checked_stored_and_searched(session, office_user):
    contact = service.create_contact(
        session,
        parse_form(
            ContactForm, {"name": "Ramonage Kerlouan", "website": "www.ramonage-kerlouan.bzh"}
        ),
        created_by_id=office_user.id,
    )
    session.commit()
    assert contact.website == "https://www.ramonage-kerlouan.bzh"
    found = search.search_contacts(session, "kerlouan.bzh").rows
    assert [c.id for c in found] == [contact.id]
    service.update_contact(
        session,
        contact.id,
        parse_form(ContactPageForm, {"website": "https://poeles-armor.fr/contact"}),
        expected_version=contact.version,
    )
    session.commit()
    assert [c.id for c in search.search_contacts(session, "poeles-armor").rows] == [contact.id]
    assert search.search_contacts(session, "kerlouan.bzh").rows == []
    with pytest.raises(FormError) as caught:
        parse_form(ContactForm, {"website": "x" * 201})
    assert caught.value.errors["website"] == (
        "L'adresse du site ne peut pas dépasser 200 caractères."
    )


def test_services_refuse_the_wrong_form(session, office_user):
    parent = service.create_contact(
        session, parse_form(ContactForm, {"name": "Parent"}), created_by_id=None
    )
    child = service.create_sub_contact(
        session, parent.id, parse_form(SubContactForm, {"name": "Marie"}), created_by_id=None
    )
    with pytest.raises(service.ContactRuleError):
        service.update_contact(
            session, child.id, parse_form(ContactPageForm, {"name": "X"}), expected_version=None
        )
    with pytest.raises(service.ContactRuleError):
        service.update_contact(
            session, parent.id, parse_form(SubContactForm, {"name": "X"}), expected_version=None
        )
    with pytest.raises(TypeError):
        reference.save_reference(session, "comptes", parse_form(ReferenceForm, {"name": "X"}))
    # The keyword path for scripts keeps the same rules, one message at a time.
    with pytest.raises(users.UserError, match="obligatoires"):
        users.create_user(session, name="", login="", password="Atelier-bois-2026")


def test_reference_and_user_forms_give_every_error_at_once(session):
    with pytest.raises(FormError) as caught:
        parse_form(AccountForm, {"name": "", "code": "41A", "kind": "?"})
    assert caught.value.errors == {
        "name": "Le nom est obligatoire.",
        "code": "Un numéro de compte ne contient que des chiffres (exemple : 411100).",
        "kind": "Type de compte inconnu.",
    }
    with pytest.raises(FormError) as caught:
        parse_form(NewUserForm, {"name": "", "login": "", "password": "court", "role": "chef"})
    assert caught.value.errors == {
        "login": "Le nom et l'identifiant sont obligatoires.",
        "name": "Le nom et l'identifiant sont obligatoires.",
        "role": "Rôle inconnu.",
        "password": "Le mot de passe doit contenir au moins 10 caractères.",
    }
    with pytest.raises(FormError) as caught:
        parse_form(RoleForm, {"role": "chef"})
    assert caught.value.errors == {"role": "Rôle inconnu."}


def test_database_errors_come_with_the_form_errors(session, office_user):
    users.create_user(session, name="Léa", login="lea", password="Atelier-bois-2026")
    session.commit()
    form, errors = parse_valid_fields(
        NewUserForm, {"name": "Léa bis", "login": "LEA", "password": "court"}
    )
    with pytest.raises(FormError) as caught:
        users.add_user(session, form, form_errors=errors)
    assert set(caught.value.errors) == {"login", "password"}
    assert "déjà utilisé" in caught.value.errors["login"]
