"""Reference data (payment terms, accounts, campaigns, task types, ...):
listing, creating, editing and archiving, plus the choices forms offer.

Every kind is a small table with a name and an active flag; accounts add a
code and a kind, task types a default duration. Plain functions; the caller commits.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, func, literal, or_, union_all
from sqlmodel import Session, col, select

from crm_app.core.errors import FormError
from crm_app.core.validators import clean_text
from crm_app.reference.forms import (
    AccountForm,
    EquipmentTypeForm,
    ReferenceForm,
    TaskTypeForm,
)
from crm_app.reference.models import (
    DEFAULT_EQUIPMENT_TYPES,
    Account,
    EquipmentType,
    FiscalPosition,
    MarketingCampaign,
    MarketingMedium,
    MarketingSource,
    PaymentTerm,
    Pricelist,
    ReferenceRow,
    TaskType,
)

PAGE_SIZE = 25
MAX_CHOICES = 500


@dataclass(frozen=True)
class ReferenceKind:
    slug: str  # in the page's address
    model: type[ReferenceRow]
    title: str  # plural, page title
    singular: str  # for "Nouvelle …" / messages
    feminine: bool = True


KINDS: dict[str, ReferenceKind] = {
    kind.slug: kind
    for kind in (
        ReferenceKind(
            "conditions-paiement", PaymentTerm, "Conditions de paiement", "condition de paiement"
        ),
        ReferenceKind(
            "positions-fiscales", FiscalPosition, "Positions fiscales", "position fiscale"
        ),
        ReferenceKind("comptes", Account, "Comptes comptables", "compte", feminine=False),
        ReferenceKind("listes-prix", Pricelist, "Listes de prix", "liste de prix"),
        ReferenceKind("campagnes", MarketingCampaign, "Campagnes", "campagne"),
        ReferenceKind("sources", MarketingSource, "Sources", "source"),
        ReferenceKind("canaux", MarketingMedium, "Canaux", "canal", feminine=False),
        ReferenceKind(
            "types-intervention",
            TaskType,
            "Types d'intervention",
            "type d'intervention",
            feminine=False,
        ),
        ReferenceKind(
            "types-equipement",
            EquipmentType,
            "Types d'équipement",
            "type d'équipement",
            feminine=False,
        ),
    )
}


class UnknownReferenceKind(LookupError):
    pass


def kind_for(slug: str) -> ReferenceKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise UnknownReferenceKind(slug) from None


def label_of(row: ReferenceRow) -> str:
    """How a row is named in selects: accounts by code and name."""
    if isinstance(row, Account):
        return f"{row.code} {row.name}"
    return row.name


@dataclass
class ReferencePage:
    rows: list[ReferenceRow]
    total: int
    page: int
    page_count: int


def list_references(
    session: Session,
    slug: str,
    text: str = "",
    *,
    page: int = 1,
    include_archived: bool = False,
) -> ReferencePage:
    model = kind_for(slug).model
    query = select(model)
    if not include_archived:
        query = query.where(col(model.active).is_(True))
    for term in clean_text(text).lower().split()[:5]:
        conditions = [func.lower(model.name).contains(term, autoescape=True)]
        if model is Account:
            conditions.append(func.lower(Account.code).contains(term, autoescape=True))
        query = query.where(or_(*conditions))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page_count = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), page_count)
    order = (col(Account.code),) if model is Account else (func.lower(model.name), col(model.id))
    rows = session.exec(
        query.order_by(*order).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return ReferencePage(rows=list(rows), total=total, page=page, page_count=page_count)


@dataclass(frozen=True)
class ChoiceList:
    """What one select offers: the active rows of ``model`` (accounts of one
    kind), plus ``keep_id``, the row already chosen, even if archived."""

    model: type[ReferenceRow]
    keep_id: int | None = None
    account_kind: str | None = None


def choices(
    session: Session,
    model: type[ReferenceRow],
    *,
    keep_id: int | None = None,
    account_kind: str | None = None,
) -> list[tuple[int, str]]:
    """Active rows offered by a select, plus the one already chosen if archived."""
    return choice_lists(session, {"": ChoiceList(model, keep_id, account_kind)})[""]


def choice_lists(
    session: Session, lists: dict[str, ChoiceList]
) -> dict[str, list[tuple[int, str]]]:
    """Several selects' (id, label) options in one query (a form shows nine:
    one round trip instead of nine)."""
    if not lists:
        return {}
    wanted = list(lists.values())
    statement = _choices_statement(tuple((w.model, w.account_kind) for w in wanted))
    keep_ids = {f"keep_{number}": w.keep_id or 0 for number, w in enumerate(wanted)}
    names = list(lists)
    options: dict[str, list[tuple[int, str]]] = {name: [] for name in names}
    for row in session.execute(statement, keep_ids):
        options[names[row.list_number]].append((row.id, row.label))
    return options


@functools.lru_cache(maxsize=32)
def _choices_statement(shape: tuple[tuple[type[ReferenceRow], str | None], ...]):
    """The UNION ALL behind ``choice_lists``, built once per shape of form
    (building it costs more than running it); ``keep_<n>`` are parameters."""
    branches = []
    for number, (model, account_kind) in enumerate(shape):
        label = col(Account.code) + " " + col(Account.name) if model is Account else col(model.name)
        order = col(Account.code) if model is Account else func.lower(model.name)
        branch = select(
            literal(number).label("list_number"),
            col(model.id).label("id"),
            label.label("label"),
            order.label("sort_key"),
        ).where(or_(col(model.active).is_(True), col(model.id) == bindparam(f"keep_{number}")))
        if account_kind:
            branch = branch.where(Account.kind == account_kind)
        # Each list is capped on its own (a subquery, for the LIMIT).
        branches.append(select(branch.order_by(order).limit(MAX_CHOICES).subquery()))
    combined = union_all(*branches).subquery()
    return select(*combined.c).order_by(combined.c.list_number, combined.c.sort_key, combined.c.id)


# --- Writes ------------------------------------------------------------------------


def form_model(slug: str) -> type[ReferenceForm]:
    """The form of one kind of reference data."""
    model = kind_for(slug).model
    if model is Account:
        return AccountForm
    if model is TaskType:
        return TaskTypeForm
    if model is EquipmentType:
        return EquipmentTypeForm
    return ReferenceForm


def save_reference(
    session: Session,
    slug: str,
    form: ReferenceForm,
    *,
    row_id: int | None = None,
    form_errors: Mapping[str, str] | None = None,
) -> ReferenceRow:
    """Create (row_id None) or update one row; FormError on bad input.

    ``form_errors`` are the errors of the fields the typed form could not take
    (``parse_valid_fields``): the names and numbers that are right are checked
    for clashes, and every error is raised at once.
    """
    kind = kind_for(slug)
    model = kind.model
    expected = form_model(slug)
    if not isinstance(form, expected):
        raise TypeError(f"{expected.__name__} expected for {slug}")
    if row_id:
        row = session.get(model, row_id)
    elif issubclass(model, Account):
        row = Account(name="", code="")  # the code is set below, from the AccountForm
    else:
        row = model(name="")
    if row is None:
        raise UnknownReferenceKind(f"{slug}/{row_id}")
    errors: dict[str, str] = dict(form_errors or {})
    values: dict[str, object] = {"name": form.name}
    if isinstance(form, AccountForm):
        values.update(code=form.code, kind=form.kind)
        if "code" not in errors:
            clash = session.exec(
                select(Account).where(Account.code == form.code, Account.id != (row_id or 0))
            ).first()
            if clash is not None:
                errors["code"] = f"Le compte {form.code} existe déjà ({clash.name})."
    elif "name" not in errors:
        clash = session.exec(
            select(model).where(
                func.lower(model.name) == form.name.lower(),
                model.id != (row_id or 0),
            )
        ).first()
        if clash is not None:
            errors["name"] = f"« {clash.name} » existe déjà."
    if isinstance(form, TaskTypeForm):
        values["default_duration_minutes"] = form.default_duration_minutes
        values["maintenance"] = form.maintenance
    if isinstance(form, EquipmentTypeForm):
        values.update(category=form.category, periodicity_months=form.periodicity_months)
    if errors:
        raise FormError(errors)
    for field, value in values.items():
        setattr(row, field, value)
    session.add(row)
    session.flush()
    return row


def set_reference_active(session: Session, slug: str, row_id: int, active: bool) -> ReferenceRow:
    """Archive or restore; archived rows stay on the contacts that use them."""
    row = session.get(kind_for(slug).model, row_id)
    if row is None:
        raise UnknownReferenceKind(f"{slug}/{row_id}")
    row.active = active
    session.add(row)
    session.flush()
    return row


def ensure_equipment_types(session: Session) -> None:
    """The default equipment types, when the list is empty (a database made
    without the migrations, as in tests)."""
    if session.exec(select(EquipmentType.id).limit(1)).first() is None:
        session.add_all(
            EquipmentType(name=name, category=category, periodicity_months=months)
            for name, category, months in DEFAULT_EQUIPMENT_TYPES
        )
        session.flush()
