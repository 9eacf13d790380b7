"""Opportunity and quote pages (lists and forms)."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.dialogs import confirm_dialog
from crm_app.documents.views import (
    customer_notes_box,
    customer_picker,
    doc_date,
    doc_input,
    doc_select,
    document_form_page,
    document_list_page,
    options,
)
from crm_app.sales.models import OPPORTUNITY_STAGE_LABELS, SALE_ORDER_STATE_LABELS
from crm_app.sales.state import (
    OpportunityFormState,
    OpportunityListState,
    SaleOrderFormState,
    SaleOrderListState,
)

OPPORTUNITY_ROUTE = "/opportunites"
SALE_ORDER_ROUTE = "/devis"


def delete_button(S) -> rx.Component:
    """Deleting asks first: the contact's marketing may follow another opportunity."""
    return confirm_dialog(
        "Supprimer cette opportunité ?",
        "La campagne, la source et le canal du contact suivront alors son "
        "opportunité précédente, s'il en a une.",
        "Supprimer",
        S.delete,
        confirm_id="doc-delete-confirm",
        trigger=rx.button(
            rx.icon("trash_2", size=16),
            "Supprimer",
            variant="soft",
            color_scheme="red",
            id="doc-delete",
        ),
    )


def opportunity_form_page() -> rx.Component:
    S = OpportunityFormState
    body = rx.grid(
        doc_input(S, "Titre", "title", placeholder="ex : Poêle à granulés salon"),
        customer_picker(S),
        doc_select(S, "Étape", "stage", options(OPPORTUNITY_STAGE_LABELS)),
        doc_input(
            S, "Revenu attendu (€)", "expected_revenue", placeholder="0,00", input_mode="decimal"
        ),
        doc_date(S, "Date de clôture prévue", "expected_close_date"),
        rx.box(),
        doc_select(S, "Campagne", "campaign_id", S.marketing_choices["campaign"]),
        doc_select(S, "Source", "source_id", S.marketing_choices["source"]),
        doc_select(S, "Canal", "medium_id", S.marketing_choices["medium"]),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
    )
    return document_form_page(
        S,
        list_href=OPPORTUNITY_ROUTE,
        list_label="Opportunités",
        title_new="Nouvelle opportunité",
        title_existing="Opportunité",
        body=body,
        actions=[
            rx.cond(S.doc_id, delete_button(S)),
        ],
    )


def opportunity_list_page() -> rx.Component:
    return document_list_page(
        OpportunityListState,
        title="Opportunités",
        route=OPPORTUNITY_ROUTE,
        new_label="Nouvelle opportunité",
        headers=("", "Titre", "Clôture prévue", "Revenu attendu", "Étape"),
    )


def sale_order_form_page() -> rx.Component:
    S = SaleOrderFormState
    body = rx.vstack(
        rx.grid(
            customer_picker(S),
            doc_select(S, "État", "state", options(SALE_ORDER_STATE_LABELS)),
            doc_select(S, "Adresse de facturation", "invoice_address_id", S.address_options),
            doc_select(S, "Adresse de livraison", "delivery_address_id", S.address_options),
            doc_input(S, "Montant (€)", "amount", placeholder="0,00", input_mode="decimal"),
            rx.cond(
                S.validated_label,
                rx.vstack(
                    rx.text("Date de validation", size="2", weight="medium"),
                    rx.text(S.validated_label, size="2", id="doc-validated-at"),
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        customer_notes_box(S),
        spacing="3",
        width="100%",
    )
    return document_form_page(
        S,
        list_href=SALE_ORDER_ROUTE,
        list_label="Devis",
        title_new="Nouveau devis",
        title_existing="Devis " + S.doc_number,
        body=body,
    )


def sale_order_list_page() -> rx.Component:
    return document_list_page(
        SaleOrderListState,
        title="Devis et commandes",
        route=SALE_ORDER_ROUTE,
        new_label="Nouveau devis",
        headers=("Numéro", "", "Date", "Montant", "État"),
    )
