"""What selects and pickers show: plain data, no Reflex component."""

from __future__ import annotations

import dataclasses

# Radix selects cannot hold an empty value: "—" stands for none in text selects...
EMPTY_CHOICE = "—"
# ... and "0" for "no choice" in id selects.
NO_CHOICE = "0"


@dataclasses.dataclass
class ChoiceOption:
    """One entry of a select or a picker: the id as text, and what the user reads."""

    value: str
    label: str


def choice_options(pairs: list[tuple[int, str]]) -> list[ChoiceOption]:
    return [ChoiceOption(value=str(value), label=label) for value, label in pairs]
