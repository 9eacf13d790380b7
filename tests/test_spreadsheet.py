"""CSV injection: only text that could run as a formula is escaped."""

from decimal import Decimal

import pytest

from crm_app.core.spreadsheet import escape_cell, escape_row


@pytest.mark.parametrize(
    "payload",
    [
        "=HYPERLINK(\"http://x\",\"clic\")",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_payloads_become_inert_text(payload):
    assert escape_cell(payload) == "'" + payload


def test_numbers_stay_numbers():
    assert escape_cell(-3.5) == -3.5
    assert escape_cell(48) == 48
    assert escape_cell(Decimal("-1.25")) == Decimal("-1.25")
    # Coordinates stored as text keep their sign too: a bare number holds no formula.
    assert escape_cell("-1.6742") == "-1.6742"
    assert escape_cell("-12,50") == "-12,50"


def test_phone_numbers_in_e164_are_text_not_numbers():
    # Left bare, a spreadsheet reads +33299887766 as the number 33299887766.
    assert escape_cell("+33299887766") == "'+33299887766"


def test_plain_text_booleans_and_empty_values():
    assert escape_cell("Quimperlé") == "Quimperlé"
    assert escape_cell("a=b") == "a=b"
    assert escape_cell(None) == ""
    assert escape_cell(True) == "oui" and escape_cell(False) == "non"
    assert escape_row(["=1", 2, None]) == ["'=1", 2, ""]
