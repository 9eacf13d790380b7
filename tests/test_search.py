"""The contact search over its trigram index, and the capped counts of the
big lists, on a real database (SQLite file, or PostgreSQL)."""

from __future__ import annotations

import math

import pytest
import sqlalchemy as sa
from sqlmodel import select

from crm_app.contacts import (
    search,
    search_estimate,
    search_index,
    search_postgresql,
    search_sqlite,
    service,
)
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core import paging
from crm_app.core.forms import parse_form
from crm_app.db import refresh_statistics
from tests import databases


def add_company(session, user, name, **extra):
    contact = service.create_contact(
        session,
        parse_form(ContactForm, {"name": name, "is_company": True, **extra}),
        created_by_id=user.id,
    )
    session.commit()
    return contact


def names(page) -> list[str]:
    return [c.display_name for c in page.rows]


@pytest.fixture
def bretons(session, office_user):
    """Twelve main contacts and two addresses; names cluster as in real lists."""
    made = {}
    for index, (name, city, zip_code) in enumerate(
        [
            ("Ferme Kerouédan", "Quimper", "29000"),
            ("Ferme Le Goff", "Brest", "29200"),
            ("Ferme Tanguy", "Rennes", "35000"),
            ("Hôtel de l'Océan", "Saint-Malo", "35400"),
            ("Hôtel Bellevue", "Rennes", "35000"),
            ("Boulangerie Jaouen", "Lorient", "56100"),
            ("Garage Rennais", "Cesson-Sévigné", "35510"),
            ("Alain Tanguy", "Vannes", "56000"),
            ("Zoé Le Bihan", "Rennes", "35200"),
            ("Château de Kerampuil", "Carhaix", "29270"),
            ("Élodie Bréhat", "Paimpol", "22500"),
            ("Ramonage Armor", "Saint-Brieuc", "22000"),
        ]
    ):
        made[name] = add_company(
            session,
            office_user,
            name,
            city=city,
            zip=zip_code,
            email=f"contact{index}@exemple.fr",
            phone=f"02 99 00 00 {index:02d}",
        )
    for name in ("Atelier", "Résidence secondaire"):
        service.create_sub_contact(
            session,
            made["Ferme Tanguy"].id,
            parse_form(
                SubContactForm,
                {"address_type": "other", "name": name, "city": "Rennes", "zip": "35000"},
            ),
            created_by_id=office_user.id,
        )
    session.commit()
    return made


def expected(session, predicate) -> list[str]:
    """What the list must show: every active match, in list order."""
    rows = session.exec(select(Contact).where(Contact.active == True)).all()  # noqa: E712
    return [c.display_name for c in sorted(rows, key=lambda c: c.list_sort_key) if predicate(c)]


@pytest.mark.parametrize(
    ("count_window", "walk_budget", "walk_first_entries", "full_pass_cap", "walk_fails"),
    [
        (1000, 2000, 0, 0, False),
        (2, 2000, 0, 0, False),
        (2, 2000, math.inf, 0, False),
        (2, 0, 0, 0, False),
        (2, 2000, 0, 0, True),
        (2, 2000, 0, 6000, False),
    ],
    ids=[
        "few-matches-sorted",
        "many-met-walking-the-list",
        "estimated-many-walking-the-list",
        "clustered-matches-sorted",
        "walk-falls-short-then-sorted",
        "all-matches-read-in-one-pass",
    ],
)
def test_every_strategy_finds_the_same_rows_in_list_order(
    session,
    bretons,
    monkeypatch,
    count_window,
    walk_budget,
    walk_first_entries,
    full_pass_cap,
    walk_fails,
):
    """Whatever plan the search picks (by match count: COUNT_WINDOW, WALK_BUDGET
    for the walk along the list, PostgreSQL's estimate against
    WALK_FIRST_ENTRIES and ONE_PASS_ESTIMATE with FULL_PASS_CAP), the page is
    the same."""
    monkeypatch.setattr(paging, "COUNT_WINDOW", count_window)
    monkeypatch.setattr(search_index, "WALK_BUDGET", walk_budget)
    monkeypatch.setattr(search_index, "WALK_FIRST_ENTRIES", walk_first_entries)
    monkeypatch.setattr(search_postgresql, "FULL_PASS_CAP", full_pass_cap)
    if walk_fails:
        monkeypatch.setattr(search_index, "walk_the_list_head", lambda *args: None)

    def every_page(text: str) -> list[str]:
        found, page = [], 1
        while True:
            result = search.search_contacts(session, text, page=page, page_size=2)
            found += names(result)
            if not result.window.has_next:
                return found
            page += 1

    rennes = every_page("rennes")
    assert rennes == expected(session, lambda c: "rennes" in c.search_text)
    # The sub-addresses come right under their main contact.
    at = rennes.index("Ferme Tanguy")
    assert rennes[at : at + 3] == [
        "Ferme Tanguy",
        "Ferme Tanguy, Atelier",
        "Ferme Tanguy, Résidence secondaire",
    ]
    ferme = every_page("FERME")
    assert ferme == expected(session, lambda c: "ferme" in c.search_text)
    assert ferme[0] == "Ferme Kerouédan"


