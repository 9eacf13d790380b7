"""When an equipment's next maintenance is due: plain rules on plain values
(no database), so every writer and every test reads the same answer.

- The period is the contract's when an active contract covers the equipment,
  else the equipment's own, else its type's preset (boilers 12 months, heat
  pumps 24, flues 12 or 6 for two sweeps a year).
- From the last maintenance; without one, from the commissioning date; with
  neither, at once (nobody knows when it was last serviced).
- A contract with a preferred month moves the date to the nearest occurrence of
  that month (a customer serviced every October stays in October).
- A contract covers a date when it is active, has started, and has not ended
  (tacit renewal: it never ends until terminated).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm_app.core.clock import add_months
from crm_app.equipment.models import ContractState


@dataclass(frozen=True)
class ContractTerms:
    state: str
    start_on: date
    end_on: date | None
    tacit_renewal: bool
    periodicity_months: int | None
    preferred_month: int | None


def effective_state(terms: ContractTerms, today: date) -> str:
    """The state as the user should read it: an active contract past its end
    date without tacit renewal has expired."""
    if (
        terms.state == ContractState.ACTIVE.value
        and terms.end_on is not None
        and not terms.tacit_renewal
        and terms.end_on < today
    ):
        return ContractState.EXPIRED.value
    return terms.state


def covers(terms: ContractTerms | None, day: date) -> bool:
    """Whether the contract is in force on ``day``."""
    if terms is None or terms.state != ContractState.ACTIVE.value:
        return False
    if day < terms.start_on:
        return True  # signed, starting soon: its terms already plan the visit
    return terms.tacit_renewal or terms.end_on is None or day <= terms.end_on


def periodicity(type_months: int, own_months: int | None, terms: ContractTerms | None) -> int:
    if terms is not None and terms.periodicity_months:
        return terms.periodicity_months
    return own_months or type_months


def nearest_month(day: date, month: int) -> date:
    """The first day of ``month`` nearest to ``day`` (the year before, of or after)."""
    candidates = [date(day.year + shift, month, 1) for shift in (-1, 0, 1)]
    return min(candidates, key=lambda candidate: (abs((candidate - day).days), candidate))


def next_due(
    *,
    type_months: int,
    own_months: int | None,
    last_done: date | None,
    commissioned_on: date | None,
    created_on: date,
    terms: ContractTerms | None,
) -> date:
    """The date the next maintenance is due (see the module's rules)."""

    def due_with(contract: ContractTerms | None) -> date:
        months = periodicity(type_months, own_months, contract)
        if last_done is not None:
            due = add_months(last_done, months)
        elif commissioned_on is not None:
            due = add_months(commissioned_on, months)
        else:
            due = created_on
        if contract is not None and contract.preferred_month:
            due = nearest_month(due, contract.preferred_month)
            if last_done is not None and due <= last_done:
                due = nearest_month(add_months(due, 12), contract.preferred_month)
        return due

    if terms is not None and terms.state == ContractState.ACTIVE.value:
        under_contract = due_with(terms)
        if covers(terms, under_contract):
            return under_contract
    return due_with(None)
