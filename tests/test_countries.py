"""Countries: French names from babel, France first, ISO codes stored."""

from crm_app.core.countries import country_code_of, country_name, country_names


def test_the_list_is_iso_countries_in_french_france_first():
    names = country_names()
    assert list(names)[0] == "FR" and names["FR"] == "France"
    assert names["BE"] == "Belgique" and names["DE"] == "Allemagne"
    assert all(len(code) == 2 and code.isalpha() for code in names)
    for not_a_country in ("EU", "UN", "ZZ", "QO", "001"):
        assert not_a_country not in names
    rest = [names[c] for c in list(names)[1:]]
    order = [rest.index(name) for name in ("Afrique du Sud", "Belgique", "Égypte", "Suisse")]
    assert order == sorted(order)  # « Égypte » among the E, not after Z
    assert 240 <= len(names) <= 250


def test_a_country_is_found_by_its_code_or_its_french_name():
    assert country_code_of("be") == "BE"
    assert country_code_of("  BELGIQUE ") == "BE"
    assert country_code_of("Côte d’Ivoire") == "CI"
    assert country_code_of("Syldavie") is None
    assert country_code_of("ZZ") is None


def test_a_stored_code_is_shown_by_its_name_an_unknown_one_as_it_is():
    assert country_name("GB") == "Royaume-Uni"
    assert country_name("be") == "Belgique"
    assert country_name("QQ") == "QQ"
    assert country_name(None) == ""
