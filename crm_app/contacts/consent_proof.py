"""Consent proofs (RGPD): the signed document a contact gave, kept in a private
folder that no public route serves (never under Reflex's /_upload).

Files are named by a random key (core/private_files.py); the original name
is kept on the contact.
"""

from __future__ import annotations

import re

from sqlmodel import Session

from crm_app.audit.hooks import act_as
from crm_app.contacts.models import Contact
from crm_app.core.clock import utcnow
from crm_app.core.errors import FieldError
from crm_app.core.private_files import PrivateFolder

MAX_PROOF_BYTES = 10 * 1024 * 1024
# What a signed form usually is: a PDF, a scan or a photo.
ACCEPTED_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
ACCEPTED_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg")
PROOFS = PrivateFolder("consent-proofs")


def media_type(data: bytes) -> str | None:
    for signature, kind in ACCEPTED_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None


def safe_file_name(name: str) -> str:
    """The name shown and offered on download: no folders, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f\"]", "", base).strip() or "preuve"
    return base[-120:]


def check_proof(file_name: str, data: bytes) -> None:
    if not data:
        raise FieldError("Le fichier est vide.")
    if len(data) > MAX_PROOF_BYTES:
        raise FieldError("Le fichier dépasse 10 Mo.")
    if not file_name.lower().endswith(ACCEPTED_EXTENSIONS) or media_type(data) is None:
        raise FieldError("Seuls les fichiers PDF, PNG ou JPEG sont acceptés comme preuve.")


def store_proof(
    session: Session, contact: Contact, file_name: str, data: bytes, *, user_id: int | None = None
) -> str | None:
    """Keep the document as the contact's consent proof. Returns the former
    file's key: call discard_file with it once the change is committed."""
    if contact.parent_id is not None:
        raise FieldError("La preuve de consentement se dépose sur le contact principal.")
    check_proof(file_name, data)
    key = PROOFS.store(data)
    former = contact.consent_proof_file_key
    contact.consent_proof_file_key = key
    contact.consent_proof_file_name = safe_file_name(file_name)
    # No version bump: the proof is saved on its own, apart from the form.
    contact.updated_at = utcnow()
    act_as(session, user_id)  # the journal records the file's name
    session.add(contact)
    session.flush()
    return former


def read_proof(contact: Contact) -> tuple[str, bytes]:
    """(file name, content) of the contact's proof; FileNotFoundError if none."""
    if not contact.consent_proof_file_key:
        raise FileNotFoundError("no proof")
    return (
        contact.consent_proof_file_name or "preuve",
        PROOFS.read(contact.consent_proof_file_key),
    )


def remove_proof(session: Session, contact: Contact, *, user_id: int | None = None) -> str | None:
    """Detach the proof; returns its key for discard_file after the commit."""
    former = contact.consent_proof_file_key
    contact.consent_proof_file_key = None
    contact.consent_proof_file_name = None
    contact.updated_at = utcnow()
    act_as(session, user_id)  # the journal records the file's name
    session.add(contact)
    session.flush()
    return former


def discard_file(key: str | None) -> None:
    """Delete a proof file no contact points to any more."""
    PROOFS.discard(key)
