"""The import page's State handlers on a real database file (the background
run itself is the service's, tested in test_imports.py and end to end)."""

from __future__ import annotations

import pytest

from crm_app.imports import service
from crm_app.imports.models import ImportState
from crm_app.imports.preview_lines import preview_lines as _preview
from crm_app.imports.state import ContactImportState
from crm_app.users.models import UserRole
from crm_app.users.service import create_user
from tests.state_helpers import PASSWORD, at_path, log_in, substate

DATA = b"Nom;CP;Divers\nGarage Kervella;29200;x\nSans nom valide;ABC;y\n"


@pytest.fixture(autouse=True)
def private_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_PRIVATE_DIR", str(tmp_path / "private"))


def _uploaded(session, user) -> int:
    record = service.create_import(session, user_id=user.id, file_name="a.csv", data=DATA)
    session.commit()
    return record.id or 0


def test_import_page_mapping_options_and_start(root, office_user, session):
    import_id = _uploaded(session, office_user)
    log_in(root)
    state = substate(root, ContactImportState)
    at_path(state, f"/import/{import_id}")
    state.load()
    assert state.is_draft and state.file_name == "a.csv"
    assert [(c.header, c.sample, c.field) for c in state.columns] == [
        ("Nom", "Garage Kervella", "name"), ("CP", "29200", "zip"), ("Divers", "x", ""),
    ]  # fmt: skip
    state.set_field("Divers", "notes")
    assert state.columns[2].field == "notes"
    state.set_field("Nom", "none")
    state.set_skip_invalid(False)
    state.start()
    assert state.error == "Choisissez la colonne du nom (ou de la raison sociale)."
    state.set_field("Nom", "name")
    state.start()
    assert "ignorer les lignes invalides" in state.error
    lines, totals, error = _preview(import_id)
    assert error == "" and totals.startswith("1 ligne(s) valide(s), 1 invalide(s)")
    assert lines[1].place_error.startswith("Un code postal français")
    state.set_skip_invalid(True)
    assert state.start() is ContactImportState.run_in_background
    assert state.state_value == ImportState.RUNNING.value

    state.set_mapping_name("Mon fichier")
    state.save_mapping()
    assert state.saved_names == ["Mon fichier"]


def test_technicians_cannot_import(root, session, office_user):
    import_id = _uploaded(session, office_user)
    create_user(session, name="Tech", login="tech", password=PASSWORD, role=UserRole.TECHNICIAN)
    session.commit()
    log_in(root, "tech")
    state = substate(root, ContactImportState)
    at_path(state, f"/import/{import_id}")
    state.load()
    assert state.columns == []
    state.set_field("Divers", "notes")
    session.expire_all()
    assert service.mapping_of(service.get_import(session, import_id))["Divers"] == ""
