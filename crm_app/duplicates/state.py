"""State of the « Doublons » page: the pairs of the last scan, paged in SQL;
a new scan in the background; « Pas un doublon »."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from crm_app.core.ui import toasts
from crm_app.core.ui.paged_list import PagedListMixin
from crm_app.db import session_scope
from crm_app.duplicates import service
from crm_app.users.state import (
    OFFICE_ROLES,
    AuthState,
    current_user_id,
    office_page_load,
    office_required,
    user_role_from_token,
)


@dataclasses.dataclass
class PairView:
    key: str
    first_id: int
    first_name: str
    first_details: str
    second_id: int
    second_name: str
    second_details: str
    score: int
    reasons: str


def _run_scan(user_id: int | None) -> int:
    with session_scope() as session:
        record = service.run_scan(session, user_id=user_id or None)
        session.commit()
        return record.pairs_found


class DuplicatesState(PagedListMixin, AuthState):
    rows: list[PairView] = []
    scan_label: str = ""
    scanning: bool = False
    _scan_user_id: int = 0

    def _fetch(self) -> None:
        with session_scope() as session:
            pairs, window = service.pairs_page(session, self.page)
            self.scan_label = service.last_scan_label(session)
        self.rows = [
            PairView(
                f"{p.first.id}-{p.second.id}",
                p.first.id,
                p.first.name,
                p.first.details,
                p.second.id,
                p.second.name,
                p.second.details,
                p.score,
                p.reasons,
            )
            for p in pairs
        ]
        self._show_window(window, len(pairs), "paires", "Aucun doublon probable")

    @rx.event
    @office_page_load
    def load(self):
        self.page = 1
        self._fetch()

    @rx.event
    @office_required
    def next_page(self):
        if self.has_next:
            self.page += 1
            self._fetch()

    @rx.event
    @office_required
    def previous_page(self):
        if self.page > 1:
            self.page -= 1
            self._fetch()

    @rx.event
    @office_required
    def start_scan(self):
        if self.scanning:
            return
        self.scanning = True
        self._scan_user_id = current_user_id(self)
        return DuplicatesState.scan_in_background

    @rx.event(background=True)
    async def scan_in_background(self):
        # Background events cannot run the guards: the token is checked here.
        if user_role_from_token(self.session_token) not in OFFICE_ROLES:
            return
        async with self:
            user_id = self._scan_user_id
        try:
            found = await asyncio.to_thread(_run_scan, user_id)
        finally:
            async with self:
                self.scanning = False
                self.page = 1
                self._fetch()
        plural = "s" if found > 1 else ""
        return toasts.saved(f"Analyse terminée : {found} paire{plural} de doublons probables.")

    @rx.event
    @office_required
    def dismiss(self, first_id: int, second_id: int):
        with session_scope() as session:
            service.dismiss_pair(session, first_id, second_id, user_id=current_user_id(self))
            session.commit()
        self._fetch()
        return toasts.saved("Paire écartée : elle ne sera plus proposée.")
