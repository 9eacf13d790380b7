"""State of the maintenance contracts: the contact page's list and dialog,
the « Contrats d'entretien » page, and the printed contract."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from crm_app.core import formatting
from crm_app.core.clock import local_today
from crm_app.core.errors import FormError
from crm_app.core.paging import range_label
from crm_app.core.ui import toasts
from crm_app.core.ui.options import EMPTY_CHOICE, NO_CHOICE, ChoiceOption, choice_options
from crm_app.db import session_scope
from crm_app.equipment import contracts
from crm_app.equipment import service as equipment
from crm_app.equipment.contracts import ContractLine
from crm_app.equipment.documents import build_contract_pdf
from crm_app.equipment.forms import ContractForm
from crm_app.equipment.models import CONTRACT_STATE_LABELS, ContractState
from crm_app.equipment.tab_state import EquipmentTabState
from crm_app.users.state import (
    AuthState,
    current_user_id,
    login_required,
    office_page_load,
    office_required,
)

CONTRACT_FIELDS = ("address_id", *ContractForm.model_fields)
SELECT_FIELDS = ("address_id", "periodicity_months", "preferred_month", "state")


def contract_download(contract_id: int):
    with session_scope() as session:
        try:
            name, data = build_contract_pdf(session, int(contract_id))
        except contracts.ContractNotFound:
            return toasts.refused("Ce contrat n'existe plus.")
        except FileNotFoundError:
            return toasts.refused("Police DejaVu introuvable : relancez scripts/run.sh.")
    return rx.download(data=data, filename=name)


class ContractTabState(EquipmentTabState):
    """The contract dialog of the « Équipements » tab."""

    contract_editing_id: int = 0
    contract_version: int = 0
    contract_form: dict[str, str] = {}
    contract_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    contract_form_error: str = ""
    contract_address_options: list[ChoiceOption] = []
    contract_equipment_options: rx.Field[list[ChoiceOption]] = rx.field(default_factory=list)
    contract_equipment: rx.Field[list[str]] = rx.field(default_factory=list)

    def _open_contract(self, session: Session, values: dict[str, str], chosen: list[int]) -> None:
        self.contract_address_options = choice_options(
            equipment.addresses_for_equipment(session, self._main_id())
        )
        self.contract_form = values
        self.contract_equipment = [str(i) for i in chosen]
        self.contract_equipment_options = self._equipment_at(session, values["address_id"])
        self.contract_errors = {}
        self.contract_form_error = ""
        self.contract_dialog_open = True

    @staticmethod
    def _equipment_at(session: Session, address_id: str) -> list[ChoiceOption]:
        if not address_id.isdigit():
            return []
        return choice_options(equipment.equipment_choices(session, int(address_id)))

    @rx.event
    @office_required
    def open_new_contract(self):
        self.contract_editing_id = 0
        self.contract_version = 0
        values = {field: "" for field in CONTRACT_FIELDS}
        values.update(
            address_id=str(self.contact_id_loaded),
            start_on=formatting.date_input(local_today()),
            tacit_renewal="true",
            state=ContractState.ACTIVE.value,
        )
        with session_scope() as session:
            self._open_contract(session, values, [])
            # A new contract usually covers everything installed there.
            self.contract_equipment = [o.value for o in self.contract_equipment_options]

    @rx.event
    @office_required
    def open_edit_contract(self, contract_id: int):
        with session_scope() as session:
            try:
                contract = contracts.get_contract(session, int(contract_id))
            except contracts.ContractNotFound:
                return toasts.refused("Ce contrat n'existe plus.")
            if contract.customer_id != self._main_id():
                return toasts.refused("Ce contrat n'est pas celui de ce contact.")
            self.contract_editing_id = contract.id or 0
            self.contract_version = contract.version
            self._open_contract(
                session,
                contracts.contract_form_values(session, contract),
                contracts.covered_equipment_ids(session, contract.id or 0),
            )

    @rx.event
    @login_required
    def set_contract_dialog_open(self, value: bool):
        self.contract_dialog_open = bool(value)

    @rx.event
    @office_required
    def set_contract_field(self, field: str, value: str):
        if field not in CONTRACT_FIELDS:
            return
        none = field in SELECT_FIELDS and value in (EMPTY_CHOICE, NO_CHOICE)
        self.contract_form[field] = "" if none else value
        self.contract_errors.pop(field, None)
        if field == "address_id":
            with session_scope() as session:
                self.contract_equipment_options = self._equipment_at(session, value)
            self.contract_equipment = []

    @rx.event
    @office_required
    def toggle_contract_equipment(self, equipment_id: str, checked: bool):
        chosen = [e for e in self.contract_equipment if e != equipment_id]
        self.contract_equipment = [*chosen, equipment_id] if checked else chosen
        self.contract_errors.pop("equipment_ids", None)

    @rx.event
    @office_required
    def save_contract(self):
        try:
            with session_scope() as session:
                contracts.save_contract(
                    session,
                    {**self.contract_form, "equipment_ids": list(self.contract_equipment)},
                    contract_id=self.contract_editing_id or None,
                    expected_version=self.contract_version or None,
                    user_id=current_user_id(self),
                )
                session.commit()
        except FormError as error:
            self.contract_errors = error.errors
            return
        except contracts.StaleContractError:
            self.contract_form_error = (
                "Ce contrat a été modifié par quelqu'un d'autre entre-temps. "
                "Fermez puis rouvrez-le pour voir sa dernière version."
            )
            return
        except contracts.ContractNotFound:
            self.contract_form_error = "Ce contrat n'existe plus."
            return
        self.contract_dialog_open = False
        # The equipment's contract and due dates changed with it.
        self._reload_equipment()
        return toasts.saved("Contrat enregistré.")

    @rx.event
    @login_required
    def print_contract(self, contract_id: int):
        with session_scope() as session:
            try:
                contract = contracts.get_contract(session, int(contract_id))
            except contracts.ContractNotFound:
                return toasts.refused("Ce contrat n'existe plus.")
            if contract.customer_id != self._main_id():
                return toasts.refused("Ce contrat n'est pas celui de ce contact.")
        return contract_download(int(contract_id))


class ContractListState(AuthState):
    """« Contrats d'entretien »: every contract, searched and paged in SQL."""

    query: str = ""
    state_filter: str = ""
    page: int = 1
    page_count: int = 1
    has_next: bool = False
    total_exact: bool = True
    range_text: str = ""
    lines: list[ContractLine] = []

    def _fetch(self) -> None:
        with session_scope() as session:
            result = contracts.search_contracts(
                session, self.query, state=self.state_filter, page=self.page
            )
        self.lines = result.lines
        self.page = result.page
        self.page_count = result.page_count
        self.has_next = result.window.has_next
        self.total_exact = result.window.exact
        self.range_text = range_label(
            result.window, len(result.lines), "contrats", "Aucun contrat."
        )

    @rx.event
    @office_page_load
    def load(self):
        self.page = 1
        self._fetch()

    @rx.event
    @office_required
    def set_query(self, value: str):
        self.query, self.page = value, 1
        self._fetch()

    @rx.event
    @office_required
    def set_state_label(self, label: str):
        """The state filter, chosen by its French label (« Tous »: none)."""
        codes = {v: k for k, v in CONTRACT_STATE_LABELS.items()}
        self.state_filter = codes.get(label, "")
        self.page = 1
        self._fetch()

    @rx.event
    @office_required
    def go_to_page(self, page: int):
        self.page = int(page)
        self._fetch()

    @rx.event
    @office_required
    def print_contract(self, contract_id: int):
        return contract_download(int(contract_id))
