"""Reminders (« Relances »): the e-mail template and its merge fields, a
month's run (one item per customer with due maintenances), sending at a
limited rate with a result per customer, retrying, and the customers without
e-mail (printed letters, see ``documents.build_letters``)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from crm_app.audit import service as audit
from crm_app.contacts.models import Contact
from crm_app.core import formatting
from crm_app.core.clock import utcnow
from crm_app.core.errors import FormError
from crm_app.core.paging import PageWindow, WindowedPage, page_window
from crm_app.core.settings import Settings, get_settings
from crm_app.equipment.mailer import MailError, SmtpMailer, new_message
from crm_app.equipment.models import (
    REMINDER_STATUS_LABELS,
    Equipment,
    ReminderItem,
    ReminderRun,
    ReminderStatus,
    ReminderTemplate,
)
from crm_app.equipment.planning import month_bounds
from crm_app.reference.models import EquipmentType

MERGE_FIELDS = {
    "civilite": "la civilité (M., Mme…)",
    "nom": "le nom du client",
    "equipements": "les équipements à entretenir",
    "mois": "le mois de l'échéance",
    "telephone_entreprise": "le téléphone de l'entreprise",
    "entreprise": "le nom de l'entreprise",
}
DEFAULT_SUBJECT = "Entretien de votre installation : {mois}"
DEFAULT_BODY = (
    "Bonjour {civilite} {nom},\n\n"
    "L'entretien de votre installation ({equipements}) est à prévoir en {mois}. "
    "Il est obligatoire et garantit sa sécurité et son bon rendement.\n\n"
    "Pour convenir d'un rendez-vous, appelez-nous au {telephone_entreprise} "
    "ou répondez simplement à ce courriel.\n\n"
    "Cordialement,\n{entreprise}"
)
PAGE_SIZE = 25
FIELD = re.compile(r"\{([^{}]*)\}")


# --- The template ------------------------------------------------------------------------


def template_errors(subject: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, text, limit in (("subject", subject, 200), ("body", body, 5000)):
        if not text.strip():
            errors[name] = "Ce champ est obligatoire."
        elif len(text) > limit:
            errors[name] = f"{limit} caractères au plus ({len(text)} saisis)."
        else:
            unknown = [f for f in FIELD.findall(text) if f not in MERGE_FIELDS]
            if unknown:
                errors[name] = f"Champ de fusion inconnu : {{{unknown[0]}}}."
            elif text.count("{") != text.count("}"):
                errors[name] = "Accolade non fermée : écrivez les champs ainsi : {nom}."
    return errors


def render(text: str, values: dict[str, str]) -> str:
    """The text with each {field} replaced (plain text: nothing is run)."""
    return FIELD.sub(lambda match: values.get(match.group(1), ""), text)


def current_template(session: Session) -> tuple[str, str]:
    row = session.exec(select(ReminderTemplate).order_by(col(ReminderTemplate.id))).first()
    return (row.subject, row.body) if row else (DEFAULT_SUBJECT, DEFAULT_BODY)


def save_template(session: Session, subject: str, body: str) -> None:
    """FormError naming the field (and the unknown merge field); nothing saved."""
    errors = template_errors(subject, body)
    if errors:
        raise FormError(errors)
    row = session.exec(select(ReminderTemplate).order_by(col(ReminderTemplate.id))).first()
    row = row or ReminderTemplate(subject=subject, body=body)
    row.subject, row.body, row.updated_at = subject.strip(), body.strip(), utcnow()
    session.add(row)
    session.flush()


# --- A month's run -------------------------------------------------------------------------


def prepare_run(session: Session, month: date, *, user_id: int | None) -> ReminderRun:
    """One item per customer whose active equipment is due in ``month`` (its
    e-mail, or a letter when it has none), with the template as it is now."""
    first, last = month_bounds(month)
    subject, body = current_template(session)
    run = ReminderRun(month=first, created_by_id=user_id, subject=subject, body=body)
    session.add(run)
    session.flush()
    rows = session.exec(
        select(Equipment.id, Equipment.main_contact_id)
        .join(Contact, col(Contact.id) == col(Equipment.main_contact_id))
        .where(
            col(Equipment.active).is_(True),
            col(Equipment.next_due_on) >= first,
            col(Equipment.next_due_on) <= last,
            col(Contact.erased_at).is_(None),
            col(Contact.active).is_(True),
        )
        .order_by(col(Equipment.main_contact_id), col(Equipment.id))
    ).all()
    by_contact: dict[int, list[int]] = {}
    for equipment_id, contact_id in rows:
        by_contact.setdefault(contact_id, []).append(equipment_id or 0)
    emails = dict(
        session.exec(
            select(Contact.id, Contact.email).where(col(Contact.id).in_(list(by_contact)))
        ).all()
    )
    session.add_all(
        ReminderItem(
            run_id=run.id or 0,
            contact_id=contact_id,
            equipment_ids=",".join(str(i) for i in ids),
            email=emails.get(contact_id) or "",
            status=(ReminderStatus.PENDING if emails.get(contact_id) else ReminderStatus.NO_EMAIL),
        )
        for contact_id, ids in by_contact.items()
    )
    session.flush()
    return run


def merge_values(session: Session, run: ReminderRun, item: ReminderItem) -> dict[str, str]:
    settings = get_settings()
    contact = session.get(Contact, item.contact_id)
    ids = [int(i) for i in item.equipment_ids.split(",") if i]
    names = session.exec(
        select(EquipmentType.name, Equipment.brand)
        .join(Equipment, col(Equipment.type_id) == col(EquipmentType.id))
        .where(col(Equipment.id).in_(ids))
        .order_by(col(Equipment.id))
    ).all()
    return {
        "civilite": (contact.civility or "") if contact else "",
        "nom": contact.display_name if contact else "",
        "equipements": ", ".join(
            " ".join(p for p in (kind.lower(), brand) if p) for kind, brand in names
        ),
        "mois": formatting.month_label(run.month),
        "telephone_entreprise": settings.company_phone or settings.company_contact,
        "entreprise": settings.company_name,
    }


@dataclass
class RunProgress:
    run_id: int
    month_label: str
    total: int
    sent: int
    failed: int
    pending: int
    letters: int

    @property
    def done(self) -> int:
        return self.sent + self.failed


def run_progress(session: Session, run_id: int) -> RunProgress:
    run = session.get(ReminderRun, run_id)
    if run is None:
        raise LookupError(run_id)
    counts = dict(
        session.exec(
            select(ReminderItem.status, func.count())
            .where(ReminderItem.run_id == run_id)
            .group_by(col(ReminderItem.status))
        ).all()
    )
    return RunProgress(
        run_id=run_id,
        month_label=formatting.month_label(run.month),
        total=sum(counts.values()),
        sent=counts.get(ReminderStatus.SENT.value, 0),
        failed=counts.get(ReminderStatus.FAILED.value, 0),
        pending=counts.get(ReminderStatus.PENDING.value, 0),
        letters=counts.get(ReminderStatus.NO_EMAIL.value, 0),
    )


def retry_failed(session: Session, run_id: int) -> int:
    """The failed items go back to « à envoyer »; how many."""
    result = session.exec(
        update(ReminderItem)
        .where(col(ReminderItem.run_id) == run_id, col(ReminderItem.status) == "failed")
        .values(status=ReminderStatus.PENDING.value, message="")
    )
    session.flush()
    return result.rowcount or 0


SessionFactory = Callable[[], AbstractContextManager[Session]]


def send_pending(
    session_scope: SessionFactory,
    run_id: int,
    *,
    user_id: int | None,
    settings: Settings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RunProgress:
    """Send the run's pending items one by one, each committed with its
    outcome (and its journal entry when sent), at most
    ``CRM_SMTP_PER_MINUTE`` a minute. MailNotConfigured when no server is set."""
    settings = settings or get_settings()
    mailer = SmtpMailer(settings)
    interval = 60.0 / settings.smtp_per_minute
    last_sent = 0.0
    try:
        while True:
            with session_scope() as session:
                item = session.exec(
                    select(ReminderItem)
                    .where(ReminderItem.run_id == run_id, ReminderItem.status == "pending")
                    .order_by(col(ReminderItem.id))
                    .limit(1)
                ).first()
                if item is None:
                    return run_progress(session, run_id)
                run = session.get(ReminderRun, run_id)
                assert run is not None
                values = merge_values(session, run, item)
                wait = last_sent + interval - time.monotonic()
                if wait > 0:
                    sleep(wait)
                message = new_message(
                    settings, item.email, render(run.subject, values), render(run.body, values)
                )
                try:
                    mailer.send(message)
                except MailError as error:
                    item.status, item.message = ReminderStatus.FAILED.value, str(error)[:500]
                else:
                    item.status, item.message = ReminderStatus.SENT.value, ""
                    item.sent_at = utcnow()
                    _journal(session, item, values, user_id)
                last_sent = time.monotonic()
                session.add(item)
                session.commit()
    finally:
        mailer.close()


def _journal(session: Session, item: ReminderItem, values: dict[str, str], user_id) -> None:
    audit.record(
        session,
        user_id=user_id,
        object_type="maintenance_reminder",
        object_id=item.id or 0,
        action="reminder",
        contact_id=item.contact_id,
        changes=[
            ["Envoyée à", None, item.email],
            ["Équipements", None, values["equipements"]],
            ["Échéance", None, values["mois"]],
        ],
    )


# --- The run's list --------------------------------------------------------------------------


@dataclass
class ReminderLine:
    id: int
    contact_id: int
    customer: str
    email: str
    status: str
    status_label: str
    message: str


@dataclass
class ReminderPage(WindowedPage):
    lines: list[ReminderLine]
    window: PageWindow


def run_page(session: Session, run_id: int, *, page: int = 1) -> ReminderPage:
    """The run's customers, failures first, paged in SQL."""
    query = select(ReminderItem.id).where(ReminderItem.run_id == run_id)
    window = page_window(session, query, page, PAGE_SIZE)
    failed_first = col(ReminderItem.status) != ReminderStatus.FAILED.value
    rows = session.exec(
        select(ReminderItem, Contact.display_name)
        .join(Contact, col(Contact.id) == col(ReminderItem.contact_id))
        .where(ReminderItem.run_id == run_id)
        .order_by(failed_first, col(ReminderItem.id))
        .offset(window.offset)
        .limit(PAGE_SIZE)
    ).all()
    lines = [
        ReminderLine(
            id=item.id or 0,
            contact_id=item.contact_id,
            customer=name,
            email=item.email,
            status=item.status,
            status_label=REMINDER_STATUS_LABELS.get(item.status, item.status),
            message=item.message,
        )
        for item, name in rows
    ]
    return ReminderPage(lines, window)


def latest_run_id(session: Session) -> int | None:
    return session.exec(select(func.max(ReminderRun.id))).one()


def letter_items(session: Session, run_id: int) -> list[ReminderItem]:
    return list(
        session.exec(
            select(ReminderItem)
            .where(ReminderItem.run_id == run_id, ReminderItem.status == "no_email")
            .order_by(col(ReminderItem.id))
        )
    )
