"""Every search box and picker waits once, 100 ms after the last keystroke:
the input's own debounce, never a second one on the event."""

from __future__ import annotations

import pytest
import reflex as rx

from crm_app.contacts.list_views import contact_list_page
from crm_app.contacts.page_views import contact_page
from crm_app.core.ui.search_box import SEARCH_DEBOUNCE_MS
from crm_app.interventions.views import intervention_form_page, intervention_list_page
from crm_app.reference.views import reference_page
from crm_app.users.admin_views import users_page


def components_with_id(component: rx.Component) -> dict[str, rx.Component]:
    found: dict[str, rx.Component] = {}
    stack = [component]
    while stack:
        current = stack.pop()
        element_id = getattr(current, "id", None)
        if isinstance(element_id, str):
            found[element_id] = current
        stack.extend(getattr(current, "children", []))
        # rx.cond / rx.match keep their branches outside ``children``.
        for attribute in ("comp1", "comp2", "match_cases", "default"):
            branch = getattr(current, attribute, None)
            if isinstance(branch, rx.Component):
                stack.append(branch)
    return found


@pytest.mark.parametrize(
    ("page", "box_id"),
    [
        (contact_list_page, "contact-search"),
        (intervention_list_page, "doc-search"),
        (users_page, "user-search"),
        (reference_page, "reference-search"),
        (intervention_form_page, "doc-customer"),
    ],
)
def test_one_short_debounce_per_search_box(page, box_id):
    box = components_with_id(page()).get(box_id)
    assert box is not None, f"#{box_id} not found"
    assert str(box.debounce_timeout) == str(SEARCH_DEBOUNCE_MS)
    rendered = str(box.render())
    # No second wait on the event itself (an event debounce renders as « debounce »).
    assert "debounce" not in rendered.replace("debounceTimeout", "")


def test_the_contact_pickers_use_the_same_box():
    found = components_with_id(contact_page())
    pickers = [
        c for key, c in found.items()
        if key.startswith("picker-") and not key.startswith("picker-results-")
    ]
    assert pickers, "the contact page has user pickers"
    for picker in pickers:
        assert str(picker.debounce_timeout) == str(SEARCH_DEBOUNCE_MS)
