"""State of the contact page's « Équipements » tab: the equipment of the
contact and of its addresses, and the create / edit dialog."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from crm_app.contacts.page_state import ContactPageState
from crm_app.contacts.page_tabs import LoadedContact
from crm_app.core.errors import FormError
from crm_app.core.ui import toasts
from crm_app.core.ui.options import EMPTY_CHOICE, NO_CHOICE, ChoiceOption, choice_options
from crm_app.db import session_scope
from crm_app.equipment import contracts
from crm_app.equipment import service as equipment
from crm_app.equipment.contracts import ContractLine
from crm_app.equipment.forms import EquipmentForm
from crm_app.equipment.service import AddressGroup
from crm_app.users.state import current_user_id, login_required, office_required

DIALOG_FIELDS = ("address_id", "type_id", "contract_id", *EquipmentForm.model_fields)
SELECT_FIELDS = ("address_id", "type_id", "contract_id", "energy", "periodicity_months")


class EquipmentTabState(ContactPageState):
    """The tab's lists (equipment and contracts, filled together: a contract
    changes its equipment's due dates); the contract dialog is a substate."""

    equipment_groups: list[AddressGroup] = []
    contract_lines: rx.Field[list[ContractLine]] = rx.field(default_factory=list)
    contract_dialog_open: bool = False  # the substate's dialog, closed by each load
    equipment_count: int = 0
    equipment_show_archived: bool = False

    equipment_dialog_open: bool = False
    equipment_editing_id: int = 0
    equipment_form: dict[str, str] = {}
    equipment_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    equipment_form_error: str = ""
    equipment_address_options: list[ChoiceOption] = []
    equipment_type_options: list[ChoiceOption] = []
    equipment_contract_options: list[ChoiceOption] = []
    brand_suggestions: list[str] = []
    model_suggestions: list[str] = []

    def _main_id(self) -> int:
        return self.parent_id or self.contact_id_loaded

    def _fill_equipment(self, session: Session, main_id: int) -> None:
        self.equipment_groups = equipment.contact_equipment(
            session, main_id, include_archived=self.equipment_show_archived
        )
        self.equipment_count = sum(len(g.equipment) for g in self.equipment_groups)
        self.contract_lines = contracts.customer_contracts(session, main_id)

    def _reload_equipment(self) -> None:
        with session_scope() as session:
            self._fill_equipment(session, self._main_id())

    @rx.event
    @login_required
    def set_equipment_show_archived(self, value: bool):
        self.equipment_show_archived = bool(value)
        self._reload_equipment()

    def _open_dialog(self, session: Session, values: dict[str, str], type_id: int | None) -> None:
        main_id = self._main_id()
        self.equipment_address_options = choice_options(
            equipment.addresses_for_equipment(session, main_id)
        )
        self.equipment_type_options = choice_options(equipment.type_choices(session, type_id))
        self.equipment_contract_options = choice_options(
            contracts.contract_choices(session, main_id)
        )
        self.equipment_form = values
        self.equipment_errors = {}
        self.equipment_form_error = ""
        self.brand_suggestions = equipment.suggestions(session, "brand", values.get("brand", ""))
        self.model_suggestions = equipment.suggestions(
            session, "model", values.get("model", ""), brand=values.get("brand", "")
        )
        self.equipment_dialog_open = True

    @rx.event
    @office_required
    def open_new_equipment(self):
        self.equipment_editing_id = 0
        values = {field: "" for field in DIALOG_FIELDS}
        # The page's address is where it most likely is.
        values["address_id"] = str(self.contact_id_loaded)
        with session_scope() as session:
            self._open_dialog(session, values, None)

    @rx.event
    @office_required
    def open_edit_equipment(self, equipment_id: int):
        with session_scope() as session:
            try:
                saved = equipment.get_equipment(session, int(equipment_id))
            except equipment.EquipmentNotFound:
                return toasts.refused("Cet équipement n'existe plus.")
            if saved.main_contact_id != self._main_id():
                return toasts.refused("Cet équipement n'est pas celui de ce contact.")
            self.equipment_editing_id = int(equipment_id)
            self._open_dialog(session, equipment.equipment_form_values(saved), saved.type_id)

    @rx.event
    @login_required
    def set_equipment_dialog_open(self, value: bool):
        self.equipment_dialog_open = bool(value)

    @rx.event
    @office_required
    def set_equipment_field(self, field: str, value: str):
        if field not in DIALOG_FIELDS:
            return
        # "—" / "0" are a select's « none »; typed text is kept as typed ("0" kW included).
        none = field in SELECT_FIELDS and value in (EMPTY_CHOICE, NO_CHOICE)
        self.equipment_form[field] = "" if none else value
        self.equipment_errors.pop(field, None)
        if field in ("brand", "model"):
            with session_scope() as session:
                if field == "brand":
                    self.brand_suggestions = equipment.suggestions(session, "brand", value)
                self.model_suggestions = equipment.suggestions(
                    session,
                    "model",
                    self.equipment_form.get("model", ""),
                    brand=self.equipment_form.get("brand", ""),
                )

    @rx.event
    @office_required
    def save_equipment(self):
        try:
            with session_scope() as session:
                equipment.save_equipment(
                    session,
                    self.equipment_form,
                    equipment_id=self.equipment_editing_id or None,
                    user_id=current_user_id(self),
                )
                session.commit()
        except FormError as error:
            self.equipment_errors = error.errors
            self.equipment_form_error = error.errors.get("__all__", "")
            return
        except equipment.EquipmentNotFound:
            self.equipment_form_error = "Cet équipement n'existe plus."
            return
        self.equipment_dialog_open = False
        self._reload_equipment()
        return toasts.saved("Équipement enregistré.")

    @rx.event
    @office_required
    def set_equipment_active(self, equipment_id: int, active: bool):
        with session_scope() as session:
            try:
                saved = equipment.get_equipment(session, int(equipment_id))
            except equipment.EquipmentNotFound:
                return toasts.refused("Cet équipement n'existe plus.")
            if saved.main_contact_id != self._main_id():
                return toasts.refused("Cet équipement n'est pas celui de ce contact.")
            equipment.set_equipment_active(
                session, int(equipment_id), bool(active), user_id=current_user_id(self)
            )
            session.commit()
        self._reload_equipment()
        return toasts.notice("Équipement restauré." if active else "Équipement archivé.")


def fill_equipment_tab(state: EquipmentTabState, session: Session, loaded: LoadedContact) -> None:
    """The contact page's load hook: the equipment, in the page's session."""
    state.equipment_show_archived = False
    state.equipment_dialog_open = False
    state.contract_dialog_open = False
    state._fill_equipment(session, loaded.main_contact_id)
