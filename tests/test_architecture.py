"""The shape ARCHITECTURE.md describes, beyond what import-linter checks."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "crm_app"
MAX_MODULE_LINES = 400
# Commands import their heavy parts only when the command runs.
LAZY_IMPORTS_ALLOWED = {"manage.py"}


def modules() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def test_no_module_is_over_400_lines():
    too_long = {
        str(path.relative_to(APP)): n
        for path in modules()
        if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_import_of_the_app_inside_a_function():
    """An import inside a function is how an import circle hides."""
    hidden = []
    for path in modules():
        if path.name in LAZY_IMPORTS_ALLOWED:
            continue
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("crm_app"):
                    hidden.append(f"{path.relative_to(APP)}:{node.lineno}")
                elif isinstance(node, ast.Import) and any(
                    alias.name.startswith("crm_app") for alias in node.names
                ):
                    hidden.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert hidden == []


def test_services_and_models_never_import_reflex():
    offenders = [
        str(path.relative_to(APP))
        for path in modules()
        if not path.stem.endswith(("state", "views", "controls", "fields", "layout"))
        and path.parent.name != "ui"
        # db.py reads the database URL from the Reflex configuration.
        and path.name not in ("crm_app.py", "contact_tabs.py", "form_fields.py", "db.py")
        and any(
            isinstance(node, ast.Import | ast.ImportFrom)
            and any(
                (getattr(node, "module", None) or alias.name).startswith("reflex")
                for alias in node.names
            )
            for node in ast.walk(ast.parse(path.read_text()))
        )
    ]
    assert offenders == []


# select(...), sa.update(...), session.exec(...), not a handler named delete.
SQL_CALL = re.compile(
    r"(\bsa\.|(?<![\w.]))(?<!def )(select|update|delete|insert)\(|\.exec(ute)?\("
)


def test_states_write_no_sql():
    """State classes call services: no query is built in a state module."""
    found = []
    for path in modules():
        if not path.stem.endswith("state"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if SQL_CALL.search(line):
                found.append(f"{path.relative_to(APP)}:{number}")
    assert found == []


def test_import_contracts_cover_every_module():
    """pyproject.toml holds the contracts scripts/import_contracts.py makes
    from the tree: a new module is in its layer (run it with --write)."""
    spec = importlib.util.spec_from_file_location(
        "import_contracts", APP.parent / "scripts" / "import_contracts.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.current() == script.contracts()
