"""Badge colours chosen by a state var."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import reflex as rx
from reflex_components_radix.themes.base import LiteralAccentColor

__all__ = ["LiteralAccentColor", "color_match"]


def color_match(
    value: rx.Var | str,
    cases: Iterable[tuple[str, LiteralAccentColor]],
    default: LiteralAccentColor,
) -> rx.Var[LiteralAccentColor]:
    """The colour of ``value``'s case, else ``default`` (an ``rx.match``).
    ``value`` is a Var; a foreach row's field is typed as its Python value."""
    # rx.match is typed Component | Var; with only colour names it builds a Var.
    return cast("rx.Var[LiteralAccentColor]", rx.match(value, *cases, default))
