"""Rules of the commercial tabs (Notes internes, Ventes & Achats, Comptabilité,
Marketing) on a real SQLite file: validation, inheritance from the main
contact, forced status, consent date, uniqueness, concurrency."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from crm_app.contacts import commercial, search, service
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form, parse_valid_fields
from crm_app.demo.loader import load_reference_data
from crm_app.reference.models import Account, MarketingCampaign, PaymentTerm
from crm_app.users.models import UserRole
from crm_app.users.service import create_user


@pytest.fixture
def reference(session):
    load_reference_data(session)
    session.commit()


@pytest.fixture
def company(session, office_user, reference):
    contact = service.create_contact(
        session,
        parse_form(
            ContactForm,
            {
                "name": "Boulangerie Le Fournil",
                "is_company": True,
                "city": "Rennes",
                "zip": "35000",
            },
        ),
        created_by_id=office_user.id,
    )
    session.commit()
    return contact


def save(session, contact, **form):
    """Save fields through the same function the page uses; returns the fresh row."""
    # (as the page: a sub-contact's form has no commercial fields)
    model = SubContactForm if contact.parent_id else ContactPageForm
    service.update_contact(
        session, contact.id, parse_form(model, form), expected_version=contact.version
    )
    session.commit()
    session.refresh(contact)
    return contact


def errors_of(session, contact, **form) -> dict[str, str]:
    """The errors the page shows: the typed form's and the database rules' at once."""
    typed, typed_errors = parse_valid_fields(ContactPageForm, form)
    with pytest.raises(FormError) as caught:
        service.update_contact(
            session,
            contact.id,
            typed,
            expected_version=contact.version,
            form_errors=typed_errors,
        )
    session.rollback()
    return caught.value.errors


def account_id(session, code: str) -> int:
    return session.exec(select(Account).where(Account.code == code)).one().id


# --- Defaults ------------------------------------------------------------------------


def test_new_contact_defaults(session, company, office_user):
    assert company.customer_status == "prospect" and company.is_customer
    assert not company.customer_status_forced
    assert company.salesperson_id == office_user.id
    assert company.trust_level == "normal"
    assert company.invoice_policy == "ordered"
    assert company.receivable_account_id == account_id(session, "411100")
    assert company.payable_account_id == account_id(session, "401100")


# --- Validation matrix: bad input is refused at the field, nothing is stored -----------

BAD_INPUTS = [
    ("email", "jean@", "email"),
    ("email", "jean dupont@exemple.fr", "email"),
    ("phone", "02 99", "phone"),
    ("phone", "téléphone", "phone"),
    ("mobile", "+33 6 12", "mobile"),
    ("zip", "3500", "zip"),
    ("zip", "ABCDE", "zip"),
    ("country_code", "Syldavie", "country_code"),
    ("name", "", "name"),
    ("name", "x" * 201, "name"),
    ("company_registry", "732 829 321", "company_registry"),  # SIREN, bad key
    ("company_registry", "73282932000075", "company_registry"),  # SIRET, bad key
    ("company_registry", "1234", "company_registry"),  # neither length
    ("company_registry", "73282932A", "company_registry"),
    ("vat", "BE0477472702", "vat"),  # bad checksum
    ("vat", "FR123", "vat"),  # bad length
    ("vat", "US123456789", "vat"),  # not an EU country
    ("vat", "0477472701", "vat"),  # no country prefix
    ("internal_reference", "R" * 61, "internal_reference"),
    ("shop_code", "S" * 61, "shop_code"),
    ("warning_message", "m" * 1001, "warning_message"),
    ("customer_status", "roi", "customer_status"),
    ("invoice_policy", "parfois", "invoice_policy"),
    ("trust_level", "excellent", "trust_level"),
    ("customer_payment_term_id", "999", "customer_payment_term_id"),
    ("customer_payment_term_id", "abc", "customer_payment_term_id"),
    ("reseller_id", "999", "reseller_id"),
    ("salesperson_id", "999", "salesperson_id"),
    ("internal_notes", "n" * 20001, "internal_notes"),
]


@pytest.mark.parametrize(("field", "value", "error_field"), BAD_INPUTS)
def test_bad_input_is_refused_with_a_french_message(session, company, field, value, error_field):
    before = company.version
    errors = errors_of(
        session,
        company,
        **{field: value, "shop_code": "MAG-1"} if field != "shop_code" else {field: value},
    )
    assert error_field in errors
    assert errors[error_field][0] in "«ABCDEFGHIJKLMNOPQRSTUVWXYZÀÉÈ"
    assert errors[error_field].endswith((".", ")"))
    fresh = session.get(Contact, company.id)
    session.refresh(fresh)
    assert fresh.version == before and fresh.shop_code is None  # nothing stored


def test_every_wrong_field_is_reported_at_once(session, company):
    errors = errors_of(session, company, email="x@", vat="BE0477472702", zip="1")
    assert set(errors) == {"email", "vat", "zip"}


def test_vat_message_says_what_is_wrong(session, company):
    assert "clé de contrôle" in errors_of(session, company, vat="BE0477472702")["vat"]
    assert "longueur" in errors_of(session, company, vat="FR123")["vat"]
    assert "Union européenne" in errors_of(session, company, vat="US123456789")["vat"]


def test_valid_fiscal_numbers_are_stored_compact(session, company):
    saved = save(session, company, vat="be 0477.472.701", company_registry="732 829 320 00074")
    assert saved.vat == "BE0477472701"
    assert saved.company_registry == "73282932000074"
    assert save(session, saved, company_registry="732829320").company_registry == "732829320"


def test_account_of_the_wrong_kind_is_refused(session, company):
    errors = errors_of(session, company, receivable_account_id=str(account_id(session, "401100")))
    assert "compte client" in errors["receivable_account_id"]


def test_archived_choice_is_kept_but_not_offered_anew(session, company):
    terms = session.exec(select(PaymentTerm).order_by(PaymentTerm.id)).all()
    saved = save(session, company, customer_payment_term_id=str(terms[0].id))
    terms[0].active = False
    terms[1].active = False
    session.commit()
    # Saving again with the archived term already there is fine...
    saved = save(session, saved, customer_payment_term_id=str(terms[0].id), shop_code="A")
    assert saved.customer_payment_term_id == terms[0].id
    # ...choosing another archived one is not.
    errors = errors_of(session, saved, customer_payment_term_id=str(terms[1].id))
    assert "archivé" in errors["customer_payment_term_id"]


def test_marketing_fields_are_chosen_from_the_lists(session, company):
    campaign = session.exec(
        select(MarketingCampaign).where(MarketingCampaign.name == "Offre de Noël")
    ).one()
    saved = save(session, company, campaign_id=str(campaign.id), source_id="", medium_id="0")
    assert saved.campaign_id == campaign.id and saved.source_id is None and saved.medium_id is None


# --- Warnings --------------------------------------------------------------------------


def test_warning_objects_need_a_message(session, company):
    errors = errors_of(session, company, warning_on_invoices=True, warning_message="")
    assert "message" in errors["warning_message"]


def test_warning_message_needs_objects(session, company):
    errors = errors_of(session, company, warning_message="Mauvais payeur", warning_blocking=True)
    assert "objet" in errors["warning_objects"]


def test_complete_warning_is_saved(session, company):
    saved = save(
        session,
        company,
        warning_message="Mauvais payeur",
        warning_blocking=True,
        warning_on_interventions=True,
        warning_on_opportunities=True,
        warning_on_sale_orders=True,
        warning_on_invoices=True,
    )
    assert saved.warning_blocking and saved.warning_on_invoices
    assert saved.warning_message == "Mauvais payeur"


# --- Roles and forced status ------------------------------------------------------------


def test_a_contact_can_be_client_and_supplier(session, company):
    saved = save(session, company, is_customer=True, customer_status="client", is_supplier=True)
    assert saved.is_customer and saved.customer_status == "client" and saved.is_supplier


def test_promotion_turns_a_prospect_into_a_client(session, company):
    assert commercial.promote_to_client(session, company) is True
    session.commit()
    assert session.get(Contact, company.id).customer_status == "client"


def test_a_forced_status_is_never_changed_automatically(session, company):
    saved = save(session, company, customer_status="prospect", customer_status_forced=True)
    assert commercial.promote_to_client(session, saved) is False
    session.commit()
    session.refresh(saved)
    assert saved.customer_status == "prospect" and saved.customer_status_forced


def test_promotion_from_a_sub_address_acts_on_the_main_contact(session, company, office_user):
    site = service.create_sub_contact(
        session,
        company.id,
        parse_form(SubContactForm, {"address_type": "delivery", "name": "Chantier"}),
        created_by_id=office_user.id,
    )
    commercial.promote_to_client(session, site)
    session.commit()
    assert session.get(Contact, company.id).customer_status == "client"
    assert commercial.commercial_contact(session, site).id == company.id


def test_linked_user_gives_the_user_role_once(session, company, office_user):
    saved = save(session, company, linked_user_id=str(office_user.id))
    assert saved.linked_user_id == office_user.id
    other = service.create_contact(
        session, parse_form(ContactForm, {"name": "Jean Jean"}), created_by_id=None
    )
    session.commit()
    errors = errors_of(session, other, linked_user_id=str(office_user.id))
    assert "déjà lié" in errors["linked_user_id"]


def test_salesperson_can_be_another_active_user(session, company):
    colleague = create_user(
        session,
        name="Lucie Martin",
        login="lucie",
        password="motdepasse-solide",
        role=UserRole.OFFICE,
    )
    session.commit()
    assert save(session, company, salesperson_id=str(colleague.id)).salesperson_id == colleague.id
    colleague.active = False
    session.commit()
    fresh = session.get(Contact, company.id)
    other = service.create_contact(
        session, parse_form(ContactForm, {"name": "Autre"}), created_by_id=None
    )
    session.commit()
    assert (
        "désactivé" in errors_of(session, other, salesperson_id=str(colleague.id))["salesperson_id"]
    )
    assert save(session, fresh, salesperson_id=str(colleague.id), shop_code="X").shop_code == "X"


def test_partners_are_other_main_contacts(session, company, office_user):
    assert "propre" in errors_of(session, company, reseller_id=str(company.id))["reseller_id"]
    site = service.create_sub_contact(
        session,
        company.id,
        parse_form(SubContactForm, {"address_type": "delivery", "name": "Chantier"}),
        created_by_id=office_user.id,
    )
    installer = service.create_contact(
        session, parse_form(ContactForm, {"name": "Poêles Bretons"}), created_by_id=None
    )
    session.commit()
    assert "principal" in errors_of(session, company, reseller_id=str(site.id))["reseller_id"]
    assert save(session, company, installer_id=str(installer.id)).installer_id == installer.id
    found = search.search_main_contacts(session, "poeles", exclude_id=company.id)
    assert [c.id for c in found] == [installer.id]


# --- Reference uniqueness -------------------------------------------------------------


def test_internal_reference_is_unique_whatever_the_case(session, company):
    save(session, company, internal_reference="CLI-00042")
    other = service.create_contact(
        session, parse_form(ContactForm, {"name": "Autre client"}), created_by_id=None
    )
    session.commit()
    errors = errors_of(session, other, internal_reference="cli-00042")
    assert "déjà utilisée" in errors["internal_reference"]
    assert "Boulangerie Le Fournil" in errors["internal_reference"]
    # Its own reference can be saved again.
    assert save(session, company, internal_reference="CLI-00042", shop_code="M").shop_code == "M"


# --- Consent --------------------------------------------------------------------------------


def test_consent_date_is_today_when_ticked_and_cleared_when_unticked(session, company):
    saved = save(session, company, consent_communication=True)
    assert saved.consent_date == date.today()
    saved.consent_date = date(2024, 1, 2)  # an earlier consent keeps its date
    session.commit()
    saved = save(session, saved, consent_communication=True, shop_code="X")
    assert saved.consent_date == date(2024, 1, 2)
    saved = save(session, saved, consent_communication=False)
    assert saved.consent_date is None


# --- Sub-contacts inherit ---------------------------------------------------------------------


def test_sub_contact_never_holds_commercial_fields(session, company, office_user):
    child = service.create_sub_contact(
        session,
        company.id,
        parse_form(SubContactForm, {"address_type": "invoice", "name": "Compta"}),
        created_by_id=office_user.id,
    )
    session.commit()
    saved = save(session, child, vat="BE0477472701", internal_notes="secret", name="Comptabilité")
    assert saved.name == "Comptabilité"
    assert saved.vat is None and saved.internal_notes is None
    assert not saved.is_customer
    assert commercial.commercial_contact(session, saved).id == company.id


# --- Concurrency -------------------------------------------------------------------------------


def test_a_stale_tab_save_is_refused(session, company):
    opened_version = company.version
    save(session, company, internal_notes="Premier")
    with pytest.raises(service.StaleContactError):
        service.update_contact(
            session,
            company.id,
            parse_form(ContactPageForm, {"internal_notes": "Second"}),
            expected_version=opened_version,
        )
    session.rollback()
    assert session.get(Contact, company.id).internal_notes == "Premier"
