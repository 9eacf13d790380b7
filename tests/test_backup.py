"""Backups: one archive of the database and the private documents with a
checksum manifest; a restore checks everything before replacing anything."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tarfile
import time

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from crm_app import db
from crm_app.backup import service as backups
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core.forms import parse_form
from tests import databases


@pytest.fixture
def setup(db_url, session, office_user, tmp_path, monkeypatch):
    """A database with rows in several tables, and private files."""
    monkeypatch.setattr(db, "database_url", lambda: db_url)
    private = tmp_path / "private"
    (private / "consent" / "2026").mkdir(parents=True)
    (private / "consent" / "2026" / "preuve.pdf").write_bytes(b"%PDF-1.4 " + os.urandom(2048))
    (private / "note.txt").write_text("Signé par Zébulon", encoding="utf-8")
    monkeypatch.setenv("CRM_PRIVATE_DIR", str(private))
    monkeypatch.setenv("CRM_BACKUP_DIR", str(tmp_path / "backups"))
    for name in ("Albert Pont", "Chaufferie Ouest"):
        contacts.create_contact(
            session, parse_form(ContactForm, {"name": name}), created_by_id=office_user.id
        )
    session.commit()
    return db_url, private


def every_row(url: str) -> dict[str, list[tuple]]:
    engine = db.get_engine(url)
    with engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(map(repr, row)) for row in connection.execute(sa.select(table))),
            )
            for table in SQLModel.metadata.sorted_tables
        }


def every_file(folder) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def wipe(url: str, private) -> None:
    engine = db.get_engine(url)
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
    for path in private.rglob("*"):
        if path.is_file():
            path.unlink()
    (private / "stray.txt").write_text("pas dans la sauvegarde")


def test_backup_wipe_restore_gives_back_every_row_and_file(setup, session):
    url, private = setup
    rows, files = every_row(url), every_file(private)
    assert rows["contact"] and rows["app_user"] and rows["audit_entry"]
    archive = backups.backup()
    assert archive.name.startswith("crm-backup-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"] == ("postgresql" if databases.on_postgresql() else "sqlite")
    assert "private/consent/2026/preuve.pdf" in manifest["files"]

    session.close()
    wipe(url, private)
    assert every_row(url)["contact"] == []
    report = backups.restore(archive)
    assert report.files == 2
    assert every_row(url) == rows
    assert every_file(private) == files  # the stray file is gone too


def tampered_copy(archive, tmp_path, change) -> object:
    """The archive rewritten with ``change(name, data) -> data`` on each member."""
    copy = tmp_path / "crm-backup-altered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def test_an_altered_archive_is_refused_and_nothing_is_replaced(setup, session, tmp_path):
    url, private = setup
    archive = backups.backup()
    altered = tampered_copy(
        archive,
        tmp_path,
        lambda name, data: data.replace(b"Z\xc3\xa9bulon", b"Zorglub") if name.endswith(
            "note.txt") else data,
    )
    session.close()
    wipe(url, private)
    with pytest.raises(backups.BackupError, match="Somme de contrôle fausse"):
        backups.restore(altered)
    assert every_row(url)["contact"] == []  # nothing replaced
    assert (private / "stray.txt").exists()


def test_an_archive_from_a_newer_schema_is_refused(setup, tmp_path):
    archive = backups.backup()

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_revision"] = "ffffffffffff"
        return json.dumps(manifest).encode()

    with pytest.raises(backups.BackupError, match="version plus récente"):
        backups.restore(tampered_copy(archive, tmp_path, newer))


def test_not_an_archive_is_refused(setup, tmp_path):
    bogus = tmp_path / "crm-backup-bogus.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(backups.BackupError, match="illisible"):
        backups.restore(bogus)


def test_keep_rotates_the_oldest_archives(setup, tmp_path):
    made = []
    for _ in range(4):
        made.append(backups.backup(keep=2))
        time.sleep(0.01)
    left = sorted((tmp_path / "backups").glob("crm-backup-*.tar.gz"))
    assert sorted(left) == sorted(made[-2:])
    assert not list((tmp_path / "backups").glob(".backup-*"))  # no leftovers


@pytest.mark.skipif(databases.on_postgresql(), reason="SQLite's online backup API")
def test_a_backup_during_an_open_write_transaction_is_consistent(setup):
    url, _ = setup
    path = url.removeprefix("sqlite:///")
    writer = sqlite3.connect(path, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE contact SET city = 'Pas validé'")
    try:
        archive = backups.backup()
    finally:
        writer.rollback()
        writer.close()
    with tarfile.open(archive) as tar:
        copy = tar.extractfile("database.sqlite3").read()
    copy_path = archive.parent / "copy.sqlite3"
    copy_path.write_bytes(copy)
    connection = sqlite3.connect(copy_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cities = {row[0] for row in connection.execute("SELECT city FROM contact")}
    finally:
        connection.close()
    assert "Pas validé" not in cities


def test_an_empty_private_folder_round_trips(setup):
    _, private = setup
    for path in private.rglob("*"):
        if path.is_file():
            path.unlink()
    archive = backups.backup()
    (private / "later.txt").write_text("après la sauvegarde")
    report = backups.restore(archive)
    assert report.files == 0
    assert every_file(private) == {}
    assert not list(private.parent.glob(".private-*"))  # nothing left beside it
