"""Contact rules on a real SQLite file: hierarchy, shared address, display
name, archiving, search and pagination."""

from __future__ import annotations

import pytest
import sqlalchemy
from sqlmodel import select

from crm_app.contacts import search, service
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import AddressType, Contact
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form

RENNES = {"street": "12 rue de Saint-Malo", "zip": "35000", "city": "Rennes"}


def make_company(session, user, name="Boulangerie Le Fournil", **extra):
    form = {"name": name, "is_company": True, **RENNES, **extra}
    contact = service.create_contact(session, parse_form(ContactForm, form), created_by_id=user.id)
    session.commit()
    return contact


def test_new_contact_is_a_prospect_sold_by_its_creator(session, office_user):
    contact = make_company(session, office_user, phone="02 99 12 34 56")
    assert contact.customer_status == "prospect"
    assert contact.salesperson_id == office_user.id
    assert contact.created_by_id == office_user.id
    assert contact.phone == "+33299123456"
    assert contact.display_name == "Boulangerie Le Fournil"


def test_sub_contact_of_type_contact_shares_and_follows_the_parent_address(session, office_user):
    parent = make_company(session, office_user)
    child = service.create_sub_contact(
        session,
        parent.id,
        parse_form(
            SubContactForm,
            {
                "address_type": "contact",
                "name": "Marie Leroy",
                "street": "ailleurs",
                "city": "Brest",
            },
        ),
        created_by_id=office_user.id,
    )
    session.commit()
    assert (child.street, child.zip, child.city) == ("12 rue de Saint-Malo", "35000", "Rennes")
    assert child.display_name == "Boulangerie Le Fournil, Marie Leroy"

    service.update_contact(
        session,
        parent.id,
        parse_form(
            ContactPageForm,
            {"name": "Le Fournil", "street": "3 place des Lices", "zip": "35000", "city": "Rennes"},
        ),
        expected_version=parent.version,
    )
    session.commit()
    session.refresh(child)
    assert child.street == "3 place des Lices"
    assert child.display_name == "Le Fournil, Marie Leroy"


def test_delivery_address_keeps_its_own_worksite(session, office_user):
    parent = make_company(session, office_user)
    site = service.create_sub_contact(
        session,
        parent.id,
        parse_form(
            SubContactForm,
            {
                "address_type": "delivery",
                "name": "Chantier Bruz",
                "street": "5 allée des Chênes",
                "zip": "35170",
                "city": "Bruz",
            },
        ),
        created_by_id=office_user.id,
    )
    session.commit()
    service.update_contact(
        session,
        parent.id,
        parse_form(ContactPageForm, {"street": "1 rue Neuve"}),
        expected_version=1,
    )
    session.commit()
    session.refresh(site)
    assert (site.street, site.city) == ("5 allée des Chênes", "Bruz")


def test_nameless_address_is_named_after_its_type(session, office_user):
    parent = make_company(session, office_user)
    invoice = service.create_sub_contact(
        session,
        parent.id,
        parse_form(SubContactForm, {"address_type": "invoice", "name": "", "city": "Rennes"}),
        created_by_id=office_user.id,
    )
    assert invoice.display_name == "Boulangerie Le Fournil, Adresse de facturation"


def test_person_sub_contact_needs_a_name(session, office_user):
    parent = make_company(session, office_user)
    with pytest.raises(FormError) as error:
        service.create_sub_contact(
            session,
            parent.id,
            parse_form(SubContactForm, {"address_type": "contact", "name": "  "}),
            created_by_id=None,
        )
    assert error.value.errors == {"name": "Le nom est obligatoire."}


def test_sub_contacts_cannot_nest(session, office_user):
    parent = make_company(session, office_user)
    child = service.create_sub_contact(
        session,
        parent.id,
        parse_form(SubContactForm, {"address_type": "contact", "name": "A"}),
        created_by_id=None,
    )
    with pytest.raises(service.ContactRuleError):
        service.create_sub_contact(
            session,
            child.id,
            parse_form(SubContactForm, {"address_type": "contact", "name": "B"}),
            created_by_id=None,
        )


