"""The contact page as a registry of tabs.

Each tab, of any domain, registers here what it shows (label, content) and,
when it has data of its own, the substates of ``ContactPageState`` that fill
it. The page's one ``load`` event fills every registered tab in one database
session; a save refreshes the tabs that asked for it. The contact domain thus
never imports another domain's state, and a new tab is one module plus one
registration line (see ``crm_app/contact_tabs.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from crm_app.contacts.models import Contact


@dataclass(frozen=True)
class LoadedContact:
    """What the page loaded, handed to every tab's fill hook."""

    contact: Contact
    parent: Contact | None
    # The main contact's active addresses (None when the page shows an address).
    sub_contacts: list[Contact] | None

    @property
    def main_contact_id(self) -> int:
        return self.contact.parent_id or self.contact.id or 0


@dataclass(frozen=True)
class TabFill:
    """How a tab fills its vars for a freshly loaded page: a substate of
    ContactPageState and a plain function (Reflex would turn a public method
    of a state into an event the browser may call) which may return a
    follow-up event, e.g. background geocoding."""

    state: type
    fill: Callable[[Any, Session, LoadedContact], Any]


@dataclass(frozen=True)
class ContactTab:
    key: str  # also the tab's DOM id suffix: tab-<key>
    label: str  # French, as the seed names it
    content: Callable[[], Any]  # the tab's component
    fills: Sequence[TabFill] = field(default_factory=tuple)
    refresh_after_save: Sequence[Any] = field(default_factory=tuple)  # event handlers


_TABS: dict[str, ContactTab] = {}
# Buttons of other domains in the page's header (e.g. the RGPD menu).
_HEADER_ACTIONS: dict[str, Callable[[], Any]] = {}


def register_contact_tab(tab: ContactTab) -> None:
    """Add a tab after those already registered (registering a key again
    replaces it in place: a module reloaded under the dev server)."""
    _TABS[tab.key] = tab


def contact_tabs() -> list[ContactTab]:
    return list(_TABS.values())


def tab_fills() -> list[TabFill]:
    return [fill for tab in _TABS.values() for fill in tab.fills]


def refresh_after_save() -> list[Any]:
    """The events that bring the tabs up to date after the contact was saved."""
    return [event for tab in _TABS.values() for event in tab.refresh_after_save]


def register_header_action(key: str, content: Callable[[], Any]) -> None:
    """A component shown in the header's action bar, after the page's own."""
    _HEADER_ACTIONS[key] = content


def header_actions() -> list[Callable[[], Any]]:
    return list(_HEADER_ACTIONS.values())
