"""Text as the searches compare it."""

from __future__ import annotations

import re
import unicodedata

_NOT_A_WORD_CHAR = re.compile(r"[^0-9a-z]+")


def normalize(text: str | None) -> str:
    """Lower case, accents removed, spaces collapsed: the form searches compare."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def plain_words(text: str | None) -> list[str]:
    """The words of ``text`` once normalised, punctuation dropped (« Tél. »,
    « 3, rue de l'Église » → tel ; 3 rue de l eglise)."""
    return _NOT_A_WORD_CHAR.sub(" ", normalize(text)).split()
