"""The import-linter contracts of pyproject.toml, made from the tree: every
module of a domain lands in its layer by its name (…views / …controls /
layout, …state, models, the rest is service), so a new module is checked at
once.

    python scripts/import_contracts.py            # print them
    python scripts/import_contracts.py --write    # replace them in pyproject.toml

tests/test_architecture.py fails when pyproject.toml is not up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
APP = PROJECT / "crm_app"
# Every package of crm_app is a domain but the core (below all) and the demo data (above all).
DOMAINS = sorted(
    p.name
    for p in APP.iterdir()
    if (p / "__init__.py").is_file() and p.name not in ("core", "demo")
)
APP_LEVEL = ["db", "demo", "crm_app", "contact_tabs", "models", "manage"]
# Modules of a domain other domains may import, besides its service and models.
PUBLIC = {
    "contacts": [
        "page_state",
        "page_tabs",
        "presenters",
        "search",
        "search_index",
        "commercial",
        "consent_proof",
        "forms",
        "commercial_forms",  # the whole page's form model (an import's rows)
        "derived",
        "bulk",  # an import's batch of new contacts in one statement
    ],
    "documents": ["*"],  # the pipeline the document kinds share
    "users": ["state", "layout"],
    "audit": ["hooks"],
    # its part of the RGPD erasure (reports, photos, signatures)
    "interventions": ["search_index", "fieldwork"],
    "exports": ["views"],  # the export button of the contact list
    # the « existe peut-être déjà » warning of contact forms; the rules and the
    # in-memory index an import checks its rows with
    "duplicates": ["views", "matching", "index"],
    # its part of the RGPD export and erasure; the map's « Entretiens à planifier »
    "equipment": ["privacy", "planning"],
    # the offline folium map every map page draws on (« Ma journée »'s route)
    "geo": ["maps"],
    # which sector an address is in (the intervention form's suggestion)
    "planning": ["sectors"],
}
LAYERS = ("views", "state", "service", "models")


def layer_of(module: str) -> str:
    if module.endswith(("views", "controls")) or module in ("form_fields", "layout"):
        return "views"
    if module.endswith("state"):
        return "state"
    return "models" if module == "models" else "service"


def modules_of(domain: str) -> list[str]:
    return sorted(p.stem for p in (APP / domain).glob("*.py") if p.stem != "__init__")


def _list(items: list[str], indent: str = "    ") -> str:
    return "[\n" + "".join(f'{indent}"{item}",\n' for item in items) + "]"


def contracts() -> str:
    blocks = [
        '[tool.importlinter]\nroot_package = "crm_app"\ninclude_external_packages = false\n',
        "[[tool.importlinter.contracts]]\n"
        'id = "app-above-domains"\n'
        'name = "The app (pages, registrations, commands, demo data) above the domains, '
        'the domains above db and core"\n'
        'type = "layers"\n'
        "layers = "
        + _list(
            [
                "crm_app.crm_app | crm_app.manage",
                "crm_app.contact_tabs : crm_app.demo : crm_app.models",
                " : ".join(f"crm_app.{d}" for d in DOMAINS),
                "crm_app.db",
                "crm_app.core",
            ]
        )
        + "\n",
        "[[tool.importlinter.contracts]]\n"
        'id = "core-imports-no-domain"\n'
        'name = "core imports no domain, nor the database module"\n'
        'type = "forbidden"\n'
        'source_modules = ["crm_app.core"]\n'
        "forbidden_modules = " + _list([f"crm_app.{m}" for m in DOMAINS + APP_LEVEL]) + "\n",
    ]
    for domain in DOMAINS:
        groups: dict[str, list[str]] = {layer: [] for layer in LAYERS}
        for module in modules_of(domain):
            groups[layer_of(module)].append(f"crm_app.{domain}.{module}")
        layers = [" : ".join(group) for group in groups.values() if group]
        blocks.append(
            "[[tool.importlinter.contracts]]\n"
            f'id = "{domain}-layers"\n'
            f'name = "{domain}: views above state above service above models"\n'
            'type = "layers"\n'
            "layers = " + _list(layers) + "\n"
        )
    for domain in DOMAINS:
        public = PUBLIC.get(domain, [])
        if public == ["*"]:
            continue
        private = [m for m in modules_of(domain) if m not in ("service", "models", *public)]
        if not private:
            continue
        named = ", ".join(["service", "models", *public])
        blocks.append(
            "[[tool.importlinter.contracts]]\n"
            f'id = "{domain}-public-modules"\n'
            f'name = "Other domains use {domain} only through {named}"\n'
            'type = "forbidden"\n'
            "source_modules = " + _list([f"crm_app.{d}" for d in DOMAINS if d != domain]) + "\n"
            "forbidden_modules = " + _list([f"crm_app.{domain}.{m}" for m in private]) + "\n"
            "allow_indirect_imports = true\n"
        )
    return "\n".join(blocks)


def current() -> str:
    text = (PROJECT / "pyproject.toml").read_text()
    return text[text.index("[tool.importlinter]") :]


def write() -> None:
    path = PROJECT / "pyproject.toml"
    text = path.read_text()
    path.write_text(text[: text.index("[tool.importlinter]")] + contracts())


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
    else:
        print(contracts(), end="")
