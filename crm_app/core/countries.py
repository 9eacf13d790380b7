"""Countries by their French names (babel's territory data), stored as
ISO 3166-1 alpha-2 codes. France comes first: almost every customer is there."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

# Two-letter codes babel names that are not ISO 3166-1 countries: groupings,
# reserved and private-use codes, places that are part of another country.
NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB",
                 "XK", "ZZ"}
FIRST = "FR"


def _plain(text: str) -> str:
    """Lower case without accents or extra spaces: « Côte d’Ivoire » ~ « cote d'ivoire »."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@cache
def country_names() -> dict[str, str]:
    """Code → French name, France first, then in French alphabetical order."""
    names = {
        code: name
        for code, name in Locale("fr").territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }
    ordered = sorted((c for c in names if c != FIRST), key=lambda c: _plain(names[c]))
    return {FIRST: names[FIRST], **{code: names[code] for code in ordered}}


@cache
def _codes_by_name() -> dict[str, str]:
    return {_plain(name): code for code, name in country_names().items()}


def country_name(code: str | None) -> str:
    """The French name of a stored code; an unknown old code is shown as it is."""
    if not code:
        return ""
    return country_names().get(code.upper(), code)


def country_code_of(text: str) -> str | None:
    """The code of a country typed as its code (« be ») or its French name
    (« Belgique », « belgique »); None when it is no country."""
    value = text.strip()
    if value.upper() in country_names():
        return value.upper()
    return _codes_by_name().get(_plain(value))
