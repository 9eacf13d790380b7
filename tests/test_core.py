"""The core package: settings, French formatting, shared validators."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crm_app.core import formatting, validators
from crm_app.core.errors import FieldError
from crm_app.core.settings import Settings, configuration_rows, get_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_configuration_table_is_the_settings_table():
    readme_rows = [line for line in README.read_text().splitlines() if line.startswith("| `CRM_")]
    assert readme_rows == configuration_rows()


def test_every_setting_has_a_french_description():
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_settings_read_the_environment_anew(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_PRIVATE_DIR", str(tmp_path))
    monkeypatch.setenv("CRM_COMPANY_NAME", "Ramonage Breton")
    settings = get_settings()
    assert settings.private_dir == tmp_path
    assert settings.company_name == "Ramonage Breton"
    monkeypatch.setenv("CRM_GEOCODER_TIMEOUT", "zéro")
    with pytest.raises(ValueError):
        get_settings()


def test_french_formatting():
    assert formatting.date_label(date(2026, 1, 2)) == "02/01/2026"
    assert formatting.long_date_label(date(2026, 12, 1)) == "1 décembre 2026"
    # Stored in UTC, shown in Paris time (winter: +1 h, summer: +2 h).
    assert formatting.datetime_label(datetime(2023, 12, 28, 15, 30, tzinfo=UTC)) == (
        "28/12/2023 16:30"
    )
    assert formatting.time_label(datetime(2026, 7, 1, 7, 5)) == "09:05"
    assert formatting.local_date_label(datetime(2026, 12, 31, 23, 30)) == "01/01/2027"
    assert re.fullmatch(r"1\s250,50\s€", formatting.amount_label(125050))
    assert re.fullmatch(r"1\s234", formatting.number_label(1234))
    assert formatting.duration_label(90) == "01:30"
    assert formatting.phone_label("+33299123456") == "02 99 12 34 56"
    assert formatting.date_label(None) == formatting.datetime_label(None) == ""


@pytest.mark.parametrize(
    ("validator", "raw", "expected"),
    [
        (validators.email, " Jean@Exemple.FR ", "Jean@exemple.fr"),
        (validators.phone, "02 99 12 34 56", "+33299123456"),
        (validators.zip_code, "35 000", "35000"),
        (validators.country, "be", "BE"),
        (validators.country, "Belgique", "BE"),
        (validators.country, "cote d'ivoire", "CI"),
        (validators.company_registry, "732 829 320", "732829320"),
        (validators.vat_number, "BE 0477.472.701", "BE0477472701"),
        (validators.record_id, "12", 12),
        (validators.record_id, "0", None),
        (validators.website, "www.exemple.fr", "https://www.exemple.fr"),
        (validators.parse_amount, "1 234,5 €", 123450),
        (validators.parse_duration, "1h30", 90),
        (validators.clean_text, "  a\x00b  ", "ab"),
    ],
)
def test_validators_clean(validator, raw, expected):
    assert validator(raw) == expected


@pytest.mark.parametrize(
    ("validator", "raw", "message"),
    [
        (validators.email, "jean@", "Adresse courriel invalide"),
        (validators.phone, "02 99", "n'existe pas"),
        (validators.zip_code, "3500", "5 chiffres"),
        (validators.country, "Syldavie", "Pays inconnu"),
        (validators.country, "ZZ", "Pays inconnu"),
        (validators.company_registry, "732829321", "clé de contrôle"),
        (validators.vat_number, "US123", "Union européenne"),
        (validators.record_id, "abc", "Choix inconnu"),
        (validators.website, "pas un site", "Adresse de site invalide"),
        (validators.website, "javascript:alert(1)", "Adresse de site invalide"),
        (validators.parse_amount, "-3", "négatif"),
        (validators.required_name, "   ", "obligatoire"),
    ],
)
def test_validators_refuse_in_french(validator, raw, message):
    with pytest.raises(FieldError, match=message):
        validator(raw)


def test_french_phone_fast_path_matches_phonenumbers():
    import random

    import phonenumbers

    rng = random.Random(7)
    for first in "123456789":
        for _ in range(200):
            e164 = "+33" + first + "".join(rng.choice("0123456789") for _ in range(8))
            number = phonenumbers.parse(e164, None)
            if not phonenumbers.is_valid_number(number):
                continue  # never stored: the validator refuses it
            expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            assert formatting.phone_label(e164) == expected


def test_new_row_is_the_constructor_s_row(session):
    """core.schema.new_row (an import builds 100,000 contacts) gives what the
    model's constructor gives, and the session writes it as usual."""
    from sqlmodel import select

    from crm_app.contacts.models import Contact
    from crm_app.core.schema import new_row

    built = Contact(name="Ferme de Kerlann", city="Brest", created_by_id=None)
    fast = new_row(Contact, name="Ferme de Kerlann", city="Brest", created_by_id=None)
    stamps = {"created_at", "updated_at"}
    assert fast.model_dump(exclude=stamps) == built.model_dump(exclude=stamps)
    assert isinstance(fast.created_at, datetime) and fast.created_at.tzinfo is not None
    fast.email = "contact@kerlann.fr"  # set as any attribute is
    session.add(fast)
    session.commit()
    stored = session.exec(select(Contact).where(Contact.name == "Ferme de Kerlann")).one()
    assert (stored.city, stored.email, stored.active, stored.version) == (
        "Brest", "contact@kerlann.fr", True, 1
    )  # fmt: skip