def test_accents_case_and_word_order_do_not_matter(session, bretons):
    assert names(search.search_contacts(session, "KEROUEDAN")) == ["Ferme Kerouédan"]
    assert names(search.search_contacts(session, "chateau")) == ["Château de Kerampuil"]
    assert names(search.search_contacts(session, "brehat élodie")) == ["Élodie Bréhat"]
    # A substring, not only a word start.
    assert names(search.search_contacts(session, "ouédan")) == ["Ferme Kerouédan"]


def test_phone_found_whatever_the_format_typed(session, bretons):
    for typed in ("02 99 00 00 07", "0299000007", "+33 2 99 00 00 07", "02.99.00.00.07"):
        assert names(search.search_contacts(session, typed)) == ["Alain Tanguy"], typed


def test_email_postcode_and_reference(session, bretons, office_user):
    assert names(search.search_contacts(session, "contact11@exemple")) == ["Ramonage Armor"]
    assert names(search.search_contacts(session, "35400")) == ["Hôtel de l'Océan"]
    armor = bretons["Ramonage Armor"]
    armor.internal_reference = "CLI-7781"
    armor.vat = "FR40303265045"
    session.commit()
    assert names(search.search_contacts(session, "cli-778")) == ["Ramonage Armor"]
    assert names(search.search_contacts(session, "303265045")) == ["Ramonage Armor"]


def test_short_terms_only_narrow_longer_ones(session, bretons):
    """ "go" alone is too short for the index; beside "ferme" it narrows."""
    short = search.search_contacts(session, "go")
    assert short.too_short
    assert short.total == 14  # the whole list, which says why
    assert names(search.search_contacts(session, "ferme go")) == ["Ferme Le Goff"]


@pytest.mark.parametrize("text", ["+33", "+33 6", "---", "a.b.c", "l'o"])
def test_terms_without_three_letters_or_digits_in_a_row_only_narrow(session, bretons, text):
    """The trigram index is made of letters and digits: a query without three
    in a row cannot use it (on PostgreSQL it would read the whole table), so
    it is too short, like two letters."""
    found = search.search_contacts(session, text)
    assert found.too_short and found.total == 14


def test_a_phone_prefix_typed_with_plus_is_searched_as_digits(session, bretons):
    """Phones are stored as digits: "+33 2 99 00 00 07" finds the contact,
    and "+33" beside a name narrows like "33"."""
    assert names(search.search_contacts(session, "+33 2 99 00 00 07")) == ["Alain Tanguy"]
    assert names(search.search_contacts(session, "tanguy +33")) == names(
        search.search_contacts(session, "tanguy 33")
    )


def test_index_follows_renames_archiving_and_deletion(session, bretons, office_user):
    goff = bretons["Ferme Le Goff"]
    service.update_contact(
        session,
        goff.id,
        parse_form(ContactPageForm, {"name": "Ferme du Stang"}),
        expected_version=goff.version,
    )
    session.commit()
    assert search.search_contacts(session, "goff").rows == []
    assert names(search.search_contacts(session, "stang")) == ["Ferme du Stang"]
    service.archive_contact(session, goff.id, user_id=office_user.id)
    session.commit()
    assert search.search_contacts(session, "stang").rows == []
    assert names(search.search_contacts(session, "stang", include_archived=True)) == [
        "Ferme du Stang"
    ]
    session.delete(session.get(Contact, goff.id))
    session.commit()
    assert search.search_contacts(session, "stang", include_archived=True).rows == []


