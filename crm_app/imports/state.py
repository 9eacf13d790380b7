"""State of « Importer des contacts »: the list of imports and the upload
(/import), then one import (/import/<id>): mapping, options, preview, the run
in the background with its progress, the report and the undo."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from crm_app.core.ui import toasts
from crm_app.db import bulk_session_scope, session_scope
from crm_app.geo import service as geo
from crm_app.imports import outcomes, progress, runner, service
from crm_app.imports.mapping import IGNORED, suggest_mapping
from crm_app.imports.models import DuplicateAction, ImportState
from crm_app.imports.preview_lines import PreviewLine, preview_lines
from crm_app.imports.readers import FileRefused
from crm_app.imports.service import ImportRefused
from crm_app.users.state import (
    OFFICE_ROLES,
    AuthState,
    current_user_id,
    office_page_load,
    office_required,
    user_role_from_token,
)

POLL_SECONDS = 0.5


@dataclasses.dataclass
class ColumnChoice:
    header: str
    sample: str
    field: str


def _run(import_id: int, user_id: int | None) -> None:
    runner.run_import(bulk_session_scope, import_id, user_id=user_id)


class ContactImportState(AuthState):
    history: list[progress.HistoryLine] = []
    upload_error: str = ""

    import_id: int = 0
    file_name: str = ""
    sheets: list[str] = []
    sheet: str = ""
    columns: list[ColumnChoice] = []
    saved_names: list[str] = []
    mapping_name: str = ""
    duplicate_action: str = DuplicateAction.SKIP.value
    skip_invalid: bool = True
    notes: list[str] = []
    error: str = ""

    previewing: bool = False
    preview_ready: bool = False
    preview: list[PreviewLine] = []
    totals: str = ""

    state_value: str = ""
    state_label: str = ""
    processed: int = 0
    total: int = 0
    percent: int = 0
    counts: str = ""
    rate: str = ""
    time_left: str = ""
    message: str = ""
    geocoding: bool = False
    _user_id: int = 0

    @rx.var
    def is_draft(self) -> bool:
        return self.state_value == ImportState.DRAFT.value

    def _route_import_id(self) -> int:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return int(raw) if raw.isdigit() else 0

    def _show_progress(self, record) -> None:
        shown = progress.progress_of(record)
        self.state_value, self.state_label = shown.state, shown.state_label
        self.processed, self.total, self.percent = shown.processed, shown.total, shown.percent
        self.counts, self.rate, self.time_left = shown.counts, shown.rate, shown.time_left
        self.message = record.message

    def _load_import(self) -> None:
        with session_scope() as session:
            record = service.get_import(session, self.import_id)
            self.file_name = record.file_name
            self._show_progress(record)
            self.saved_names = [m.name for m in service.saved_mappings(session)]
            mapping = service.mapping_of(record)
            self.duplicate_action, self.skip_invalid = record.duplicate_action, record.skip_invalid
            try:
                table = service.load_table(record)
            except FileRefused as refused:
                self.error, self.columns = str(refused), []
                return
        self.sheets, self.sheet, self.notes = table.sheets, table.sheet, table.notes
        samples = {h: next((r[i] for r in table.rows if r[i].strip()), "") for i, h in enumerate(table.headers)}  # noqa: E501
        self.columns = [
            ColumnChoice(h, samples[h][:60], mapping.get(h, IGNORED)) for h in table.headers
        ]

    @rx.event
    @office_page_load
    def load(self):
        self.import_id = self._route_import_id()
        self.error = self.upload_error = ""
        self.preview, self.preview_ready, self.totals = [], False, ""
        if not self.import_id:
            with session_scope() as session:
                self.history = progress.history(session)
            return
        try:
            self._load_import()
        except ImportRefused as refused:
            self.import_id, self.error = 0, str(refused)
            return
        if self.state_value == ImportState.RUNNING.value:
            return ContactImportState.watch

    @rx.event
    @office_required
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            return
        upload = files[0]
        data = await upload.read()
        try:
            with session_scope() as session:
                record = service.create_import(
                    session, user_id=current_user_id(self), file_name=upload.name or "", data=data
                )
                session.commit()
        except FileRefused as refused:
            self.upload_error = str(refused)
            return
        return rx.redirect(f"/import/{record.id}")

    def _save_choices(self, mapping: dict[str, str], row_actions: dict[int, str] | None = None):
        try:
            with session_scope() as session:
                record = service.get_import(session, self.import_id)
                service.configure(
                    session, record, sheet=self.sheet, mapping=mapping,
                    duplicate_action=self.duplicate_action, skip_invalid=self.skip_invalid,
                    row_actions=row_actions if row_actions is not None
                    else service.row_actions_of(record),
                )  # fmt: skip
                session.commit()
        except (ImportRefused, FileRefused) as refused:
            self.error = str(refused)
            return
        self.error = ""
        self.preview_ready = False
        self._load_import()

    def _mapping(self) -> dict[str, str]:
        return {c.header: c.field for c in self.columns}

    @rx.event
    @office_required
    def set_sheet(self, sheet: str):
        self.sheet = sheet
        self._save_choices({})

    @rx.event
    @office_required
    def set_field(self, header: str, field: str):
        mapping = self._mapping()
        mapping[header] = "" if field == "none" else field
        self._save_choices(mapping)

    @rx.event
    @office_required
    def set_duplicate_action(self, action: str):
        self.duplicate_action = DuplicateAction(action).value
        self._save_choices(self._mapping())

    @rx.event
    @office_required
    def set_skip_invalid(self, value: bool):
        self.skip_invalid = bool(value)
        self._save_choices(self._mapping())

    @rx.event
    @office_required
    def set_row_action(self, number: int, action: str):
        with session_scope() as session:
            actions = service.row_actions_of(service.get_import(session, self.import_id))
        actions[int(number)] = DuplicateAction(action).value
        self._save_choices(self._mapping(), actions)
        return ContactImportState.make_preview

    @rx.event
    @office_required
    def set_mapping_name(self, name: str):
        self.mapping_name = name[:100]

    @rx.event
    @office_required
    def save_mapping(self):
        try:
            with session_scope() as session:
                service.save_mapping(
                    session, self.mapping_name, self._mapping(), user_id=current_user_id(self)
                )
                session.commit()
                self.saved_names = [m.name for m in service.saved_mappings(session)]
        except ImportRefused as refused:
            return toasts.refused(str(refused))
        return toasts.saved(f"Correspondance « {self.mapping_name} » enregistrée.")

    @rx.event
    @office_required
    def apply_saved(self, name: str):
        with session_scope() as session:
            saved = next((m for m in service.saved_mappings(session) if m.name == name), None)
        if saved is None:
            return
        headers = [c.header for c in self.columns]
        self.mapping_name = name
        self._save_choices(service.apply_saved_mapping(saved, headers))

    @rx.event
    @office_required
    def suggest(self):
        self._save_choices(suggest_mapping([c.header for c in self.columns]))

    @rx.event(background=True)
    async def make_preview(self):
        if user_role_from_token(self.session_token) not in OFFICE_ROLES:
            return
        async with self:
            if self.previewing:
                return
            self.previewing, import_id = True, self.import_id
        try:
            lines, totals, error = await asyncio.to_thread(preview_lines, import_id)
        finally:
            async with self:
                self.previewing = False
        async with self:
            self.error = error
            self.preview, self.totals, self.preview_ready = lines, totals, not error

    @rx.event
    @office_required
    def start(self):
        try:
            with session_scope() as session:
                record = service.get_import(session, self.import_id)
                rows = service.checked_rows(record, service.load_table(record))
                runner.check_can_start(session, record, rows)
        except (ImportRefused, FileRefused) as refused:
            self.error = str(refused)
            return
        self._user_id = current_user_id(self)
        self.state_value = ImportState.RUNNING.value
        return ContactImportState.run_in_background

    @rx.event(background=True)
    async def run_in_background(self):
        if user_role_from_token(self.session_token) not in OFFICE_ROLES:
            return
        async with self:
            import_id, user_id = self.import_id, self._user_id or None
        work = asyncio.create_task(asyncio.to_thread(_run, import_id, user_id))
        while not work.done():
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                self._refresh()
        await work
        async with self:
            self._refresh()
            self.geocoding = True
        try:
            # The new addresses on the maps, through the app's rate-limited geocoder.
            with session_scope() as session:
                ids = outcomes.created_ids(session, import_id)
            await asyncio.to_thread(geo.geocode_imported, ids)
        finally:
            async with self:
                self.geocoding = False
        return toasts.saved("Import terminé ; les adresses sont géolocalisées.")

    @rx.event(background=True)
    async def watch(self):
        """The page came back to an import running elsewhere: follow it."""
        if user_role_from_token(self.session_token) not in OFFICE_ROLES:
            return
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                self._refresh()
                if self.state_value != ImportState.RUNNING.value:
                    return

    def _refresh(self) -> None:
        with session_scope() as session:
            self._show_progress(service.get_import(session, self.import_id))

    @rx.event
    @office_required
    def undo(self):
        try:
            with session_scope() as session:
                kept = outcomes.undo_import(session, self.import_id, user_id=current_user_id(self))
                session.commit()
        except ImportRefused as refused:
            return toasts.refused(str(refused))
        self._refresh()
        if kept:
            return toasts.notice(f"Import annulé ; conservés car ils ont des documents : {', '.join(kept)}.")  # noqa: E501
        return toasts.saved("Import annulé : les contacts créés sont supprimés.")

    @rx.event
    @office_required
    def download_report(self):
        with session_scope() as session:
            data = outcomes.report_csv(session, self.import_id)
        return rx.download(data=data, filename=f"rapport-import-{self.import_id}.csv")
