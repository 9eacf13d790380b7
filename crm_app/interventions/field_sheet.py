"""What the field report page shows of an intervention (read side of
``fieldwork``): the customer, the warning, what may be done next, what was
already reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from crm_app.contacts.models import Contact
from crm_app.contacts.presenters import one_line_address
from crm_app.core import formatting
from crm_app.documents.rules import DocumentKind, customer_notes_for, customer_warning
from crm_app.interventions import attachments
from crm_app.interventions.fieldwork import (
    FINISHED,
    STARTABLE,
    PhotoLine,
    own_intervention,
    photos_of,
)
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    InterventionState,
)
from crm_app.interventions.service import technician_names
from crm_app.reference.models import TaskType
from crm_app.users.models import Actor, User


@dataclass
class FieldSheet:
    id: int
    state: str
    state_label: str
    when: str
    task: str
    maintenance: bool
    technicians: str
    customer: str
    address: str
    phone: str
    phone_label: str
    warning: str
    notes: str
    description: str
    can_start: bool
    can_finish: bool
    finished: bool
    cancelled: bool
    started_label: str
    ended_label: str
    time_spent_label: str
    report_text: str
    signer_name: str
    signed_label: str
    signature_image: str  # data URL of the kept signature, "" when none
    photos: list[PhotoLine] = field(default_factory=list)


def field_sheet(session: Session, intervention_id: int, actor: User | Actor) -> FieldSheet:
    """FieldworkRefused when it is not the actor's intervention."""
    intervention = own_intervention(session, actor, intervention_id)
    customer = session.get(Contact, intervention.customer_id)
    address = session.get(Contact, intervention.address_id) or customer
    task = session.get(TaskType, intervention.task_type_id) if intervention.task_type_id else None
    warning = customer_warning(session, intervention.customer_id, DocumentKind.INTERVENTION)
    phone = ""
    for holder in (address, customer):
        if holder is not None and (holder.mobile or holder.phone):
            phone = holder.mobile or holder.phone or ""
            break
    state = intervention.state
    signed = ""
    if intervention.signed_at:
        who = intervention.signer_name or "le client"
        signed = f"Signé par {who} le {formatting.datetime_label(intervention.signed_at)}"
    return FieldSheet(
        id=intervention.saved_id,
        state=state,
        state_label=INTERVENTION_STATE_LABELS[InterventionState(state)],
        when=formatting.datetime_label(intervention.start_at)
        + f" · {formatting.duration_label(intervention.duration_minutes)}",
        task=task.name if task else "",
        maintenance=bool(task and task.maintenance),
        technicians=", ".join(
            technician_names(session, [intervention.saved_id])[intervention.saved_id]
        ),
        customer=customer.display_name if customer else "",
        address=one_line_address(address) if address else "",
        phone=phone,
        phone_label=formatting.phone_label(phone) if phone else "",
        warning=warning.message if warning else "",
        notes=customer_notes_for(session, customer) if customer else "",
        description=intervention.description or "",
        can_start=state in STARTABLE,
        can_finish=state in STARTABLE | {InterventionState.IN_PROGRESS.value},
        finished=state in FINISHED,
        cancelled=state == InterventionState.CANCELLED.value,
        started_label=formatting.datetime_label(intervention.started_at),
        ended_label=formatting.datetime_label(intervention.ended_at),
        time_spent_label=formatting.duration_label(intervention.time_spent_minutes)
        if intervention.time_spent_minutes
        else "",
        report_text=intervention.report_text or "",
        signer_name=intervention.signer_name or "",
        signed_label=signed,
        signature_image=attachments.signature_data_url(intervention.signature_key),
        photos=photos_of(session, intervention.saved_id),
    )