def test_pickers_offer_main_contacts_only(session, bretons):
    tanguy = bretons["Ferme Tanguy"]
    found = search.search_main_contacts(session, "tanguy")
    assert [c.display_name for c in found] == ["Alain Tanguy", "Ferme Tanguy"]
    found = search.search_main_contacts(session, "tanguy", exclude_id=tanguy.id)
    assert [c.display_name for c in found] == ["Alain Tanguy"]


@pytest.mark.parametrize("count_window", [1000, 3, 2])
def test_several_words_are_checked_beyond_the_index(
    session, bretons, office_user, monkeypatch, count_window
):
    """Several words are looked for by some of their trigrams on SQLite: a
    contact holding every trigram but not the words ("Tang Nguy" in "Renn
    Nnes" for « tanguy rennes ») is neither shown nor counted, whether the
    count's window holds every candidate, all but one, or fewer than the
    matches."""
    add_company(session, office_user, "Tang Nguy", city="Renn Nnes", zip="35000")
    monkeypatch.setattr(paging, "COUNT_WINDOW", count_window)
    first = search.search_contacts(session, "tanguy rennes", page_size=2)
    second = search.search_contacts(session, "tanguy rennes", page=2, page_size=2)
    tanguy = ["Ferme Tanguy", "Ferme Tanguy, Atelier", "Ferme Tanguy, Résidence secondaire"]
    assert names(first) + names(second) == tanguy
    exact = count_window >= len(tanguy)
    assert (first.total, first.window.exact) == (min(3, count_window), exact)
    assert (second.total, second.window.exact, second.window.has_next) == (3, True, False)


def test_a_short_term_narrows_the_count_too(session, bretons, monkeypatch):
    """« ferme go »: the index finds the farms, the short term keeps one; the
    total must not claim more than the window because the farms are more."""
    monkeypatch.setattr(paging, "COUNT_WINDOW", 1)
    found = search.search_contacts(session, "ferme go", page_size=1)
    assert names(found) == ["Ferme Le Goff"]
    assert (found.total, found.window.exact) == (1, True)


def test_the_plan_estimate_counts_a_sample_of_the_search_texts(
    session, bretons, office_user, monkeypatch
):
    """A small list is sampled whole: the estimate is the count of active
    matches, words together, and how densely they start the list; it is
    taken again after REFRESH_SECONDS."""

    def estimate(text: str) -> int:
        return search_estimate.estimate_search(session, search.searchable_terms(text)).matches

    # In list order: Alain Tanguy, Boulangerie Jaouen, Château de Kerampuil,
    # Élodie Bréhat, then the farms and the addresses of one of them.
    ferme = search_estimate.estimate_search(session, ["ferme"])
    assert (ferme.matches, ferme.head_ranks) == (5, (4, 5, 6, 7, 8))
    assert ferme.entries_to_walk(25) == 9 * 25 / 5  # five of them at least
    assert ferme.entries_to_walk(2) == 9 * 2 / 5
    assert search_estimate.estimate_search(session, ["alain"]).entries_to_walk(25) == 25

    in_rennes = len(expected(session, lambda c: "rennes" in c.search_text))
    assert estimate("Rennes") == in_rennes
    assert estimate("ferme rennes") == 3
    assert estimate("zzz") == 0
    assert search_estimate.estimate_search(session, []).matches == 0
    service.archive_contact(session, bretons["Hôtel Bellevue"].id, user_id=office_user.id)
    session.commit()
    assert estimate("rennes") == in_rennes  # the sample is kept a while
    monkeypatch.setattr(search_estimate, "REFRESH_SECONDS", 0.0)
    assert estimate("rennes") == in_rennes - 1


@pytest.mark.skipif(not databases.on_postgresql(), reason="PostgreSQL's walk indexes")
def test_a_contact_too_long_for_the_walk_index_is_walked_too(session, bretons, monkeypatch):
    """A btree entry holds 2,704 bytes: a longer text goes to the second walk
    index, which the walk merges in list order."""
    farm = bretons["Ferme Le Goff"]
    longer = farm.search_text + " " + "я" * 1500  # two bytes each
    session.execute(sa.update(Contact).where(Contact.id == farm.id).values(search_text=longer))
    session.commit()
    monkeypatch.setattr(paging, "COUNT_WINDOW", 2)
    monkeypatch.setattr(search_index, "WALK_FIRST_ENTRIES", math.inf)
    monkeypatch.setattr(search_index, "WALK_BUDGET", 4)  # the walk ends before the list
    pages = [search.search_contacts(session, "ferme", page=n, page_size=2) for n in (1, 2, 3)]
    assert [name for page in pages for name in names(page)] == expected(
        session, lambda c: "ferme" in c.search_text
    )


