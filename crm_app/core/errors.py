"""Form errors: one field's message, or every wrong field of a form at once."""

from __future__ import annotations


class FieldError(ValueError):
    """One field's value is wrong; the message is meant for that field (French)."""


class FormError(ValueError):
    """Several fields are wrong; ``errors`` maps field name to French message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
