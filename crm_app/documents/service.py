"""The one save of the four documents (interventions, opportunities, quotes,
invoices): what each kind's service calls with its form model and its own
database rules. Plain functions; the caller commits.

    save_document(session, DocumentKind.INVOICE, Invoice, InvoiceForm, raw, ...)

1. the saved document to edit, if any (DocumentNotFound when it is gone);
2. the customer through the warning rule (BlockedCustomerError stops at once);
3. the typed fields (the form model) and the kind's database checks, their
   errors merged so the user sees every wrong field at once
   (DocumentValidationError);
4. the optimistic version (StaleDocumentError when someone saved meanwhile);
5. the values copied, the kind's own effects (``prepare``), flush, journal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import Session

from crm_app.audit.hooks import act_as
from crm_app.contacts.models import Contact
from crm_app.core.clock import utcnow
from crm_app.core.errors import FieldError, FormError
from crm_app.core.forms import FormModel, parse_form
from crm_app.documents.forms import claim_version, document_to_edit
from crm_app.documents.models import DocumentBase
from crm_app.documents.rules import (
    DocumentKind,
    DocumentValidationError,
    allowed_customer,
)

Document = TypeVar("Document", bound=DocumentBase)
Value = TypeVar("Value")


@dataclass
class DocumentChecks:
    """The database rules of one save (address of this customer, archived
    choices, unique numbers...): their values and their errors, by field."""

    session: Session
    raw: Mapping[str, object]
    customer: Contact | None
    values: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def run(
        self, name: str, parse: Callable[[object], Value], *, store: bool = True
    ) -> Value | None:
        """Parse the typed ``raw[name]``; its value is kept for the document
        (unless ``store`` is False), its French message goes to ``errors``."""
        try:
            value = parse(self.raw.get(name))
        except FieldError as error:
            self.errors[name] = str(error)
            return None
        except FormError as error:  # an error naming its own field(s)
            self.errors.update(error.errors)
            return None
        if store:
            self.values[name] = value
        return value


# The kind's database checks: fill ``checks`` for a new document (None) or the
# one being edited.
Check = Callable[[DocumentChecks, Document | None], None]
# The kind's own effects before the flush: the document with its new values,
# the customer, and the fields as they were before this save (None if new).
Prepare = Callable[[Document, Contact, dict[str, object] | None], None]


def save_document(
    session: Session,
    kind: DocumentKind,
    model: type[Document],
    form_model: type[FormModel],
    raw: Mapping[str, object],
    *,
    document_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
    check: Check[Document] | None = None,
    prepare: Prepare[Document] | None = None,
) -> Document:
    """Create (``document_id`` None) or update a document from what the user
    typed (``raw``, with its ``customer_id``) and return it, flushed and
    journaled. The form model's fields are copied by name; ``check`` adds the
    values and errors that need the database; ``prepare`` the kind's effects
    (numbering, promotion, derived fields)."""
    act_as(session, user_id)  # before any flush: the journal names who saved
    existing = document_to_edit(session, model, document_id)
    errors: dict[str, str] = {}
    customer = allowed_customer(
        session,
        raw,
        kind,
        errors,
        current_customer_id=existing.customer_id if existing is not None else None,
    )
    values: dict[str, object] = {}
    try:
        values.update(parse_form(form_model, raw).model_dump())
    except FormError as error:
        errors.update(error.errors)
    checks = DocumentChecks(session, raw, customer)
    if check is not None:
        check(checks, existing)
    errors.update(checks.errors)
    if errors or customer is None or customer.id is None:
        raise DocumentValidationError(errors or {"customer_id": "Choisissez un client."})
    values.update(checks.values)
    customer_id = customer.id

    before: dict[str, object] | None = None
    if existing is not None:
        before = claim_version(session, existing, expected_version)
        document = existing
    else:
        document = model(customer_id=customer_id, created_by_id=user_id)
    for name, value in values.items():
        setattr(document, name, value)
    document.customer_id = customer_id
    document.updated_at = utcnow()
    if prepare is not None:
        prepare(document, customer, before)
    session.add(document)
    session.flush()  # its journal entry: audit/hooks.py
    return document
