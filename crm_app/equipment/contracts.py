"""Maintenance contracts (« Contrats d'entretien »): saving, the equipment they
cover, and their list searched and paged in SQL. The caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import case, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from crm_app.audit.hooks import act_as
from crm_app.contacts.models import Contact
from crm_app.contacts.search import contact_text_condition
from crm_app.core import formatting
from crm_app.core.clock import local_today
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_valid_fields
from crm_app.core.paging import PageWindow, WindowedPage, page_window
from crm_app.equipment.forms import ContractForm
from crm_app.equipment.models import (
    CONTRACT_STATE_LABELS,
    ContractState,
    Equipment,
    MaintenanceContract,
)
from crm_app.equipment.service import contract_state_on, main_contact_id_of, refresh_due

PAGE_SIZE = 25
CONTRACT_FIELDS = tuple(ContractForm.model_fields)


class ContractNotFound(LookupError):
    pass


class StaleContractError(RuntimeError):
    """Someone saved the contract since it was opened."""


def effective_state_sql() -> sa.ColumnElement[str]:
    """``due.effective_state`` as SQL, for the lists' filters."""
    today = local_today()
    return case(
        (
            sa.and_(
                col(MaintenanceContract.state) == ContractState.ACTIVE.value,
                col(MaintenanceContract.end_on).is_not(None),
                col(MaintenanceContract.tacit_renewal).is_(False),
                col(MaintenanceContract.end_on) < today,
            ),
            ContractState.EXPIRED.value,
        ),
        else_=col(MaintenanceContract.state),
    )


def _equipment_ids(raw: object) -> list[int]:
    values = raw if isinstance(raw, list) else str(raw or "").split(",")
    return sorted({int(v) for v in (str(x).strip() for x in values) if v.isdigit()})


def save_contract(
    session: Session,
    raw: Mapping[str, object],
    *,
    contract_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
) -> MaintenanceContract:
    """Create or update a contract from the form (``raw`` adds ``address_id``
    and ``equipment_ids``, the equipment it covers at that address); FormError
    naming every wrong field, StaleContractError on a concurrent save."""
    form, errors = parse_valid_fields(ContractForm, raw)
    existing = session.get(MaintenanceContract, contract_id) if contract_id else None
    if contract_id and existing is None:
        raise ContractNotFound(contract_id)
    if existing is not None and expected_version and existing.version != expected_version:
        raise StaleContractError(contract_id)
    text = str(raw.get("address_id") or "").strip()
    address = session.get(Contact, int(text)) if text.isdigit() else None
    if address is None or address.erased_at is not None:
        errors["address_id"] = "Choisissez l'adresse du contrat."
        raise FormError(errors)
    customer_id = main_contact_id_of(address)
    wanted = _equipment_ids(raw.get("equipment_ids"))
    found = (
        list(session.exec(select(Equipment).where(col(Equipment.id).in_(wanted))).all())
        if wanted
        else []
    )
    if len(found) != len(wanted) or any(e.address_id != address.id for e in found):
        errors["equipment_ids"] = "Choisissez des équipements installés à cette adresse."
    elif any(not e.active for e in found):
        errors["equipment_ids"] = "Un équipement archivé ne peut pas être sous contrat."
    if form.state == ContractState.ACTIVE.value and not wanted and "equipment_ids" not in errors:
        errors["equipment_ids"] = "Un contrat actif couvre au moins un équipement."
    if errors:
        raise FormError(errors)
    act_as(session, user_id)
    contract = existing or MaintenanceContract(
        customer_id=customer_id, address_id=address.saved_id, start_on=form.start_on
    )
    for field in CONTRACT_FIELDS:
        setattr(contract, field, getattr(form, field))
    contract.customer_id = customer_id
    contract.address_id = address.saved_id
    if existing is not None:
        contract.version += 1
    session.add(contract)
    session.flush()
    _cover(session, contract, found)
    return contract


def _cover(session: Session, contract: MaintenanceContract, covered: list[Equipment]) -> None:
    """The contract covers exactly ``covered``; every equipment that changed
    (or whose contract's terms changed) gets its due date again."""
    previous = session.exec(select(Equipment).where(Equipment.contract_id == contract.id)).all()
    for equipment in {e.id: e for e in [*previous, *covered]}.values():
        equipment.contract_id = contract.id if equipment in covered else None
        refresh_due(session, equipment)
    session.flush()


def detach_contract_equipment(session: Session, contract_ids: list[int]) -> None:
    """The equipment of these contracts no longer under contract (their
    customer's data is being erased)."""
    if contract_ids:
        session.exec(
            update(Equipment)
            .where(col(Equipment.contract_id).in_(contract_ids))
            .values(contract_id=None)
        )


