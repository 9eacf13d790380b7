"""An in-memory index of contacts' keys, to find each incoming contact's best
match quickly (an import checks every row against the whole base and the
rows before it): exact keys in a dictionary, names in blocks of one place
and one name word, compared with rapidfuzz."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from crm_app.duplicates.matching import NAME_THRESHOLD, ContactKeys, Likeness, exact_keys, likeness
from crm_app.duplicates.scan import name_blocks

# Contacts of one block compared per incoming contact at most (the closest
# names kept).
NAME_CANDIDATES = 10


# A key borne by one contact holds its position; by several, their list. (An
# import holds the keys of the whole base: a list per key, most of them of
# one contact, cost 40 MB for 100,000 contacts.)
_Held = int | list[int]


def _hold(held: _Held | None, position: int) -> _Held:
    if held is None:
        return position
    if isinstance(held, int):
        return [held, position]
    held.append(position)
    return held


def _positions_in(held: _Held | None) -> list[int]:
    if held is None:
        return []
    return [held] if isinstance(held, int) else held


# A block with more names than this finds a name through a dictionary.
_LISTED_NAMES = 8


@dataclasses.dataclass(slots=True)
class _Block:
    """The contacts of one block (a place and a name word), by distinct name:
    a name borne by many (« martin » in a town) is compared once."""

    names: list[str]
    members: list[_Held]  # the positions of the contacts bearing each name
    slots: dict[str, int] | None = None  # name → place in names, once many

    def add(self, name: str, position: int) -> None:
        if self.slots is not None:
            slot = self.slots.get(name)
        else:
            slot = self.names.index(name) if name in self.names else None
        if slot is None:
            slot = len(self.names)
            self.names.append(name)
            self.members.append(position)
            if self.slots is not None:
                self.slots[name] = slot
            elif len(self.names) > _LISTED_NAMES:
                self.slots = {n: i for i, n in enumerate(self.names)}
        else:
            self.members[slot] = _hold(self.members[slot], position)


class DuplicateIndex:
    def __init__(self, contacts: Iterable[ContactKeys] = ()) -> None:
        self._contacts: list[ContactKeys] = []
        self._positions: dict[int, int] = {}
        self._exact: dict[str, dict[str, _Held]] = defaultdict(dict)  # kind → value →
        self._blocks: dict[tuple[str, str], _Block] = {}
        for keys in contacts:
            self.add(keys)

    def __len__(self) -> int:
        return len(self._contacts)

    def add(self, keys: ContactKeys) -> None:
        index = len(self._contacts)
        self._contacts.append(keys)
        self._positions[keys.id] = index
        for kind, value in exact_keys(keys):
            by_value = self._exact[kind]
            by_value[value] = _hold(by_value.get(value), index)
        for place_and_word in name_blocks(keys):
            block = self._blocks.get(place_and_word)
            if block is None:
                self._blocks[place_and_word] = _Block([keys.name], [index])
            else:
                block.add(keys.name, index)

    def rename(self, old_id: int, new_id: int) -> None:
        """A contact added under a provisional id got its real one."""
        position = self._positions.pop(old_id)
        self._contacts[position] = dataclasses.replace(
            self._contacts[position], id=new_id, family_id=self._contacts[position].family_id
            if self._contacts[position].family_id != old_id else new_id,
        )  # fmt: skip
        self._positions[new_id] = position

    def best_match(self, keys: ContactKeys) -> tuple[ContactKeys, Likeness] | None:
        """The indexed contact ``keys`` most probably duplicates, with why."""
        candidates: set[int] = set()
        for kind, value in exact_keys(keys):
            held = self._exact[kind].get(value)
            candidates.update(_positions_in(held)[:NAME_CANDIDATES])
        for place_and_word in name_blocks(keys):
            block = self._blocks.get(place_and_word)
            if block is None:
                continue
            close = process.extract(
                keys.name, block.names, scorer=fuzz.ratio, score_cutoff=NAME_THRESHOLD - 5,
                limit=NAME_CANDIDATES,
            )  # fmt: skip
            taken = 0
            for _, _, slot in close:  # closest names first
                members = _positions_in(block.members[slot])[: NAME_CANDIDATES - taken]
                candidates.update(members)
                taken += len(members)
                if taken >= NAME_CANDIDATES:
                    break
        best: tuple[ContactKeys, Likeness] | None = None
        for index in candidates:
            other = self._contacts[index]
            found = likeness(keys, other)
            if found is not None and (best is None or found.score > best[1].score):
                best = (other, found)
        return best
