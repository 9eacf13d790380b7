"""Reflex configuration: offline, self-hosted, SQLite by default."""

import os
from pathlib import Path

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

PROJECT_DIR = Path(__file__).resolve().parent
DEFAULT_DB_URL = f"sqlite:///{PROJECT_DIR / 'data' / 'crm.db'}"

config = rx.Config(
    app_name="crm_app",
    # REFLEX_DB_URL in the environment overrides this (Reflex reads it itself).
    db_url=os.environ.get("REFLEX_DB_URL", DEFAULT_DB_URL),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium")
        )
    ],
    disable_plugins=[SitemapPlugin],
)
