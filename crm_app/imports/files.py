"""The uploaded files of imports, kept in the private folder (never served)
until their import is undone: an interrupted import resumes from its file."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from crm_app.core.settings import get_settings

_KEY = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def _folder() -> Path:
    folder = get_settings().private_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(key: str) -> Path:
    if not _KEY.match(key):
        raise ValueError("bad file key")
    return _folder() / key


def store(data: bytes) -> str:
    key = secrets.token_urlsafe(24)
    _path(key).write_bytes(data)
    return key


def read(key: str) -> bytes:
    return _path(key).read_bytes()


def discard(key: str) -> None:
    _path(key).unlink(missing_ok=True)
