"""Invoice pages (list and form)."""

from __future__ import annotations

import reflex as rx

from crm_app.accounting.models import INVOICE_STATE_LABELS
from crm_app.accounting.state import InvoiceFormState as S
from crm_app.accounting.state import InvoiceListState
from crm_app.documents.views import (
    customer_picker,
    doc_date,
    doc_input,
    doc_select,
    document_form_page,
    document_list_page,
    options,
)

ROUTE = "/factures"


def invoice_form_page() -> rx.Component:
    body = rx.grid(
        customer_picker(S),
        doc_select(S, "Adresse de facturation", "invoice_address_id", S.address_options),
        doc_date(S, "Date de facture", "invoice_date"),
        doc_input(S, "Montant (€)", "amount", placeholder="0,00", input_mode="decimal"),
        doc_select(S, "État", "state", options(INVOICE_STATE_LABELS)),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
    )
    return document_form_page(
        S,
        list_href=ROUTE,
        list_label="Factures",
        title_new="Nouvelle facture",
        title_existing="Facture " + S.doc_number,
        body=body,
    )


def invoice_list_page() -> rx.Component:
    return document_list_page(
        InvoiceListState,
        title="Factures",
        route=ROUTE,
        new_label="Nouvelle facture",
        headers=("Numéro", "", "Date", "Montant", "État"),
    )
