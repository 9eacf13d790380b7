"""Backups and restores: the database and the private documents folder in one
timestamped archive with a checksum manifest.

A backup is consistent while the app runs: SQLite's online backup API copies
the database page by page inside a read transaction; PostgreSQL is dumped by
``pg_dump`` (one snapshot). A restore checks everything before it replaces
anything: every checksum of the manifest, the database copy's integrity, and
that its schema is one the code knows (a newer one is refused).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from crm_app import db
from crm_app.core.clock import utcnow
from crm_app.core.settings import PROJECT_DIR, get_settings

ARCHIVE_PREFIX = "crm-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
SQLITE_COPY = "database.sqlite3"
PG_DUMP = "database.pgdump"
PRIVATE = "private"
FORMAT = 1


class BackupError(RuntimeError):
    """Why a backup or a restore cannot be done, in French."""


@dataclass(frozen=True)
class RestoreReport:
    archive: Path
    created_at: str
    schema_revision: str | None
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database_kind(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"Sauvegarde impossible : base « {backend} » non prise en charge.")
    return backend


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("La base SQLite n'est pas un fichier : rien à sauvegarder.")
    return Path(database)


def _libpq_url(url: str) -> str:
    """The URL as pg_dump reads it (without SQLAlchemy's driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_schema_options(url: str) -> list[str]:
    """``--schema`` for the schema the URL's search_path names first, if any:
    the app's tables live there, other schemas belong to someone else."""
    options = str(make_url(url).query.get("options", ""))
    match = re.search(r"search_path=([A-Za-z_][A-Za-z0-9_]*)", options)
    return [f"--schema={match.group(1)}"] if match else []


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"« {name} » est introuvable : installez le client PostgreSQL "
            "(Debian : apt-get install postgresql-client) pour sauvegarder ou restaurer."
        )
    return path


def code_revisions() -> set[str]:
    """Every schema revision the code's migrations know."""
    config = Config(str(PROJECT_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_DIR / "alembic"))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _schema_revision(url: str) -> str | None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while others write."""
    source_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_connection = sqlite3.connect(target)
    try:
        source_connection.backup(target_connection)
    finally:
        target_connection.close()
        source_connection.close()


def _archives(directory: Path) -> list[Path]:
    """The archives this tool made in ``directory``, oldest first."""
    found = directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}")
    return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))


def rotate(directory: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives; returns what was deleted."""
    if keep < 1:
        raise BackupError("--keep doit valoir au moins 1.")
    old = _archives(directory)[:-keep]
    for path in old:
        path.unlink()
    return old


