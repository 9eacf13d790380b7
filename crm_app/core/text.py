"""Text as the searches compare it."""

from __future__ import annotations

import unicodedata


def normalize(text: str | None) -> str:
    """Lower case, accents removed, spaces collapsed: the form searches compare."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