@dataclass
class ContractLine:
    id: int
    customer: str
    customer_id: int
    place: str
    start_label: str
    end_label: str
    price_label: str
    state: str
    state_label: str
    equipment_count: int


@dataclass
class ContractPage(WindowedPage):
    lines: list[ContractLine]
    window: PageWindow


def search_contracts(
    session: Session, text: str = "", *, state: str = "", page: int = 1, page_size: int = PAGE_SIZE
) -> ContractPage:
    """Contracts whose customer matches ``text`` (the contact search), of one
    (effective) state when given; newest first."""
    state_sql = effective_state_sql()
    query = select(col(MaintenanceContract.id)).join(
        Contact, col(Contact.id) == col(MaintenanceContract.customer_id)
    )
    condition = contact_text_condition(session, text)
    if condition is not None:
        query = query.where(condition)
    if state in CONTRACT_STATE_LABELS:
        query = query.where(state_sql == state)
    window = page_window(session, query, page, page_size)
    ids = list(
        session.exec(
            query.order_by(col(MaintenanceContract.id).desc())
            .offset(window.offset)
            .limit(page_size)
        )
    )
    return ContractPage(contract_lines(session, [i for i in ids if i is not None]), window)


def _lines_query():
    """Contracts with their customer's name, their place and how many
    equipment they cover, in one statement."""
    address = aliased(Contact)
    covered = (
        sa.select(sa.func.count())
        .where(col(Equipment.contract_id) == col(MaintenanceContract.id))
        .scalar_subquery()
        .label("covered")
    )
    return (
        sa.select(
            MaintenanceContract,
            col(Contact.display_name),
            col(address.zip),
            col(address.city),
            covered,
        )
        .join(Contact, col(Contact.id) == col(MaintenanceContract.customer_id))
        .join(address, col(address.id) == col(MaintenanceContract.address_id))
        .order_by(col(MaintenanceContract.id).desc())
    )


def _lines(rows) -> list[ContractLine]:
    today = local_today()
    lines = []
    for contract, customer, zip_code, city, covered in rows:
        state = contract_state_on(contract, today)
        lines.append(
            ContractLine(
                id=contract.id or 0,
                customer=customer,
                customer_id=contract.customer_id,
                place=" ".join(p for p in (zip_code, city) if p),
                start_label=formatting.date_label(contract.start_on),
                end_label=(
                    "tacite reconduction"
                    if contract.tacit_renewal
                    else formatting.date_label(contract.end_on) or "—"
                ),
                price_label=formatting.amount_label(contract.yearly_price_cents),
                state=state,
                state_label=CONTRACT_STATE_LABELS.get(state, state),
                equipment_count=covered or 0,
            )
        )
    return lines


def contract_lines(session: Session, ids: list[int]) -> list[ContractLine]:
    if not ids:
        return []
    return _lines(session.execute(_lines_query().where(col(MaintenanceContract.id).in_(ids))).all())


def contract_form_values(session: Session, contract: MaintenanceContract) -> dict[str, str]:
    return {
        "address_id": str(contract.address_id),
        "periodicity_months": str(contract.periodicity_months or ""),
        "preferred_month": str(contract.preferred_month or ""),
        "yearly_price_cents": formatting.amount_input(contract.yearly_price_cents),
        "start_on": formatting.date_input(contract.start_on),
        "end_on": formatting.date_input(contract.end_on),
        "tacit_renewal": "true" if contract.tacit_renewal else "false",
        "state": contract.state,
        "notes": contract.notes,
    }


def covered_equipment_ids(session: Session, contract_id: int) -> list[int]:
    ids = session.exec(
        select(col(Equipment.id))
        .where(Equipment.contract_id == contract_id)
        .order_by(col(Equipment.id))
    )
    return [i for i in ids if i is not None]


def get_contract(session: Session, contract_id: int) -> MaintenanceContract:
    contract = session.get(MaintenanceContract, contract_id)
    if contract is None:
        raise ContractNotFound(contract_id)
    return contract


def customer_contracts(session: Session, customer_id: int) -> list[ContractLine]:
    """The contracts of a main contact, newest first (the contact page's tab)."""
    query = _lines_query().where(col(MaintenanceContract.customer_id) == customer_id)
    return _lines(session.execute(query).all())


def contract_choices(session: Session, customer_id: int) -> list[tuple[int, str]]:
    """The contracts an equipment of this customer may be put under."""
    return [
        (line.id, f"Contrat n° {line.id} — {line.state_label}")
        for line in customer_contracts(session, customer_id)
    ]
