"""Cells written to files a spreadsheet opens (CSV, and later XLSX exports).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return may run as a formula when the file is opened in Excel or LibreOffice
(CSV injection). Such text is prefixed with an apostrophe, which both show as
text. Numbers stay numbers: a longitude of -3.5 is written as -3.5.
"""

from __future__ import annotations

import re
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Text that is only a negative decimal number (« -3.5 ») cannot carry
# a formula: it stays as it is, so coordinates stored as text keep their sign.
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def escape_cell(value: object) -> object:
    """The value to write in a spreadsheet cell: numbers untouched, text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def escape_row(values: list[object] | tuple[object, ...]) -> list[object]:
    return [escape_cell(value) for value in values]
