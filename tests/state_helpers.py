"""Helpers for State tests: find a state in the tree, set the page, log in."""

from __future__ import annotations

import asyncio
import inspect
from concurrent.futures import ThreadPoolExecutor

import reflex as rx
from reflex.istate.data import RouterData

from crm_app.users.state import AuthState

PASSWORD = "motdepasse-solide"


def substate(root, cls):
    """The instance of a state class in the tree under root (any depth)."""
    chain = []
    while cls is not rx.State:
        chain.append(cls)
        cls = cls.get_parent_state()
    state = root
    for link in reversed(chain):
        state = state.substates[link.get_name()]
    return state


def at_path(state, path: str) -> None:
    state.router = RouterData.from_router_data(
        {"pathname": path, "asPath": path, "headers": {"origin": "http://127.0.0.1"}}
    )


def run_async(result):
    """The outcome of an async handler (or a plain one's result). In a thread:
    the end-to-end tests' Playwright may own this thread's event loop."""
    if not inspect.iscoroutine(result):
        return result
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, result).result()


def log_in(root, login: str = "jean", password: str = PASSWORD) -> AuthState:
    auth = substate(root, AuthState)
    at_path(auth, "/login")
    run_async(auth.login({"login": login, "password": password}))
    return auth


def redirect_path(event) -> str | None:
    """The path of an rx.redirect(...) returned by a handler, or None."""
    if event is None:
        return None
    for name, value in event.args:
        if name._js_expr == "path":
            return value._var_value
    return None
