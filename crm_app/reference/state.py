"""State of the reference-data admin pages (/parametres/<kind>): one page of
rows searched in SQL, and the create/edit dialog."""

from __future__ import annotations

import dataclasses

import reflex as rx

from crm_app.core.errors import FormError
from crm_app.core.forms import parse_valid_fields
from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.reference import service
from crm_app.reference.forms import ACCOUNT_KIND_LABELS
from crm_app.reference.models import (
    EQUIPMENT_CATEGORY_LABELS,
    Account,
    EquipmentType,
    TaskType,
)
from crm_app.users.state import AuthState, admin_page_load, admin_required

FORM_FIELDS = (
    "name",
    "code",
    "kind",
    "default_duration_minutes",
    "maintenance",
    "category",
    "periodicity_months",
)


@dataclasses.dataclass
class ReferenceRow:
    id: int
    name: str
    code: str
    detail: str
    active: bool


def reference_row(row) -> ReferenceRow:
    detail = ""
    if isinstance(row, Account):
        detail = ACCOUNT_KIND_LABELS.get(row.kind, "")
    elif isinstance(row, TaskType):
        hours, minutes = divmod(row.default_duration_minutes, 60)
        detail = f"Durée par défaut {hours:02d}:{minutes:02d}"
        if row.maintenance:
            detail += " · entretien"
    elif isinstance(row, EquipmentType):
        category = EQUIPMENT_CATEGORY_LABELS.get(row.category, "")
        detail = f"{category} · entretien tous les {row.periodicity_months} mois"
    return ReferenceRow(
        id=row.id or 0,
        name=row.name,
        code=getattr(row, "code", ""),
        detail=detail,
        active=row.active,
    )


class ReferenceAdminState(AuthState):
    kind_slug: str = ""
    kind_title: str = ""
    kind_singular: str = ""
    is_account: bool = False
    is_task_type: bool = False
    is_equipment_type: bool = False
    unknown_kind: bool = False

    query: str = ""
    page: int = 1
    page_count: int = 1
    total: int = 0
    show_archived: bool = False
    rows: list[ReferenceRow] = []

    dialog_open: bool = False
    editing_id: int = 0
    form: dict[str, str] = {}
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    def _route_slug(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    def _fetch(self) -> None:
        with session_scope() as session:
            result = service.list_references(
                session,
                self.kind_slug,
                self.query,
                page=self.page,
                include_archived=self.show_archived,
            )
            self.rows = [reference_row(r) for r in result.rows]
        self.total = result.total
        self.page = result.page
        self.page_count = result.page_count

    @rx.event
    @admin_page_load
    def load(self):
        slug = self._route_slug()
        try:
            kind = service.kind_for(slug)
        except service.UnknownReferenceKind:
            self.unknown_kind = True
            self.rows = []
            return
        self.unknown_kind = False
        self.kind_slug = slug
        self.kind_title = kind.title
        self.kind_singular = kind.singular
        self.is_account = kind.model is Account
        self.is_task_type = kind.model is TaskType
        self.is_equipment_type = kind.model is EquipmentType
        self.query, self.page, self.show_archived, self.dialog_open = "", 1, False, False
        self._fetch()

    @rx.event
    @admin_required
    def set_query(self, value: str):
        self.query = value
        self.page = 1
        self._fetch()

    @rx.event
    @admin_required
    def set_show_archived(self, value: bool):
        self.show_archived = bool(value)
        self.page = 1
        self._fetch()

    @rx.event
    @admin_required
    def go_to_page(self, page: int):
        self.page = int(page)
        self._fetch()

    @rx.event
    @admin_required
    def open_new(self):
        self.editing_id = 0
        self.form = {
            "name": "",
            "code": "",
            "kind": "receivable",
            "default_duration_minutes": "60",
            "maintenance": "false",
            "category": "combustion",
            "periodicity_months": "12",
        }
        self.errors = {}
        self.dialog_open = True

    @rx.event
    @admin_required
    def open_edit(self, row_id: int):
        with session_scope() as session:
            row = session.get(service.kind_for(self.kind_slug).model, int(row_id))
            if row is None:
                return toasts.refused("Cet élément n'existe plus.")
            self.form = {
                "name": row.name,
                "code": getattr(row, "code", ""),
                "kind": getattr(row, "kind", ""),
                "default_duration_minutes": str(getattr(row, "default_duration_minutes", "")),
                "maintenance": "true" if getattr(row, "maintenance", False) else "false",
                "category": getattr(row, "category", ""),
                "periodicity_months": str(getattr(row, "periodicity_months", "")),
            }
        self.editing_id = int(row_id)
        self.errors = {}
        self.dialog_open = True

    @rx.event
    @admin_required
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    @admin_required
    def set_field(self, field: str, value: str):
        if field in FORM_FIELDS:
            self.form[field] = value
            self.errors.pop(field, None)

    @rx.event
    @admin_required
    def save(self):
        form, errors = parse_valid_fields(service.form_model(self.kind_slug), self.form)
        try:
            with session_scope() as session:
                service.save_reference(
                    session,
                    self.kind_slug,
                    form,
                    row_id=self.editing_id or None,
                    form_errors=errors,
                )
                session.commit()
        except FormError as error:
            self.errors = error.errors
            return
        except service.UnknownReferenceKind:
            return toasts.refused("Cet élément n'existe plus.")
        self.dialog_open = False
        self._fetch()
        return toasts.saved("Enregistré.")

    @rx.event
    @admin_required
    def set_active(self, row_id: int, active: bool):
        try:
            with session_scope() as session:
                service.set_reference_active(session, self.kind_slug, int(row_id), bool(active))
                session.commit()
        except service.UnknownReferenceKind:
            return toasts.refused("Cet élément n'existe plus.")
        self._fetch()
        return toasts.notice("Restauré." if active else "Archivé.")