def test_capped_count_pages_on_past_the_window(session, bretons, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_WINDOW", 5)
    first = search.search_contacts(session, "", page_size=3)
    assert (first.total, first.window.exact, first.window.has_next) == (5, False, True)
    assert paging.range_label(first.window, 3, "contacts", "") == "1–3 sur plus de 5 contacts"
    # Each page counts a window past its own start; the last page is exact.
    last = search.search_contacts(session, "", page=5, page_size=3)
    assert (last.page, last.total, last.window.exact) == (5, 14, True)
    assert not last.window.has_next
    assert len(last.rows) == 2
    # A page past the end moves back to the last one.
    beyond = search.search_contacts(session, "", page=40, page_size=3)
    assert (beyond.page, names(beyond)) == (5, names(last))


def test_archived_matches_counted_by_the_index_are_not_shown(
    session, bretons, monkeypatch, office_user
):
    """Past the count's window the page is planned from a sample of the
    index's matches, which counts archived contacts too: when the active ones
    cannot fill the page, the list is read and counted for real."""
    monkeypatch.setattr(paging, "COUNT_WINDOW", 1)
    monkeypatch.setattr(search_sqlite, "SAMPLE_SIZE", 1)
    for name in ("Ferme Kerouédan", "Ferme Le Goff"):
        service.archive_contact(session, bretons[name].id, user_id=office_user.id)
    session.commit()
    second = search.search_contacts(session, "ferme", page=2, page_size=2)
    assert names(second) == ["Ferme Tanguy, Résidence secondaire"]
    assert (second.page, second.total, second.window.exact) == (2, 3, True)
    first = search.search_contacts(session, "ferme", page=1, page_size=2)
    assert names(first) == ["Ferme Tanguy", "Ferme Tanguy, Atelier"]
    assert first.window.has_next


def test_a_search_page_past_the_end_moves_back_to_the_last(session, bretons, monkeypatch):
    """The list shrank while the user looked at page 9 of a search."""
    last = search.search_contacts(session, "rennes", page=9, page_size=2)
    everything = expected(session, lambda c: "rennes" in c.search_text)
    assert last.window.exact and last.total == len(everything)
    assert last.page == -(-len(everything) // 2)
    assert names(last) == everything[(last.page - 1) * 2 :]


def test_range_label_in_french(session):
    window = paging.PageWindow(page=2, page_size=25, total=1234, exact=True)
    assert paging.range_label(window, 25, "contacts", "Aucun") == "26–50 sur 1\u202f234 contacts"
    empty = paging.PageWindow(page=1, page_size=25, total=0, exact=True)
    assert paging.range_label(empty, 0, "contacts", "Aucun contact") == "Aucun contact"


def test_control_characters_and_quotes_are_only_text(session, bretons):
    """A NUL (refused by PostgreSQL), quotes and FTS syntax search as text."""
    assert names(search.search_contacts(session, "kerou\x00édan")) == ["Ferme Kerouédan"]
    assert names(search.search_contacts(session, "l'océan")) == ["Hôtel de l'Océan"]
    for hostile in ('"ferme" OR "hotel"', "ferme' OR 1=1 --", "NEAR(ferme hotel)"):
        assert search.search_contacts(session, hostile).rows == [], hostile
    assert search.search_contacts(session, "*:*").too_short


def test_maintenance_keeps_the_index_in_step(session, bretons, office_user):
    """``manage maintenance`` merges the index (SQLite) or flushes its pending
    list (PostgreSQL): the search finds the same rows, and later writes too."""
    before = names(search.search_contacts(session, "ferme"))
    refresh_statistics(session)
    session.commit()
    assert names(search.search_contacts(session, "ferme")) == before
    add_company(session, office_user, "Ferme Quéré", city="Morlaix")
    session.commit()
    assert "Ferme Quéré" in names(search.search_contacts(session, "FERME quere"))
