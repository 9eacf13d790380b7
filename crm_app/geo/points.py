"""What the maps show: the points of a contact's Localisation tab and of the
Carte page (contacts by role, a day's interventions). Plain functions taking
a Session; the states only draw what they return."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import exists, func, or_
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from crm_app.contacts.models import ADDRESS_TYPE_LABELS, AddressType, Contact
from crm_app.contacts.presenters import ROLE_LABELS, one_line_address, role_key
from crm_app.core.clock import LOCAL_ZONE
from crm_app.core.formatting import phone_label, time_label
from crm_app.equipment.planning import DueFilters, due_map_points
from crm_app.geo import maps
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    Intervention,
    InterventionState,
    InterventionTechnician,
)
from crm_app.interventions.service import readable_by
from crm_app.users.models import Actor, User

MAX_FIELD_POINTS = 20_000
ROLE_FILTERS = {
    "all": "Tous les contacts",
    "prospect": "Prospects",
    "client": "Clients",
    "supplier": "Fournisseurs",
}
ROLE_COLORS = {"prospect": "#ffc53d", "client": "#30a46c", "supplier": "#3e63dd"}
INTERVENTION_COLOR = "#e54666"
MAINTENANCE_COLOR = "#f76b15"


def place_label(contact: Contact) -> str:
    """What a place is for its contact: the main address or the address's type."""
    if contact.parent_id is None:
        return "Adresse principale"
    return ADDRESS_TYPE_LABELS[AddressType(contact.address_type)]


def map_point(contact: Contact, subtitle: str, color: str) -> maps.MapPoint:
    """A located contact as a map point: name, address and phone as text."""
    assert contact.latitude is not None and contact.longitude is not None
    return maps.MapPoint(
        latitude=contact.latitude,
        longitude=contact.longitude,
        title=contact.display_name,
        subtitle=subtitle,
        detail=" · ".join(
            p
            for p in (one_line_address(contact), phone_label(contact.phone or contact.mobile))
            if p
        ),
        color=color,
    )


def place_points(places: list[Contact]) -> list[maps.MapPoint]:
    """The located places of a contact's Localisation tab, coloured by type."""
    return [
        map_point(c, place_label(c), maps.ADDRESS_COLORS[c.address_type if c.parent_id else "main"])
        for c in places
        if c.latitude is not None and c.longitude is not None
    ]


def contact_points(
    session: Session,
    role: str,
    *,
    postcode_filter: Callable[[Any], ColumnElement[bool]] | None = None,
    color_of_postcode: Callable[[str], str] | None = None,
) -> list[maps.MapPoint]:
    """Active located contacts and addresses, filtered by their holder's role
    (and, given ``postcode_filter``, by their postcode: a sector); coloured by
    role, or by ``color_of_postcode`` (a sector's colour) when given."""
    # A sub-address's role is its main contact's (the "holder").
    holder = aliased(Contact)
    query = (
        select(Contact, holder)
        .join(holder, col(holder.id) == func.coalesce(Contact.parent_id, Contact.id))
        .where(
            col(Contact.active).is_(True),
            col(Contact.latitude).is_not(None),
            col(Contact.longitude).is_not(None),
            # Sub-contacts sharing their main contact's address add nothing to the map.
            or_(
                col(Contact.parent_id).is_(None),
                col(Contact.address_type) != AddressType.CONTACT.value,
            ),
        )
    )
    if postcode_filter is not None:
        query = query.where(postcode_filter(col(Contact.zip)))
    if role == "supplier":
        query = query.where(col(holder.is_supplier).is_(True))
    elif role in ("prospect", "client"):
        query = query.where(col(holder.is_customer).is_(True), col(holder.customer_status) == role)
    points = []
    for contact, main in session.exec(query.order_by(col(Contact.id)).limit(MAX_FIELD_POINTS)):
        key = "supplier" if main.is_supplier and not main.is_customer else main.customer_status
        label = (
            ROLE_LABELS[role_key(main)]
            if contact.parent_id is None
            else ADDRESS_TYPE_LABELS[AddressType(contact.address_type)]
        )
        color = ROLE_COLORS.get(key, "#8e4ec6")
        if color_of_postcode is not None:
            color = color_of_postcode(contact.zip or "")
        points.append(map_point(contact, label, color))
    return points


def intervention_points(
    session: Session,
    day: date,
    *,
    technician_id: int | None,
    state: str,
    reader: User | Actor,
    postcode_filter: Callable[[Any], ColumnElement[bool]] | None = None,
) -> list[maps.MapPoint]:
    """The located interventions of one day (Paris time) that ``reader`` may
    read (a technician: his own), filtered by technician and state."""
    start = datetime.combine(day, time.min, tzinfo=LOCAL_ZONE)
    query = (
        select(Intervention, Contact)
        .join(Contact, col(Contact.id) == Intervention.address_id)
        .where(
            col(Intervention.start_at) >= start,
            col(Intervention.start_at) < start + timedelta(days=1),
            col(Contact.latitude).is_not(None),
            col(Contact.longitude).is_not(None),
            readable_by(reader),
        )
    )
    if technician_id:
        query = query.where(
            exists().where(
                col(InterventionTechnician.intervention_id) == Intervention.id,
                col(InterventionTechnician.user_id) == technician_id,
            )
        )
    if state:
        query = query.where(col(Intervention.state) == state)
    if postcode_filter is not None:
        query = query.where(postcode_filter(col(Contact.zip)))
    points = []
    for intervention, address in session.exec(query.order_by(col(Intervention.start_at))):
        hour = time_label(intervention.start_at)
        state_label = INTERVENTION_STATE_LABELS[InterventionState(intervention.state)]
        points.append(
            map_point(address, f"{hour} · {intervention.label} · {state_label}", INTERVENTION_COLOR)
        )
    return points


def maintenance_points(session: Session, month: date) -> list[maps.MapPoint]:
    """« Entretiens à planifier » of a month: the addresses with maintenance due."""
    filters = DueFilters(month=month, include_overdue=False)
    return [
        maps.MapPoint(
            latitude=point.latitude,
            longitude=point.longitude,
            title=point.name,
            subtitle=point.label,
            detail=point.address,
            color=MAINTENANCE_COLOR,
        )
        for point in due_map_points(session, filters, limit=MAX_FIELD_POINTS)
    ]
