"""What the technician's visit page shows of an intervention: the customer,
the address, the warning, and one card per equipment maintained (filled in,
or as recorded)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from crm_app.contacts.models import Contact
from crm_app.contacts.presenters import one_line_address
from crm_app.core import formatting
from crm_app.documents.rules import DocumentKind, customer_notes_for, customer_warning
from crm_app.equipment.documents import certificate_title
from crm_app.equipment.service import equipment_choices
from crm_app.equipment.visits import (
    VisitRefused,
    is_maintenance,
    link_equipment,
    visit_of,
    visit_targets,
)
from crm_app.interventions import service as interventions
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    Intervention,
    InterventionState,
)
from crm_app.reference.models import TaskType
from crm_app.users.models import Actor, User


@dataclass
class VisitCard:
    equipment_id: int
    prefix: str  # "<id>." : the card's keys in the error map
    title: str
    category: str
    certificate: str  # « Attestation d'entretien » or « Certificat de ramonage »
    recorded: bool
    active: bool
    checks_done: str = ""
    co_ppm: str = ""
    efficiency: str = ""
    defects: str = ""
    advice: str = ""
    sweep_method: str = ""
    observations: str = ""


@dataclass
class PhoneLink:
    label: str
    href: str


@dataclass
class VisitSheet:
    intervention_id: int
    state: str
    state_label: str
    done: bool
    maintenance: bool
    when: str
    task: str
    customer: str
    address: str
    warning: str
    notes: str
    phones: list[PhoneLink] = field(default_factory=list)
    cards: list[VisitCard] = field(default_factory=list)
    candidates: list[tuple[int, str]] = field(default_factory=list)


def _readable(session: Session, intervention_id: int, reader: User | Actor) -> Intervention:
    intervention = session.get(Intervention, intervention_id)
    if intervention is None or not interventions.can_read_intervention(
        session, reader, intervention
    ):
        raise VisitRefused("Cette intervention n'existe pas ou ne vous est pas attribuée.")
    return intervention


def visit_sheet(session: Session, intervention_id: int, reader: User | Actor) -> VisitSheet:
    intervention = _readable(session, intervention_id, reader)
    customer = session.get(Contact, intervention.customer_id)
    address = session.get(Contact, intervention.address_id)
    task = session.get(TaskType, intervention.task_type_id) if intervention.task_type_id else None
    warning = customer_warning(session, intervention.customer_id, DocumentKind.INTERVENTION)
    phones = []
    for person in (address, customer):
        for number in (person.phone, person.mobile) if person else ():
            if number and number not in [p.href[4:] for p in phones]:
                phones.append(PhoneLink(formatting.phone_label(number), f"tel:{number}"))
    cards = []
    for target in visit_targets(session, intervention):
        visit = visit_of(session, intervention.saved_id, target.equipment_id)
        card = VisitCard(
            equipment_id=target.equipment_id,
            prefix=f"{target.equipment_id}.",
            title=target.title,
            category=target.category,
            certificate=certificate_title(target.category),
            recorded=visit is not None,
            active=target.active,
        )
        if visit is not None:
            card.checks_done, card.efficiency = visit.checks_done, visit.efficiency
            card.defects, card.advice = visit.defects, visit.advice
            card.sweep_method, card.observations = visit.sweep_method, visit.observations
            card.co_ppm = "" if visit.co_ppm is None else formatting.number_label(visit.co_ppm)
        cards.append(card)
    done = intervention.state == InterventionState.DONE.value
    return VisitSheet(
        intervention_id=intervention.saved_id,
        state=intervention.state,
        state_label=INTERVENTION_STATE_LABELS[InterventionState(intervention.state)],
        done=done,
        maintenance=is_maintenance(session, intervention),
        when=formatting.datetime_label(intervention.start_at),
        task=task.name if task else "",
        customer=customer.display_name if customer else "",
        address=one_line_address(address) if address else "",
        warning=warning.message if warning else "",
        notes=customer_notes_for(session, customer) if customer else "",
        phones=phones,
        cards=cards,
        candidates=[] if done or cards else equipment_choices(session, intervention.address_id),
    )


def choose_equipment(
    session: Session, intervention_id: int, equipment_ids: list[int], reader: User | Actor
) -> None:
    """The technician says which equipment of the address he is servicing."""
    intervention = _readable(session, intervention_id, reader)
    if intervention.state in (InterventionState.DONE.value, InterventionState.CANCELLED.value):
        raise VisitRefused("Cette intervention est déjà terminée ou annulée.")
    if not equipment_ids:
        raise VisitRefused("Cochez au moins un équipement.")
    link_equipment(session, intervention, equipment_ids)
