"""Duplicate rules, the scan of the base, « Pas un doublon », and the matches
of a contact being typed, on a real database."""

from __future__ import annotations

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.core.forms import parse_form
from crm_app.duplicates import service
from crm_app.duplicates.matching import keys_of, likeness, name_key
from crm_app.duplicates.scan import find_pairs


def keys(**values):
    values.setdefault("id", 0)
    return keys_of(values)


def test_name_key_ignores_case_accents_civilities_legal_forms_and_order():
    assert name_key("SARL Le Goff") == name_key("le goff") == "goff le"
    assert name_key("M. Jean-Yves Quéméner") == name_key("Quemener Jean Yves")
    assert name_key("Mme Anne Le Dû") == name_key("LE DU Anne")
    assert name_key("SCI") == "sci"  # nothing else to go by


def test_exact_keys_make_a_certain_pair():
    a = keys(id=1, name="Jean Martin", email="Jean.Martin@exemple.fr")
    b = keys(id=2, name="J. Martin", email="jean.martin@exemple.fr")
    assert likeness(a, b).score == 100
    assert likeness(a, b).reasons == ("même e-mail",)
    c = keys(id=3, name="Autre", mobile="+33612345678")
    d = keys(id=4, name="Encore", phone="+33612345678")
    assert likeness(c, d).reasons == ("même téléphone",)


def test_names_alike_at_one_place():
    a = keys(id=1, name="Boulangerie Tanguy", zip="29200", city="Brest")
    b = keys(id=2, name="Tanguy Boulangeri", zip="29200", city="Brest")
    found = likeness(a, b)
    assert found is not None and found.score < 100
    assert found.reasons[0].startswith("nom proche") and "même code postal" in found.reasons
    elsewhere = keys(id=3, name="Boulangerie Tanguy", zip="35000", city="Rennes")
    assert likeness(a, elsewhere) is None


def test_namesakes_are_not_duplicates():
    at_home = keys(id=1, name="Jean Martin", zip="35000", street="3 rue de la Gare")
    neighbour = keys(id=2, name="Jean Martin", zip="35000", street="13 rue de la Gare")
    assert likeness(at_home, neighbour) is None
    same_street = keys(id=3, name="Jean Martin", zip="35000", street="3, rue de la gare")
    assert "même adresse" in likeness(at_home, same_street).reasons
    first = keys(id=4, name="Anne Riou", zip="29000", email="a@x.fr", phone="+33298000001")
    second = keys(id=5, name="Anne Riou", zip="29000", email="b@y.fr", phone="+33298000002")
    assert likeness(first, second) is None


def test_one_family_is_never_a_pair():
    parent = keys(id=1, name="Garage Kervella", phone="+33298112233")
    person = keys(id=2, parent_id=1, name="Yann Kervella", phone="+33298112233")
    assert likeness(parent, person) is None
    assert find_pairs([parent, person]) == []


def test_scan_blocks_and_finds_typos_swaps_and_accents():
    contacts_ = [
        keys(id=1, name="Nolwenn Kerbrat", zip="29200", street="4 rue Victor Hugo"),
        keys(id=2, name="Kerbrat Nolwen", zip="29200", street="4 rue Victor-Hugo"),
        keys(id=3, name="Hervé Quéméner", city="Quimper"),
        keys(id=4, name="QUEMENER herve", city="QUIMPER"),
        keys(id=5, name="Loïc Morvan", zip="56000", email="loic@morvan.bzh"),
        keys(id=6, name="Morvan Loic", zip="35000", email="LOIC@morvan.bzh"),
        keys(id=7, name="Soizic Cadiou", zip="22000"),
    ]
    pairs = {(p.first_id, p.second_id) for p in find_pairs(contacts_)}
    assert pairs == {(1, 2), (3, 4), (5, 6)}


def _company(session, user, name, **values):
    form = parse_form(ContactForm, {"is_company": True, "name": name, **values})
    return contacts.create_contact(session, form, created_by_id=user.id)


def test_scan_stores_pairs_and_remembers_not_a_duplicate(session, office_user):
    first = _company(session, office_user, "Ferme du Moulin", zip="35500", city="Vitré")
    second = _company(session, office_user, "EARL Ferme du Moulin", zip="35500", city="Vitré")
    other = _company(session, office_user, "Camping des Lilas", phone="02 99 00 11 22")
    twin = _company(session, office_user, "Camping Les Lilas", phone="+33 2 99 00 11 22")
    contacts.create_sub_contact(
        session,
        other.id,
        parse_form(SubContactForm, {"name": "Accueil", "phone": "02 99 00 11 22"}),
        created_by_id=office_user.id,
    )
    session.commit()
    scan = service.run_scan(session, user_id=office_user.id)
    session.commit()
    # The person at the camping's desk shares its number with the twin, not
    # with the camping (one family).
    assert scan.pairs_found == 3 and scan.contacts_scanned == 5
    rows, window = service.pairs_page(session)
    assert window.total == 3
    assert rows[0].reasons == rows[1].reasons == "même téléphone" and rows[0].score == 100
    assert {(r.first.id, r.second.id) for r in rows[:2]} == {(other.id, twin.id), (twin.id, 5)}
    assert (rows[2].first.id, rows[2].second.id) == (first.id, second.id)
    assert "même nom" in rows[2].reasons
    assert "Dernière analyse" in service.last_scan_label(session)

    service.dismiss_pair(session, second.id, first.id, user_id=office_user.id)
    session.commit()
    assert service.pairs_page(session)[1].total == 2
    service.run_scan(session, user_id=office_user.id)
    session.commit()
    assert service.pairs_page(session)[1].total == 2

    contacts.archive_contact(session, twin.id, user_id=office_user.id)
    session.commit()
    assert service.pairs_page(session)[1].total == 0


def test_matches_for_a_contact_being_typed(session, office_user):
    existing = _company(
        session, office_user, "Boulangerie Le Fournil", zip="35000", city="Rennes",
        phone="02 99 12 34 56",
    )  # fmt: skip
    session.commit()
    by_phone = service.matches_for(session, {"name": "Autre nom", "phone": "+33299123456"})
    assert [m.id for m in by_phone] == [existing.id]
    assert by_phone[0].likeness.reasons == ("même téléphone",)
    by_name = service.matches_for(session, {"name": "Le Fournil", "zip": "35000"})
    assert [m.id for m in by_name] == [existing.id]
    assert service.matches_for(session, {"name": "Le Fournil", "zip": "29000"}) == []
    itself = {"id": existing.id, "name": "Boulangerie Le Fournil", "zip": "35000"}
    assert service.matches_for(session, itself) == []


def test_numbered_names_are_different():
    a = keys(id=1, name="Client 001", city="Rennes")
    b = keys(id=2, name="Client 002", city="Rennes")
    assert likeness(a, b) is None


def test_hints_for_a_stored_contact(session, office_user):
    first = _company(session, office_user, "Camping des Lilas", phone="02 96 11 22 33")
    second = _company(session, office_user, "Camping Les Lilas", phone="+33 2 96 11 22 33")
    session.commit()
    hints = service.hints_for_contact(session, first.id)
    assert [(h.id, h.reasons) for h in hints] == [(second.id, "même téléphone")]
