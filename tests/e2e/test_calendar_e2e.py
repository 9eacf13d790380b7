"""End to end, in headless Chromium: the office's calendar. An empty slot
in Marc's lane opens a new intervention prefilled with him, the day and the
time; saved, it is dragged to Jean's lane on another day and found there
after a reload; « Trouver un créneau » proposes slots and books one."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, login

pytestmark = pytest.mark.e2e

FIRST_HOUR, LAST_HOUR = 7, 20
CUSTOMER = "Laurent Perrin"


def lane_titles(page) -> list[str]:
    return [
        t.strip()
        for t in page.locator(".rbc-time-header .rbc-row-resource .rbc-header").all_inner_texts()
    ]


def column(page, index: int):
    return page.locator(".rbc-time-content > .rbc-day-slot").nth(index)


def point_in(page, index: int, hour: str, below: float = 2) -> tuple[float, float]:
    """The point ``below`` px under the line of ``hour`` ("10:00", read from
    the time gutter) in column ``index``, in viewport coordinates."""
    target = column(page, index)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    label = page.locator(".rbc-time-gutter .rbc-label", has_text=hour).first.bounding_box()
    assert box is not None and label is not None
    return box["x"] + box["width"] / 2, label["y"] + below


def scroll_to_hour(page, hour: float) -> None:
    page.evaluate(
        """(ratio) => {
            const content = document.querySelector('.rbc-time-content');
            content.scrollTop = content.scrollHeight * ratio - 80;
        }""",
        (hour - FIRST_HOUR) / (LAST_HOUR - FIRST_HOUR),
    )


def test_slot_click_drag_to_another_technician_and_day(page):
    today = date.today()
    login(page)
    page.goto(page.app_url + f"/calendrier?jour={today.isoformat()}")
    expect(page.locator(".rbc-event").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "calendar-week.png"), full_page=True)

    # Day view: one column per technician, then « Non attribuées ».
    page.get_by_role("button", name="Jour", exact=True).click()
    expect(page.locator(".rbc-time-header .rbc-row-resource .rbc-header").first).to_be_visible()
    lanes = lane_titles(page)
    assert lanes[-1] == "Non attribuées" and "Marc Le Gall" in lanes and "Jean Jean" in lanes
    page.screenshot(path=str(ARTIFACTS / "calendar-day.png"), full_page=True)

    # An empty slot at 18:00 in Marc's lane: a new intervention for him, then.
    scroll_to_hour(page, 18)
    x, y = point_in(page, lanes.index("Marc Le Gall"), "18:00", below=4)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/interventions/nouveau\?debut="))
    expect(page.locator("#doc-start_at")).to_have_value(f"{today:%d/%m/%Y} 18:00")
    expect(page.get_by_role("checkbox", name="Marc Le Gall")).to_be_checked()
    page.click("#doc-customer")
    page.keyboard.type(CUSTOMER)
    page.locator(".customer-option").filter(has_text=re.compile("^" + CUSTOMER)).first.click()
    page.click("#doc-task_type_id")
    page.get_by_role("option", name="Dépannage", exact=True).click()
    page.click("#doc-save")
    expect(page).to_have_url(re.compile(r"/interventions/\d+$"))
    intervention_id = page.url.rsplit("/", 1)[-1]

    # Week view: drag it to Jean's lane, on another day of the week, at 10:00.
    page.goto(page.app_url + f"/calendrier?jour={today.isoformat()}")
    page.get_by_role("button", name="Semaine", exact=True).click()  # the view chosen stays
    event = page.locator(f".crm-event-body[data-intervention='{intervention_id}']")
    expect(event).to_have_count(1)
    lanes = [t for t in lane_titles(page)]
    target_day = today + timedelta(days=1) if today.weekday() < 6 else today - timedelta(days=1)
    jean = lanes.index("Jean Jean") * 7 + target_day.weekday()
    scroll_to_hour(page, 17.5)
    event.scroll_into_view_if_needed()
    box = page.locator(".rbc-event", has=event).bounding_box()  # the block, time label included
    assert box is not None
    grab = 6  # px under the event's top: the drop keeps it there
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + grab)
    page.mouse.down()
    scroll_to_hour(page, 10)
    x, y = point_in(page, jean, "10:00", below=grab + 1)
    page.mouse.move(x, y, steps=12)
    page.mouse.up()
    if target_day < today:
        page.click("#confirm-past-move")
    expect(page.get_by_text("Intervention déplacée.")).to_be_visible()

    page.reload()
    moved = page.locator(f".crm-event-body[data-intervention='{intervention_id}']")
    expect(moved).to_have_count(1)
    moved.scroll_into_view_if_needed()
    lane_box = column(page, jean).bounding_box()
    event_box = moved.bounding_box()
    assert lane_box and event_box
    assert (
        lane_box["x"]
        <= event_box["x"] + event_box["width"] / 2
        <= lane_box["x"] + lane_box["width"]
    )
    page.goto(page.app_url + f"/interventions/{intervention_id}")
    expect(page.locator("#doc-start_at")).to_have_value(f"{target_day:%d/%m/%Y} 10:00")
    expect(page.get_by_role("checkbox", name="Jean Jean")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Marc Le Gall")).not_to_be_checked()

    # « Trouver un créneau » from the calendar, then book the first proposal.
    page.goto(page.app_url + f"/calendrier?jour={target_day.isoformat()}")
    page.locator(f".crm-event-body[data-intervention='{intervention_id}']").click()
    expect(page.locator("#selected-title")).to_contain_text(CUSTOMER)
    page.click("#find-slots")
    proposals = page.locator(".slot-proposal")
    proposal = r"^[^,]+, \S+ \d+ \S+ \d\d:\d\d, (\+\d+ km|trajet inconnu)"
    expect(proposals.first).to_contain_text(re.compile(proposal))
    page.screenshot(path=str(ARTIFACTS / "calendar-slots.png"), full_page=True)
    proposals.first.locator(".book-slot").click()
    expect(page.get_by_text(re.compile(r"^Réservé le"))).to_be_visible()
