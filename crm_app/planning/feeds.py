"""Private calendar feeds (ICS): each technician may subscribe from his
phone's calendar to his interventions, from a month back to three months
ahead. The URL holds a secret token (``users.service.issue_calendar_token``:
only its hash is stored, a new link or « Révoquer » ends the former one).

The feed carries no more than the technician already sees of his own
interventions (« Ma journée »): customer name, address, phones, task,
warning message."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event, vGeo
from sqlmodel import Session, col, select

from crm_app.contacts.models import Contact
from crm_app.contacts.presenters import one_line_address
from crm_app.core import formatting
from crm_app.core.clock import as_utc, utcnow
from crm_app.documents.rules import DocumentKind, customer_warning
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    Intervention,
    InterventionState,
    InterventionTechnician,
)
from crm_app.reference.models import TaskType
from crm_app.users.models import User

PAST_DAYS = 31
FUTURE_DAYS = 92
PRODUCT_ID = "-//CRM Terrain//Planning//FR"


def _description(session: Session, intervention: Intervention, address: Contact | None) -> str:
    lines = []
    task = session.get(TaskType, intervention.task_type_id) if intervention.task_type_id else None
    if task:
        lines.append(task.name)
    lines.append(f"État : {INTERVENTION_STATE_LABELS[InterventionState(intervention.state)]}")
    warning = customer_warning(session, intervention.customer_id, DocumentKind.INTERVENTION)
    if warning:
        lines.append(f"Attention : {warning.message}")
    if address is not None:
        for phone in (address.mobile, address.phone):
            if phone:
                lines.append(f"Tél. {formatting.phone_label(phone)}")
    if intervention.description:
        lines.append(intervention.description)
    return "\n".join(lines)


def feed_ics(session: Session, user: User, *, now: datetime | None = None) -> bytes:
    """The user's interventions as an iCalendar file."""
    now = now or utcnow()
    low, high = now - timedelta(days=PAST_DAYS), now + timedelta(days=FUTURE_DAYS)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Interventions — {user.name}")
    calendar.add("x-wr-timezone", "Europe/Paris")
    rows = session.exec(
        select(Intervention)
        .join(
            InterventionTechnician,
            col(InterventionTechnician.intervention_id) == col(Intervention.id),
        )
        .where(
            InterventionTechnician.user_id == user.id,
            col(Intervention.start_at) >= low,
            col(Intervention.start_at) < high,
        )
        .order_by(col(Intervention.start_at))
    ).all()
    for intervention in rows:
        customer = session.get(Contact, intervention.customer_id)
        address = session.get(Contact, intervention.address_id) or customer
        start = as_utc(intervention.start_at)
        event = Event()
        event.add("uid", f"intervention-{intervention.id}@crm-terrain")
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=intervention.duration_minutes))
        event.add("last-modified", as_utc(intervention.updated_at))
        event.add("sequence", intervention.version)
        name = customer.display_name if customer else ""
        event.add(
            "summary", " — ".join(p for p in (name, intervention.label) if p) or "Intervention"
        )
        if address is not None:
            event.add("location", one_line_address(address))
            if address.latitude is not None and address.longitude is not None:
                event.add("geo", vGeo((address.latitude, address.longitude)))
        event.add("description", _description(session, intervention, address))
        cancelled = intervention.state == InterventionState.CANCELLED.value
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