def backup(to_dir: Path | None = None, *, keep: int | None = None) -> Path:
    """Make one archive in ``to_dir`` (default CRM_BACKUP_DIR); its path."""
    settings = get_settings()
    target_dir = Path(to_dir or settings.backup_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    url = db.database_url()
    kind = _database_kind(url)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    archive = target_dir / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    twin = 1
    while archive.exists():  # two backups in the same second
        archive = target_dir / f"{ARCHIVE_PREFIX}{stamp}-{twin}{ARCHIVE_SUFFIX}"
        twin += 1
    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".backup-") as work_dir:
        work = Path(work_dir)
        if kind == "sqlite":
            _copy_sqlite(_sqlite_path(url), work / SQLITE_COPY)
        else:
            dump = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", *_pg_schema_options(url)]
            _run([*dump, "--file", str(work / PG_DUMP), _libpq_url(url)], "pg_dump")
        private = Path(settings.private_dir)
        if private.is_dir():
            shutil.copytree(private, work / PRIVATE)
        else:
            (work / PRIVATE).mkdir()
        files = {
            path.relative_to(work).as_posix(): _sha256(path)
            for path in sorted(work.rglob("*"))
            if path.is_file()
        }
        manifest = {
            "format": FORMAT,
            "created_at": utcnow().isoformat(),
            "database": kind,
            "schema_revision": _schema_revision(url),
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            for name in [MANIFEST, *files]:
                tar.add(work / name, arcname=name, recursive=False)
        partial.replace(archive)  # a half-written archive never has the final name
    if keep is not None:
        rotate(target_dir, keep)
    return archive


def _run(command: list[str], tool: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{tool} a échoué : {done.stderr.strip()[:500]}")
    return done.stdout


def _read_archive(archive: Path, into: Path) -> dict:
    """Extract and check every checksum; the manifest."""
    if not archive.is_file():
        raise BackupError(f"Archive introuvable : {archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")  # no absolute paths, links out, devices
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Archive illisible : {error}") from None
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError("Archive sans manifeste lisible : ce n'est pas une sauvegarde.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Format de sauvegarde inconnu.")
    listed = manifest.get("files", {})
    present = {
        path.relative_to(into).as_posix()
        for path in into.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }
    if present != set(listed):
        raise BackupError("Le contenu de l'archive ne correspond pas à son manifeste.")
    for name, checksum in listed.items():
        if _sha256(into / name) != checksum:
            raise BackupError(f"Somme de contrôle fausse pour « {name} » : archive altérée.")
    return manifest


def _check_schema(manifest: dict) -> None:
    revision = manifest.get("schema_revision")
    if revision is not None and revision not in code_revisions():
        raise BackupError(
            f"Cette sauvegarde vient d'une version plus récente de l'application (schéma "
            f"{revision}) : mettez l'application à jour avant de la restaurer."
        )


def _check_sqlite_copy(copy: Path) -> None:
    connection = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"La base sauvegardée est illisible : {error}") from None
    finally:
        connection.close()
    if not result or result[0] != "ok":
        raise BackupError(f"La base sauvegardée est abîmée : {result[0] if result else '?'}")


def _stage_private(extracted: Path, private: Path) -> Path:
    """The archive's private folder, copied beside the live one (same disk)."""
    private.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(dir=private.parent, prefix=".private-new-"))
    if extracted.is_dir():  # an empty folder leaves no entry in the archive
        shutil.copytree(extracted, incoming, dirs_exist_ok=True)
    return incoming


def _swap_private(incoming: Path, private: Path) -> None:
    """Put the staged folder in place of the live one, by renames."""
    previous = private.with_name(f".private-old-{os.getpid()}")
    if private.exists():
        private.rename(previous)
    incoming.rename(private)
    shutil.rmtree(previous, ignore_errors=True)


def _check_database_copy(kind: str, work: Path) -> None:
    if kind == "sqlite":
        _check_sqlite_copy(work / SQLITE_COPY)
    else:
        _run([_pg_tool("pg_restore"), "--list", str(work / PG_DUMP)], "pg_restore")


def _restore_database(kind: str, url: str, work: Path) -> None:
    if kind == "sqlite":
        # Into the live file through the backup API: other connections see
        # either the old database or the restored one, never half of each.
        _copy_sqlite(work / SQLITE_COPY, _sqlite_path(url))
        return
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            _libpq_url(url),
            str(work / PG_DUMP),
        ],
        "pg_restore",
    )


def restore(archive: Path) -> RestoreReport:
    """Check the archive, then replace the database and the private folder.
    Every check comes first; the private folder is staged before the database
    is touched, and put in place by a rename once the database is restored."""
    url = db.database_url()
    kind = _database_kind(url)
    private = Path(get_settings().private_dir)
    with tempfile.TemporaryDirectory(prefix="crm-restore-") as work_dir:
        work = Path(work_dir)
        manifest = _read_archive(Path(archive), work)
        if manifest.get("database") != kind:
            raise BackupError(
                f"Sauvegarde d'une base {manifest.get('database')} : la base configurée "
                f"est {kind}."
            )
        _check_schema(manifest)
        _check_database_copy(kind, work)
        incoming = _stage_private(work / PRIVATE, private)
        try:
            _restore_database(kind, url, work)
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise
        _swap_private(incoming, private)
    return RestoreReport(
        archive=Path(archive),
        created_at=str(manifest.get("created_at")),
        schema_revision=manifest.get("schema_revision"),
        files=sum(1 for name in manifest["files"] if name.startswith(PRIVATE + "/")),
    )


def created_label(report: RestoreReport) -> str:
    try:
        return datetime.fromisoformat(report.created_at).strftime("%d/%m/%Y %H:%M UTC")
    except ValueError:
        return report.created_at
