"""Maintenance visits: the equipment an intervention maintains, what the
technician recorded, and the one rule run when an intervention reaches
« Terminé » (its equipment's maintenance is recorded and the next due date moves)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, col, select

from crm_app.core.clock import to_local
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form
from crm_app.equipment.forms import VisitForm
from crm_app.equipment.models import (
    Equipment,
    InterventionEquipment,
    MaintenanceVisit,
)
from crm_app.equipment.service import refresh_due
from crm_app.interventions import service as interventions
from crm_app.interventions.models import Intervention, InterventionState
from crm_app.reference.models import EquipmentCategory, EquipmentType, TaskType
from crm_app.users.models import Actor, User

VISIT_FIELDS = tuple(VisitForm.model_fields)


class VisitRefused(ValueError):
    """The visit cannot be recorded (French message)."""


def is_maintenance(session: Session, intervention: Intervention) -> bool:
    task = session.get(TaskType, intervention.task_type_id) if intervention.task_type_id else None
    return bool(task and task.maintenance)


def linked_equipment_ids(session: Session, intervention_id: int) -> list[int]:
    return list(
        session.exec(
            select(col(InterventionEquipment.equipment_id))
            .where(InterventionEquipment.intervention_id == intervention_id)
            .order_by(col(InterventionEquipment.equipment_id))
        )
    )


def link_equipment(session: Session, intervention: Intervention, equipment_ids: list[int]) -> None:
    """The intervention maintains exactly these equipment, installed at its address."""
    wanted = sorted(set(equipment_ids))
    found = session.exec(select(Equipment).where(col(Equipment.id).in_(wanted))).all()
    if len(found) != len(wanted) or any(e.address_id != intervention.address_id for e in found):
        raise VisitRefused("Choisissez des équipements installés à l'adresse d'intervention.")
    session.exec(
        delete(InterventionEquipment).where(
            col(InterventionEquipment.intervention_id) == intervention.id
        )
    )
    session.add_all(
        InterventionEquipment(intervention_id=intervention.saved_id, equipment_id=e) for e in wanted
    )
    session.flush()


@interventions.when_done
def record_completed_maintenance(
    session: Session, intervention: Intervention, user_id: int | None
) -> None:
    """The rule run whenever an intervention reaches « Terminé »: for a
    maintenance task, each equipment it maintains gets its visit (an empty
    one when nobody recorded details) and its next due date."""
    if not is_maintenance(session, intervention):
        return
    done_on = to_local(intervention.start_at).date()
    for equipment_id in linked_equipment_ids(session, intervention.saved_id):
        equipment = session.get(Equipment, equipment_id)
        if equipment is None:
            continue
        visit = session.exec(
            select(MaintenanceVisit).where(
                MaintenanceVisit.intervention_id == intervention.id,
                MaintenanceVisit.equipment_id == equipment_id,
            )
        ).first()
        if visit is None:
            session.add(
                MaintenanceVisit(
                    equipment_id=equipment_id,
                    intervention_id=intervention.id,
                    done_on=done_on,
                    technician_id=user_id,
                )
            )
            session.flush()
        refresh_due(session, equipment)
    session.flush()


@dataclass
class VisitTarget:
    """One equipment of the visit as the recording page shows it."""

    equipment_id: int
    title: str
    category: str
    active: bool


def visit_targets(session: Session, intervention: Intervention) -> list[VisitTarget]:
    rows = session.exec(
        select(Equipment, EquipmentType)
        .join(EquipmentType, col(EquipmentType.id) == col(Equipment.type_id))
        .join(
            InterventionEquipment,
            col(InterventionEquipment.equipment_id) == col(Equipment.id),
        )
        .where(InterventionEquipment.intervention_id == intervention.id)
        .order_by(col(Equipment.id))
    ).all()
    return [
        VisitTarget(
            equipment_id=e.id or 0,
            title=" ".join(p for p in (kind.name, e.brand, e.model) if p),
            category=kind.category,
            active=e.active,
        )
        for e, kind in rows
    ]


def complete_visit(
    session: Session,
    intervention_id: int,
    reports: Mapping[int, Mapping[str, object]],
    *,
    reader: User | Actor,
) -> Intervention:
    """Record what was found on each equipment and mark the intervention
    « Terminé ». All the reports are checked first: FormError keyed
    ``"<equipment id>.<field>"`` or VisitRefused, and nothing is written."""
    intervention = session.get(Intervention, intervention_id)
    if intervention is None or not interventions.can_read_intervention(
        session, reader, intervention
    ):
        raise VisitRefused("Cette intervention n'existe pas ou ne vous est pas attribuée.")
    if intervention.state in (InterventionState.CANCELLED.value, InterventionState.DONE.value):
        raise VisitRefused("Cette intervention est déjà terminée ou annulée.")
    targets = {t.equipment_id: t for t in visit_targets(session, intervention)}
    if not targets:
        raise VisitRefused("Aucun équipement n'est lié à cette intervention.")
    errors: dict[str, str] = {}
    forms: dict[int, VisitForm] = {}
    for equipment_id, target in targets.items():
        if not target.active:
            errors[f"{equipment_id}.__all__"] = (
                "Cet équipement est archivé : l'entretien ne peut pas y être enregistré."
            )
            continue
        try:
            form = parse_form(VisitForm, reports.get(equipment_id, {}))
        except FormError as error:
            errors.update({f"{equipment_id}.{k}": v for k, v in error.errors.items()})
            continue
        if target.category != EquipmentCategory.COMBUSTION.value:
            form.co_ppm = None
        if target.category != EquipmentCategory.FLUE.value:
            form.sweep_method = ""
        forms[equipment_id] = form
    if errors:
        raise FormError(errors)
    done_on = to_local(intervention.start_at).date()
    for equipment_id, form in forms.items():
        session.add(
            MaintenanceVisit(
                equipment_id=equipment_id,
                intervention_id=intervention.id,
                done_on=done_on,
                technician_id=reader.id,
                **{field: getattr(form, field) for field in VISIT_FIELDS},
            )
        )
    session.flush()
    return interventions.mark_done(session, intervention.saved_id, user_id=reader.id)


def visit_of(session: Session, intervention_id: int, equipment_id: int) -> MaintenanceVisit | None:
    return session.exec(
        select(MaintenanceVisit).where(
            MaintenanceVisit.intervention_id == intervention_id,
            MaintenanceVisit.equipment_id == equipment_id,
        )
    ).first()


def linked_intervention_ids(session: Session, equipment_id: int) -> list[int]:
    """The interventions that maintain (or maintained) an equipment, newest first."""
    return list(
        session.exec(
            select(col(InterventionEquipment.intervention_id))
            .where(InterventionEquipment.equipment_id == equipment_id)
            .order_by(col(InterventionEquipment.intervention_id).desc())
        )
    )
