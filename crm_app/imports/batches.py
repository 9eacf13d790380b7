"""One batch of an import's rows written: each row checked against the
duplicates, then created, or the existing contact updated, or skipped; the
new main contacts of the batch inserted together (contacts/bulk.py); each
row's outcome recorded for the report and the undo."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from crm_app.contacts import bulk
from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import SubContactForm
from crm_app.contacts.models import Contact
from crm_app.contacts.service import ContactRuleError
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form
from crm_app.core.schema import table_of
from crm_app.duplicates.index import DuplicateIndex
from crm_app.duplicates.matching import Likeness, keys_of
from crm_app.imports import service
from crm_app.imports.models import ContactImport, DuplicateAction, ImportedRow, RowOutcome
from crm_app.imports.rows import CheckedRow


class _Parents:
    """Main contacts named by a sub-contact row: by internal reference, or by
    exact name when one main contact only bears it."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[str, int | None] = {}

    def resolve(self, text: str) -> int | None:
        key = text.strip().casefold()
        if key not in self.known:
            mains = select(Contact.id).where(
                col(Contact.parent_id).is_(None), col(Contact.active).is_(True)
            )
            by_reference = mains.where(sa.func.lower(Contact.internal_reference) == key)
            found = self.session.exec(by_reference.limit(2)).all()
            if not found:
                found = self.session.exec(
                    mains.where(sa.func.lower(Contact.name) == key).limit(2)
                ).all()
            self.known[key] = found[0] if len(found) == 1 else None
        return self.known[key]


def _errors_text(errors: dict[str, str]) -> str:
    return " ; ".join(f"{field} : {message}" for field, message in errors.items())


def _update(
    session: Session, contact: Contact, row: CheckedRow, action: DuplicateAction, user_id
) -> dict[str, object]:
    """Fill the existing contact from the row; returns the former values."""
    form_class = SubContactForm if contact.parent_id is not None else ContactPageForm
    fields = [f for f in row.values if f in form_class.model_fields and hasattr(contact, f)]
    if action is DuplicateAction.FILL_EMPTY:
        fields = [f for f in fields if getattr(contact, f) in (None, "")]
    changes = {f: row.values[f] for f in fields if getattr(contact, f) != row.values[f]}
    changes.pop("is_company", None)  # a match does not change its kind
    if not changes:
        return {}
    previous = {f: getattr(contact, f) for f in changes}
    form = parse_form(form_class, changes)
    contacts.update_contact(session, contact.saved_id, form, expected_version=None, user_id=user_id)
    return previous


@dataclasses.dataclass(slots=True)
class _RowResult:
    """A row's outcome, written to contact_import_row (ImportedRow) with its
    batch: a plain object, as an ORM one costs 2 s per 100,000 rows."""

    import_id: int
    row_number: int
    outcome: str = ""
    message: str = ""
    contact_id: int | None = None
    previous: str = "{}"  # for an update: the fields' values before it (JSON)

    def as_row(self) -> dict[str, object]:
        return {
            "import_id": self.import_id, "row_number": self.row_number,
            "outcome": self.outcome, "message": self.message,
            "contact_id": self.contact_id, "previous": self.previous,
        }  # fmt: skip


class _Batch:
    """One batch's rows being written. Fast path: new main contacts are built
    row by row and inserted together (contacts/bulk.py) at the end of the
    batch, or before a row that needs them in the base (a sub-contact, an
    update of one of them); until then such a contact has a provisional id,
    minus its row number. Safe path (after a batch failed on a constraint):
    each row written alone under a savepoint, so that one bad row is
    refused alone."""

    def __init__(self, safe: bool, index: DuplicateIndex, user_id: int | None) -> None:
        self.safe = safe
        self.index = index
        self.user_id = user_id
        self.pending: dict[int, tuple[Contact, _RowResult]] = {}
        self.inserted: dict[int, int] = {}  # provisional id → id

    def insert_pending(self, session: Session) -> None:
        if not self.pending:
            return
        built = [contact for contact, _ in self.pending.values()]
        bulk.insert_built_contacts(session, built, created_by_id=self.user_id)
        for provisional, (contact, outcome) in self.pending.items():
            outcome.contact_id = contact.id
            self.inserted[provisional] = contact.id or 0
            self.index.rename(provisional, contact.id or 0)
        self.pending.clear()

    def real_id(self, session: Session, contact_id: int) -> int:
        if contact_id >= 0:
            return contact_id
        self.insert_pending(session)
        return self.inserted[contact_id]


