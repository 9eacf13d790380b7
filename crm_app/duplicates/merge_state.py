"""State of « Fusionner » (/fusion/<id>-<id>…): the contacts side by side, the
one to keep, and for each field the contact whose value is kept."""

from __future__ import annotations

import dataclasses

import reflex as rx

from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.duplicates import merge
from crm_app.duplicates.merge import MergeRefused
from crm_app.users.state import AuthState, current_user_id, office_page_load, office_required


@dataclasses.dataclass
class MergeSide:
    id: int
    name: str
    details: str


@dataclasses.dataclass
class MergeCell:
    key: str  # "<field>:<contact id>"
    field: str
    contact_id: int
    value: str
    chosen: bool


@dataclasses.dataclass
class MergeFieldRow:
    field: str
    label: str
    cells: list[MergeCell]


class MergeState(AuthState):
    sides: list[MergeSide] = []
    rows: list[MergeFieldRow] = []
    kept_id: int = 0
    error: str = ""
    _ids: list[int] = []
    _choices: dict[str, int] = {}

    def _route_ids(self) -> list[int]:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return [int(part) for part in raw.split("-") if part.isdigit()][:6]

    def _show(self) -> None:
        with session_scope() as session:
            try:
                chosen = merge.merge_candidates(session, self._ids)
            except MergeRefused as refused:
                self.error, self.sides, self.rows = str(refused), [], []
                return
            if self.kept_id not in self._ids:
                self.kept_id = chosen[0].id or 0
            if not self._choices:
                self._choices = merge.default_choices(chosen, self.kept_id)
            self.sides = [
                MergeSide(c.id or 0, c.display_name, "Adresse" if c.parent_id else "Contact")
                for c in chosen
            ]
            self.rows = [
                MergeFieldRow(
                    field,
                    label,
                    [
                        MergeCell(
                            f"{field}:{c.id}",
                            field,
                            c.id or 0,
                            merge.shown_field(c, field),
                            self._choices.get(field) == c.id,
                        )
                        for c in chosen
                    ],
                )
                for field, label in merge.MERGE_FIELDS
                if field not in merge.GROUPED
                and any(merge.shown_field(c, field) for c in chosen)
            ]
        self.error = ""

    @rx.event
    @office_page_load
    def load(self):
        self._ids, self._choices, self.kept_id = self._route_ids(), {}, 0
        self._show()

    @rx.event
    @office_required
    def keep(self, contact_id: int):
        self.kept_id = int(contact_id)
        self._choices = {}
        self._show()

    @rx.event
    @office_required
    def choose(self, field: str, contact_id: int):
        if int(contact_id) in self._ids:
            self._choices[field] = int(contact_id)
            self._show()

    @rx.event
    @office_required
    def run_merge(self):
        try:
            with session_scope() as session:
                result = merge.merge_contacts(
                    session, self._ids, self.kept_id, self._choices, user_id=current_user_id(self)
                )
                session.commit()
        except MergeRefused as refused:
            self.error = str(refused)
            return
        return [
            toasts.saved(f"{len(result.merged) + 1} contacts fusionnés."),
            rx.redirect(f"/contact/{self.kept_id}"),
        ]
