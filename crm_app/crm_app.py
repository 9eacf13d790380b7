import reflex as rx

import crm_app.models  # noqa: F401  (registers every table for alembic)


def index() -> rx.Component:
    return rx.text("Bonjour")


app = rx.App()
app.add_page(index)
