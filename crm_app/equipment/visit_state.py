"""State of the visit page (« Compte rendu d'entretien »), phone first: what
the technician found on each equipment, « Terminer », then the certificates."""

from __future__ import annotations

import dataclasses

import reflex as rx

from crm_app.core.errors import FormError
from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.equipment import visit_sheet
from crm_app.equipment.documents import VisitNotRecorded, build_certificate
from crm_app.equipment.forms import VisitForm
from crm_app.equipment.visit_sheet import PhoneLink, VisitCard
from crm_app.equipment.visits import VisitRefused, complete_visit
from crm_app.users.state import (
    AuthState,
    current_actor,
    login_page_load,
    login_required,
)

CARD_FIELDS = tuple(VisitForm.model_fields)


class VisitState(AuthState):
    intervention_id: int = 0
    refused: str = ""
    state: str = ""
    state_label: str = ""
    done: bool = False
    maintenance: bool = False
    when: str = ""
    task: str = ""
    customer: str = ""
    address: str = ""
    warning: str = ""
    notes: str = ""
    phones: list[PhoneLink] = []
    cards: rx.Field[list[VisitCard]] = rx.field(default_factory=list)
    # [id, label] of the address's equipment
    candidates: rx.Field[list[list[str]]] = rx.field(default_factory=list)
    chosen: rx.Field[list[str]] = rx.field(default_factory=list)
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # Beside the « Terminer » button (a toast would hide the phone's screen).
    error_summary: str = ""

    def _route_id(self) -> int:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return int(raw) if raw.isdigit() else 0

    def _show(self) -> None:
        try:
            with session_scope() as session:
                sheet = visit_sheet.visit_sheet(session, self.intervention_id, current_actor(self))
        except VisitRefused as refusal:
            self.refused = str(refusal)
            self.cards = []
            return
        self.refused = ""
        for name in (
            "state", "state_label", "done", "maintenance", "when", "task", "customer",
            "address", "warning", "notes", "phones", "cards",
        ):  # fmt: skip
            setattr(self, name, getattr(sheet, name))
        self.candidates = [[str(i), label] for i, label in sheet.candidates]
        self.chosen = []

    @rx.event
    @login_page_load
    def load(self):
        self.intervention_id = self._route_id()
        self.errors = {}
        self.error_summary = ""
        self._show()

    @rx.event
    @login_required
    def set_card_field(self, index: int, field: str, value: str):
        if field not in CARD_FIELDS or not 0 <= int(index) < len(self.cards):
            return
        cards = list(self.cards)
        card = cards[int(index)]
        cards[int(index)] = dataclasses.replace(card, **{field: value})
        self.cards = cards
        self.errors.pop(f"{card.equipment_id}.{field}", None)

    @rx.event
    @login_required
    def toggle_candidate(self, equipment_id: str, checked: bool):
        kept = [c for c in self.chosen if c != equipment_id]
        self.chosen = [*kept, equipment_id] if checked else kept

    @rx.event
    @login_required
    def confirm_equipment(self):
        try:
            with session_scope() as session:
                visit_sheet.choose_equipment(
                    session,
                    self.intervention_id,
                    [int(c) for c in self.chosen if c.isdigit()],
                    current_actor(self),
                )
                session.commit()
        except VisitRefused as refusal:
            return toasts.refused(str(refusal))
        self._show()

    @rx.event
    @login_required
    def finish(self):
        reports = {
            card.equipment_id: {field: getattr(card, field) for field in CARD_FIELDS}
            for card in self.cards
        }
        try:
            with session_scope() as session:
                complete_visit(session, self.intervention_id, reports, reader=current_actor(self))
                session.commit()
        except FormError as error:
            self.errors = error.errors
            self.error_summary = "Vérifiez les champs signalés en rouge."
            return
        except VisitRefused as refusal:
            return toasts.refused(str(refusal))
        self.errors = {}
        self.error_summary = ""
        self._show()
        return toasts.saved("Intervention terminée : l'entretien est enregistré.")

    @rx.event
    @login_required
    def download_certificate(self, equipment_id: int):
        try:
            with session_scope() as session:
                # The reader's right to the intervention, checked again.
                visit_sheet.visit_sheet(session, self.intervention_id, current_actor(self))
                name, data = build_certificate(session, self.intervention_id, int(equipment_id))
        except (VisitRefused, VisitNotRecorded):
            return toasts.refused("Aucun entretien enregistré pour cet équipement.")
        except FileNotFoundError:
            return toasts.refused("Police DejaVu introuvable : relancez scripts/run.sh.")
        return rx.download(data=data, filename=name)