@pytest.mark.parametrize(
    ("form", "field", "message_part"),
    [
        ({"name": ""}, "name", "obligatoire"),
        ({"name": "x" * 2000}, "name", "200 caractères"),
        ({"name": "A", "email": "pas-un-courriel"}, "email", "courriel invalide"),
        ({"name": "A", "email": "a@b"}, "email", "courriel invalide"),
        ({"name": "A", "phone": "12"}, "phone", "n'existe pas"),
        ({"name": "A", "mobile": "abc"}, "mobile", "illisible"),
        ({"name": "A", "zip": "3500"}, "zip", "5 chiffres"),
        ({"name": "A", "civility": "Sa Majesté"}, "civility", "inconnue"),
        ({"name": "A", "country_code": "ZZ"}, "country_code", "Pays inconnu"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    session, office_user, form, field, message_part
):
    with pytest.raises(FormError) as error:
        service.create_contact(session, parse_form(ContactForm, form), created_by_id=office_user.id)
    assert message_part in error.value.errors[field]
    session.rollback()
    assert session.exec(select(Contact)).all() == []


def test_html_in_a_name_is_stored_as_plain_text(session, office_user):
    contact = make_company(session, office_user, name="<script>alert(1)</script>")
    assert contact.name == "<script>alert(1)</script>"


def test_a_stale_form_cannot_overwrite_a_newer_save(session, office_user):
    contact = make_company(session, office_user)
    service.update_contact(
        session, contact.id, parse_form(ContactPageForm, {"city": "Bruz"}), expected_version=1
    )
    session.commit()
    with pytest.raises(service.StaleContactError):
        service.update_contact(
            session, contact.id, parse_form(ContactPageForm, {"city": "Vitré"}), expected_version=1
        )
    session.rollback()
    assert service.get_contact(session, contact.id).city == "Bruz"


def test_archiving_a_contact_archives_its_sub_contacts_and_hides_them(session, office_user):
    parent = make_company(session, office_user)
    child = service.create_sub_contact(
        session,
        parent.id,
        parse_form(SubContactForm, {"address_type": "contact", "name": "Marie"}),
        created_by_id=None,
    )
    other = make_company(session, office_user, name="Autre")
    session.commit()
    service.archive_contact(session, parent.id)
    session.commit()
    session.refresh(child)
    assert child.active is False
    assert [c.id for c in search.search_contacts(session).rows] == [other.id]
    assert search.search_contacts(session, include_archived=True).total == 3
    service.restore_contact(session, parent.id)
    assert parent.active is True


def test_archiving_one_sub_contact_keeps_the_others(session, office_user):
    parent = make_company(session, office_user)
    a = service.create_sub_contact(
        session,
        parent.id,
        parse_form(SubContactForm, {"address_type": "contact", "name": "A"}),
        created_by_id=None,
    )
    b = service.create_sub_contact(
        session,
        parent.id,
        parse_form(SubContactForm, {"address_type": "contact", "name": "B"}),
        created_by_id=None,
    )
    service.archive_contact(session, a.id)
    assert [c.id for c in service.list_sub_contacts(session, parent.id)] == [b.id]


def test_list_puts_sub_contacts_right_under_their_parent(session, office_user):
    dupont = make_company(session, office_user, name="Dupont")
    make_company(session, office_user, name="Dupont SA")
    make_company(session, office_user, name="Arthur")
    child = service.create_sub_contact(
        session,
        dupont.id,
        parse_form(SubContactForm, {"address_type": "contact", "name": "Zoé"}),
        created_by_id=None,
    )
    session.commit()
    names = [c.display_name for c in search.search_contacts(session).rows]
    assert names == ["Arthur", "Dupont", "Dupont, Zoé", "Dupont SA"]
    assert child.parent_id == dupont.id


def test_search_ignores_accents_case_and_phone_formatting(session, office_user):
    make_company(
        session,
        office_user,
        name="Éléonore Hervé",
        email="eleonore@example.fr",
        phone="02 99 12 34 56",
        zip="35510",
        city="Cesson-Sévigné",
    )
    make_company(session, office_user, name="Autre", city="Vitré", zip="35500")
    for query in [
        "eleonore",
        "HERVE",
        "cesson sevigne",
        "0299123456",
        "02.99.12.34.56",
        "+33 2 99 12 34 56",
        "35510",
        "example.fr",
    ]:
        assert [c.name for c in search.search_contacts(session, query).rows] == [
            "Éléonore Hervé"
        ], query


def test_search_by_internal_reference_and_like_metacharacters(session, office_user):
    contact = make_company(session, office_user, name="Garage 100%")
    contact.internal_reference = "CLI-00042"
    session.commit()
    make_company(session, office_user, name="Garage 1000")
    assert [c.name for c in search.search_contacts(session, "cli-00042").rows] == ["Garage 100%"]
    assert [c.name for c in search.search_contacts(session, "100%").rows] == ["Garage 100%"]
    # "_" is no wildcard: "100_" would match "1000" as a LIKE pattern.
    assert search.search_contacts(session, "100_").total == 0
    # Too short to search: the list stays whole and says why.
    too_short = search.search_contacts(session, "_")
    assert too_short.too_short and too_short.total == 2


def test_search_finds_a_sub_contact_by_its_own_data(session, office_user):
    parent = make_company(session, office_user)
    service.create_sub_contact(
        session,
        parent.id,
        parse_form(
            SubContactForm,
            {"address_type": "delivery", "name": "Chantier", "zip": "35400", "city": "Saint-Malo"},
        ),
        created_by_id=None,
    )
    session.commit()
    rows = search.search_contacts(session, "35400").rows
    assert [r.display_name for r in rows] == ["Boulangerie Le Fournil, Chantier"]


def test_pagination_is_done_in_sql(session, office_user):
    for i in range(53):
        make_company(session, office_user, name=f"Client {i:02d}")
    first = search.search_contacts(session, page=1, page_size=25)
    third = search.search_contacts(session, page=3, page_size=25)
    assert (first.total, first.page_count, len(first.rows)) == (53, 3, 25)
    assert [c.name for c in third.rows] == ["Client 50", "Client 51", "Client 52"]


def test_foreign_keys_are_enforced_on_sqlite(session):
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        session.add(Contact(name="Orphelin", parent_id=999))
        session.flush()


def test_address_types_have_the_seed_labels():
    from crm_app.contacts.models import ADDRESS_TYPE_LABELS

    assert [ADDRESS_TYPE_LABELS[t] for t in AddressType] == [
        "Contact",
        "Adresse de facturation",
        "Adresse d'expédition",
        "Autre adresse",
        "Adresse personnelle",
    ]


def test_restoring_a_contact_brings_back_only_the_addresses_archived_with_it(session, office_user):
    parent = make_company(session, office_user)
    kept = service.create_sub_contact(
        session,
        parent.id,
        parse_form(SubContactForm, {"address_type": "contact", "name": "Kept"}),
        created_by_id=None,
    )
    gone = service.create_sub_contact(
        session,
        parent.id,
        parse_form(SubContactForm, {"address_type": "contact", "name": "Gone"}),
        created_by_id=None,
    )
    session.commit()
    service.archive_contact(session, gone.id)
    session.commit()
    service.archive_contact(session, parent.id)
    session.commit()
    session.expire_all()
    service.restore_contact(session, parent.id)
    session.commit()
    session.expire_all()
    assert [c.name for c in service.list_sub_contacts(session, parent.id)] == ["Kept"]
    assert service.get_contact(session, gone.id).active is False
    assert service.get_contact(session, kept.id).active is True
