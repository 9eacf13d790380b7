"""Reporting from the field: the technician starts his intervention
(« En cours », start time recorded), finishes it (« Terminé » or « Inachevé »,
end time, time spent, report), adds photos and has the customer sign.

A technician may do this only on an intervention he is assigned to, and
these functions change nothing else of it (the office's form does).
Plain functions; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from crm_app.audit.hooks import act_as
from crm_app.core import formatting
from crm_app.core.clock import as_utc, utcnow
from crm_app.core.errors import FieldError, FormError
from crm_app.core.validators import clean_text, parse_duration
from crm_app.interventions import attachments
from crm_app.interventions.models import (
    Intervention,
    InterventionPhoto,
    InterventionState,
)
from crm_app.interventions.service import can_read_intervention, reached_done
from crm_app.users.models import Actor, User

MAX_PHOTOS = 20
REPORT_MAX_LENGTH = 10000
STARTABLE = {
    InterventionState.DRAFT.value,
    InterventionState.CONFIRMED.value,
    InterventionState.POSTPONED.value,
    InterventionState.UNFINISHED.value,
}
FINISHED = {InterventionState.DONE.value, InterventionState.UNFINISHED.value}


class FieldworkRefused(PermissionError):
    """Not this user's intervention, or not in a state that allows it (French message)."""


def own_intervention(session: Session, actor: User | Actor, intervention_id: int) -> Intervention:
    """The intervention, if ``actor`` may report on it: a technician only on
    his own; the office and admins on any. Otherwise FieldworkRefused."""
    intervention = session.get(Intervention, intervention_id)
    if intervention is None or not can_read_intervention(session, actor, intervention):
        raise FieldworkRefused("Cette intervention ne vous est pas attribuée.")
    return intervention


def _touch(session: Session, intervention: Intervention, actor: User | Actor) -> None:
    act_as(session, actor.id)
    intervention.version += 1
    intervention.updated_at = utcnow()
    session.add(intervention)


def start_intervention(
    session: Session, intervention_id: int, *, actor: User | Actor, now: datetime | None = None
) -> Intervention:
    """« En cours », with the start time (kept if it was already started)."""
    intervention = own_intervention(session, actor, intervention_id)
    if intervention.state == InterventionState.IN_PROGRESS.value:
        return intervention
    if intervention.state not in STARTABLE:
        raise FieldworkRefused(
            "Cette intervention est terminée ou annulée : elle ne peut plus démarrer."
        )
    intervention.state = InterventionState.IN_PROGRESS.value
    intervention.started_at = intervention.started_at or (now or utcnow())
    intervention.ended_at = None
    _touch(session, intervention, actor)
    session.flush()
    return intervention


def finish_intervention(
    session: Session,
    intervention_id: int,
    *,
    actor: User | Actor,
    done: bool,
    report: str,
    time_spent: str = "",
    now: datetime | None = None,
) -> Intervention:
    """« Terminé » (``done``) or « Inachevé »: end time, time spent (typed, or
    from the start time), the report (required). FormError naming the fields."""
    intervention = own_intervention(session, actor, intervention_id)
    if intervention.state not in STARTABLE | {InterventionState.IN_PROGRESS.value}:
        raise FieldworkRefused("Cette intervention est déjà terminée ou annulée.")
    ended = now or utcnow()
    started = as_utc(intervention.started_at) if intervention.started_at else None
    errors: dict[str, str] = {}
    text = (report or "").replace("\r\n", "\n").strip()
    if not text:
        errors["report"] = (
            "Décrivez ce qui a été fait." if done else "Expliquez ce qui reste à faire et pourquoi."
        )
    elif len(text) > REPORT_MAX_LENGTH:
        errors["report"] = f"{REPORT_MAX_LENGTH} caractères au plus."
    minutes: int | None = None
    if clean_text(time_spent):
        try:
            minutes = parse_duration(time_spent)
        except FieldError as error:
            errors["time_spent"] = str(error)
    elif started is not None:
        minutes = max(5, min(24 * 60, round((ended - started).total_seconds() / 60)))
    else:
        errors["time_spent"] = "Indiquez le temps passé (exemple : 01:30)."
    if errors:
        raise FormError(errors)
    intervention.state = (InterventionState.DONE if done else InterventionState.UNFINISHED).value
    intervention.started_at = intervention.started_at or ended
    intervention.ended_at = ended
    intervention.time_spent_minutes = minutes
    intervention.report_text = text
    _touch(session, intervention, actor)
    session.flush()
    if done:
        reached_done(session, intervention, actor.id)
    return intervention


