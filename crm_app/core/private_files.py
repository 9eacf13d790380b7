"""Files kept in the private folder (CRM_PRIVATE_DIR, or data/private beside
the project), which no public route serves: consent proofs, field photos,
customers' signatures. Each kind has its own sub-folder; files are named by a
random key, and a key that is not one (``../``…) never leaves the folder."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from crm_app.core.settings import get_settings

_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


@dataclass(frozen=True)
class PrivateFolder:
    name: str  # the sub-folder: "consent-proofs", "signatures"…

    def folder(self) -> Path:
        path = get_settings().private_dir / self.name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def path(self, key: str) -> Path:
        if not _KEY_PATTERN.match(key or ""):
            raise FileNotFoundError(key)
        return self.folder() / key

    def store(self, data: bytes) -> str:
        """Write ``data`` under a new random key; returns the key."""
        key = secrets.token_urlsafe(24)
        self.path(key).write_bytes(data)
        return key

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def discard(self, key: str | None) -> None:
        """Delete a file nothing points to any more (missing: nothing to do)."""
        if not key:
            return
        try:
            self.path(key).unlink(missing_ok=True)
        except FileNotFoundError:  # not a key
            pass
