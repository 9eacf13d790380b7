"""The app's short messages, one place for how they look and where they go."""

from __future__ import annotations

import reflex as rx


def saved(message: str):
    """Something was done as asked."""
    return rx.toast.success(message)


def refused(message: str):
    """Something could not be done; the message says why (French)."""
    return rx.toast.error(message)


def notice(message: str):
    """For information: nothing went wrong."""
    return rx.toast.info(message)