def sign(
    session: Session,
    intervention_id: int,
    *,
    actor: User | Actor,
    data_url: str,
    signer_name: str,
    now: datetime | None = None,
) -> str | None:
    """Keep the customer's signature (drawn on the pad). Returns the former
    signature's key: discard it once the change is committed."""
    intervention = own_intervention(session, actor, intervention_id)
    if intervention.state == InterventionState.CANCELLED.value:
        raise FieldworkRefused("Cette intervention est annulée.")
    name = clean_text(signer_name)
    errors: dict[str, str] = {}
    if len(name) > 120:
        errors["signer_name"] = "120 caractères au plus."
    try:
        attachments.signature_png(data_url)
    except FieldError as error:
        errors["signature"] = str(error)
    if errors:
        raise FormError(errors)
    former = intervention.signature_key
    intervention.signature_key = attachments.store_signature(data_url)
    intervention.signer_name = name or None
    intervention.signed_at = now or utcnow()
    _touch(session, intervention, actor)
    session.flush()
    return former


def add_photo(
    session: Session,
    intervention_id: int,
    *,
    actor: User | Actor,
    file_name: str,
    data: bytes,
) -> InterventionPhoto:
    intervention = own_intervention(session, actor, intervention_id)
    if intervention.state == InterventionState.CANCELLED.value:
        raise FieldworkRefused("Cette intervention est annulée.")
    count = len(
        session.exec(
            select(InterventionPhoto.id).where(InterventionPhoto.intervention_id == intervention_id)
        ).all()
    )
    if count >= MAX_PHOTOS:
        raise FieldError(f"{MAX_PHOTOS} photos au plus par intervention.")
    key, width, height, size = attachments.store_photo(data)
    photo = InterventionPhoto(
        intervention_id=intervention_id,
        file_key=key,
        file_name=(file_name or "photo")[-120:],
        width=width,
        height=height,
        size_bytes=size,
        uploaded_by_id=actor.id,
    )
    session.add(photo)
    session.flush()
    return photo


def remove_photo(session: Session, photo_id: int, *, actor: User | Actor) -> str:
    """Delete a photo's row; returns its file key (discard it once committed)."""
    photo = session.get(InterventionPhoto, photo_id)
    if photo is None:
        raise FieldworkRefused("Cette photo n'existe plus.")
    own_intervention(session, actor, photo.intervention_id)
    key = photo.file_key
    session.delete(photo)
    session.flush()
    return key


@dataclass
class PhotoLine:
    id: int
    file_name: str
    taken: str
    thumbnail: str  # data URL


def photos_of(session: Session, intervention_id: int) -> list[PhotoLine]:
    rows = session.exec(
        select(InterventionPhoto)
        .where(InterventionPhoto.intervention_id == intervention_id)
        .order_by(col(InterventionPhoto.id))
    ).all()
    return [
        PhotoLine(
            id=p.id or 0,
            file_name=p.file_name,
            taken=formatting.datetime_label(p.created_at),
            thumbnail=attachments.thumbnail_data_url(p.file_key),
        )
        for p in rows
    ]


def photo_keys(session: Session, intervention_id: int) -> list[str]:
    return list(
        session.exec(
            select(InterventionPhoto.file_key)
            .where(InterventionPhoto.intervention_id == intervention_id)
            .order_by(col(InterventionPhoto.id))
        )
    )


def report_summary(intervention: Intervention) -> str:
    """The field report as the office form shows it (empty when none)."""
    if not intervention.report_text and not intervention.signed_at:
        return ""
    lines = []
    if intervention.time_spent_minutes:
        lines.append(f"Temps passé : {formatting.duration_label(intervention.time_spent_minutes)}")
    if intervention.report_text:
        lines.append(intervention.report_text)
    if intervention.signed_at:
        who = intervention.signer_name or "le client"
        lines.append(f"Signé par {who} le {formatting.datetime_label(intervention.signed_at)}")
    return "\n".join(lines)


PHOTO_TAG, SIGNATURE_TAG = "photo:", "signature:"


def forget_field_reports(session: Session, intervention_ids: list[int]) -> list[str]:
    """RGPD erasure: the reports, signers, signatures and photos of these
    interventions are removed. Returns their files, tagged, for
    ``discard_field_files`` once the change is committed."""
    if not intervention_ids:
        return []
    files: list[str] = []
    for photo in session.exec(
        select(InterventionPhoto).where(
            col(InterventionPhoto.intervention_id).in_(intervention_ids)
        )
    ):
        files.append(PHOTO_TAG + photo.file_key)
        session.delete(photo)
    for intervention in session.exec(
        select(Intervention).where(col(Intervention.id).in_(intervention_ids))
    ):
        if intervention.signature_key:
            files.append(SIGNATURE_TAG + intervention.signature_key)
        intervention.report_text = intervention.signer_name = intervention.signature_key = None
        intervention.signed_at = None
        session.add(intervention)
    session.flush()
    return files


def is_field_file(tagged: str) -> bool:
    return tagged.startswith((PHOTO_TAG, SIGNATURE_TAG))


def discard_field_file(tagged: str) -> None:
    if tagged.startswith(PHOTO_TAG):
        attachments.discard_photo(tagged.removeprefix(PHOTO_TAG))
    elif tagged.startswith(SIGNATURE_TAG):
        attachments.discard_signature(tagged.removeprefix(SIGNATURE_TAG))