def _write_row(
    session: Session,
    record: ContactImport,
    row: CheckedRow,
    parents: _Parents,
    batch: _Batch,
) -> _RowResult:
    outcome = _RowResult(record.id or 0, row.number)
    if not row.valid:
        outcome.outcome, outcome.message = RowOutcome.INVALID.value, _errors_text(row.errors)
        return outcome
    user_id = batch.user_id
    if row.is_sub:
        batch.insert_pending(session)  # its main contact may be one of them
    parent_id = parents.resolve(row.parent) if row.is_sub else None
    if row.is_sub and parent_id is None:
        outcome.outcome = RowOutcome.INVALID.value
        outcome.message = f"Contact principal introuvable ou ambigu : « {row.parent} »."
        return outcome
    keys = keys_of({**row.values, "id": 0, "parent_id": parent_id})  # itself unknown yet
    match = batch.index.best_match(keys)
    action = DuplicateAction.CREATE
    if match is not None:
        chosen = service.row_actions_of(record).get(row.number, record.duplicate_action)
        action = DuplicateAction(chosen)
    created: Contact | None = None
    built: Contact | None = None
    try:
        if match is not None and action is not DuplicateAction.CREATE:
            other_id = batch.real_id(session, match[0].id)
            if action is DuplicateAction.SKIP:  # nothing written: no savepoint (12 ms each)
                return _on_duplicate(session, outcome, other_id, match[1], row, action, user_id)
            with session.begin_nested():
                return _on_duplicate(session, outcome, other_id, match[1], row, action, user_id)
        assert row.form is not None
        if parent_id is not None:
            assert isinstance(row.form, SubContactForm)
            with _savepoint_if(session, batch.safe):
                created = contacts.create_sub_contact(
                    session, parent_id, row.form, created_by_id=user_id
                )
        elif batch.safe:
            assert isinstance(row.form, ContactPageForm)
            with session.begin_nested():
                created = contacts.create_contact(session, row.form, created_by_id=user_id)
        else:
            assert isinstance(row.form, ContactPageForm)
            built = contacts.build_contact(session, row.form, created_by_id=user_id)
    except FormError as error:
        outcome.outcome, outcome.message = RowOutcome.INVALID.value, _errors_text(error.errors)
        return outcome
    except ContactRuleError as error:
        outcome.outcome, outcome.message = RowOutcome.INVALID.value, str(error)
        return outcome
    except IntegrityError:
        if not batch.safe:
            raise  # the batch starts again, row by row
        outcome.outcome, outcome.message = RowOutcome.INVALID.value, "Valeur déjà prise."
        return outcome
    outcome.outcome = RowOutcome.CREATED.value
    if match is not None:
        outcome.message = f"Créé malgré un doublon probable ({match[1].reason_text})."
    if created is not None:
        contact_id = outcome.contact_id = created.id or 0
    else:
        assert built is not None
        contact_id = -row.number
        batch.pending[contact_id] = (built, outcome)
    batch.index.add(
        dataclasses.replace(keys, id=contact_id, family_id=parent_id or contact_id)
    )
    return outcome


@contextmanager
def _savepoint_if(session: Session, wanted: bool) -> Iterator[None]:
    if wanted:
        with session.begin_nested():
            yield
    else:
        yield


def _on_duplicate(
    session: Session,
    outcome: _RowResult,
    other_id: int,
    found: Likeness,
    row: CheckedRow,
    action: DuplicateAction,
    user_id: int | None,
) -> _RowResult:
    if action is DuplicateAction.SKIP:
        # The name only, without the ORM: loading the contact cost 0.5 ms.
        contact = table_of(Contact)
        name = (
            session.connection()
            .execute(sa.select(contact.c.display_name).where(contact.c.id == other_id))
            .scalar()
        )
        outcome.outcome, outcome.contact_id = RowOutcome.SKIPPED.value, other_id
        outcome.message = f"Doublon probable de « {name or other_id} » ({found.reason_text})."
        return outcome
    existing = session.get(Contact, other_id)
    label = f"« {existing.display_name if existing else other_id} » ({found.reason_text})"
    if existing is None:
        outcome.outcome, outcome.contact_id = RowOutcome.SKIPPED.value, other_id
        outcome.message = f"Doublon probable de {label}."
        return outcome
    previous = _update(session, existing, row, action, user_id)
    outcome.outcome, outcome.contact_id = RowOutcome.UPDATED.value, existing.id
    outcome.previous = json.dumps(previous, ensure_ascii=False, default=str)
    outcome.message = f"Fiche existante {label} : {len(previous)} champ(s) mis à jour."
    return outcome


def write_batch(
    session: Session,
    record: ContactImport,
    rows: list[CheckedRow],
    index: DuplicateIndex,
    user_id: int | None,
    *,
    safe: bool = False,
) -> list[_RowResult]:
    batch, parents = _Batch(safe, index, user_id), _Parents(session)
    written = [_write_row(session, record, row, parents, batch) for row in rows]
    batch.insert_pending(session)
    session.flush()  # what the ORM wrote: sub-contacts, updates
    session.execute(
        sa.insert(table_of(ImportedRow)), [result.as_row() for result in written]
    )
    return written
