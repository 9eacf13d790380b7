"""The commercial tabs of the contact page: Notes internes, Ventes & Achats,
Comptabilité and Marketing. Saved with the header by its "Enregistrer".

On a sub-contact they show the main contact's values, read-only.
"""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.commercial_controls import (
    READ_ONLY,
    field_area,
    field_select,
    field_text,
    flag,
    inherited_notice,
    options_of,
    picker,
    section,
)
from crm_app.contacts.commercial_state import CONSENT_UPLOAD_ID
from crm_app.contacts.commercial_state import CommercialTabsState as C
from crm_app.contacts.consent_proof import MAX_PROOF_BYTES
from crm_app.contacts.models import (
    CUSTOMER_STATUS_LABELS,
    INVOICE_POLICY_LABELS,
    TRUST_LEVEL_LABELS,
)
from crm_app.contacts.page_state import ContactPageState as S
from crm_app.core.ui.fields import choice_select, field_error, labeled

# --- Notes internes ------------------------------------------------------------------


def notes_tab() -> rx.Component:
    return rx.vstack(
        inherited_notice(),
        rx.grid(
            field_area(
                "Notes internes",
                "internal_notes",
                "Bloc-notes de l'équipe : jamais imprimé ni montré au client.",
                rows="7",
            ),
            field_area(
                "Notes client",
                "customer_notes",
                "Reprises dans la note client des devis et du planning d'intervention.",
                rows="7",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("triangle_alert", size=18, color=rx.color("orange", 10)),
                    rx.heading("Avertissements", size="3"),
                    align="center",
                ),
                labeled(
                    "Objet(s)",
                    rx.flex(
                        flag("interventions", "warning_on_interventions"),
                        flag("opportunités", "warning_on_opportunities"),
                        flag("commandes de vente", "warning_on_sale_orders"),
                        flag("factures", "warning_on_invoices"),
                        wrap="wrap",
                        spacing="4",
                    ),
                    S.form_errors["warning_objects"],
                ),
                flag(
                    "Bloquant (le client ne peut pas être choisi sur ces objets)",
                    "warning_blocking",
                ),
                field_text("Message", "warning_message", placeholder="ex : Mauvais payeur"),
                spacing="3",
                width="100%",
            ),
            width="100%",
            variant="surface",
        ),
        spacing="4",
        width="100%",
    )


# --- Ventes & Achats -------------------------------------------------------------------


def consent_proof_box() -> rx.Component:
    upload = rx.upload.root(
        rx.button(
            rx.icon("upload", size=14),
            rx.cond(S.consent_proof_name, "Remplacer le document", "Déposer un document"),
            variant="soft",
            size="1",
            type="button",
        ),
        id=CONSENT_UPLOAD_ID,
        multiple=False,
        max_files=1,
        max_size=MAX_PROOF_BYTES,
        accept={
            "application/pdf": [".pdf"],
            "image/png": [".png"],
            "image/jpeg": [".jpg", ".jpeg"],
        },
        on_drop=C.upload_proof(rx.upload_files(upload_id=CONSENT_UPLOAD_ID)),
        no_drag=True,
    )
    return rx.vstack(
        rx.cond(
            S.consent_proof_name,
            rx.hstack(
                rx.icon("file_check", size=16, color=rx.color("green", 10)),
                rx.button(
                    S.consent_proof_name,
                    variant="ghost",
                    size="1",
                    on_click=C.download_proof,
                    id="download-proof",
                    type="button",
                ),
                rx.cond(
                    ~READ_ONLY,
                    rx.icon_button(
                        rx.icon("trash_2", size=14),
                        variant="ghost",
                        color_scheme="red",
                        size="1",
                        on_click=C.remove_proof,
                        id="remove-proof",
                        aria_label="Retirer le document",
                    ),
                ),
                align="center",
            ),
            rx.text("Aucun document déposé.", size="1", color_scheme="gray", id="no-proof"),
        ),
        rx.cond(~READ_ONLY, upload),
        rx.text("PDF, PNG ou JPEG, 10 Mo au plus. Document privé.", size="1", color_scheme="gray"),
        field_error(C.proof_error),
        spacing="2",
    )


def sales_tab() -> rx.Component:
    return rx.vstack(
        inherited_notice(),
        section(
            "Rôle",
            rx.vstack(
                flag("Est un client", "is_customer"),
                labeled(
                    "État",
                    choice_select(
                        options_of(CUSTOMER_STATUS_LABELS),
                        S.form["customer_status"],
                        lambda value: S.set_form_field("customer_status", value),
                        "field-customer_status",
                        disabled=READ_ONLY | ~S.flags["is_customer"],
                    ),
                    S.form_errors["customer_status"],
                ),
                flag("Statut forcé", "customer_status_forced"),
                rx.text(
                    "Un statut forcé n'est jamais changé automatiquement (par exemple quand "
                    "un devis est validé).",
                    size="1",
                    color_scheme="gray",
                ),
                spacing="2",
                width="100%",
            ),
            rx.vstack(
                flag("Est un fournisseur", "is_supplier"),
                picker("Utilisateur du CRM lié", "linked_user_id", "Rechercher un utilisateur"),
                spacing="3",
                width="100%",
            ),
        ),
        rx.separator(size="4"),
        section(
            "Vente",
            picker("Vendeur", "salesperson_id", "Rechercher un utilisateur"),
            picker("Revendeur", "reseller_id", "Rechercher un contact"),
            picker("Installateur", "installer_id", "Rechercher un contact"),
            picker("Prospecteur", "prospector_id", "Rechercher un contact"),
            field_select("Liste de prix de vente", "sale_pricelist_id", S.choices["pricelist"]),
        ),
        rx.separator(size="4"),
        section(
            "Divers",
            field_text("Référence interne", "internal_reference", placeholder="ex : CLI-00042"),
            field_text("Code magasin", "shop_code"),
        ),
        rx.separator(size="4"),
        section(
            "Utilisation données personnelles",
            rx.vstack(
                flag("Autorise recevoir communication", "consent_communication"),
                labeled(
                    "Date de l'autorisation",
                    rx.text(
                        rx.cond(S.consent_date_label, S.consent_date_label, "—"),
                        id="consent-date",
                        size="2",
                    ),
                ),
                spacing="3",
            ),
            rx.vstack(
                field_area("Preuve autorisation", "consent_proof_text", rows="3"),
                consent_proof_box(),
                spacing="2",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )


# --- Comptabilité -------------------------------------------------------------------------


def accounting_tab() -> rx.Component:
    return rx.vstack(
        inherited_notice(),
        rx.grid(
            section(
                "Ventes",
                field_select(
                    "Conditions de paiement client",
                    "customer_payment_term_id",
                    S.choices["customer_payment_term"],
                ),
                field_select(
                    "Politique de facturation", "invoice_policy", options_of(INVOICE_POLICY_LABELS)
                ),
                field_select("Niveau de confiance", "trust_level", options_of(TRUST_LEVEL_LABELS)),
                columns="1",
            ),
            section(
                "Achats",
                field_select(
                    "Conditions de paiement du vendeur",
                    "supplier_payment_term_id",
                    S.choices["supplier_payment_term"],
                ),
                columns="1",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="5",
            width="100%",
        ),
        rx.separator(size="4"),
        section(
            "Information fiscale",
            field_text("Registre de la société", "company_registry", placeholder="SIREN ou SIRET"),
            field_select("Position fiscale", "fiscal_position_id", S.choices["fiscal_position"]),
            field_text("Numéro fiscal", "vat", placeholder="ex : FR40303265045, BE0477472701"),
        ),
        rx.separator(size="4"),
        section(
            "Écritures comptables",
            field_select("Compte client", "receivable_account_id", S.choices["receivable_account"]),
            field_select("Compte fournisseur", "payable_account_id", S.choices["payable_account"]),
        ),
        spacing="4",
        width="100%",
    )


# --- Marketing ------------------------------------------------------------------------------


def marketing_tab() -> rx.Component:
    return rx.vstack(
        inherited_notice(),
        section(
            "Marketing",
            field_select("Campagne", "campaign_id", S.choices["campaign"]),
            field_select("Source", "source_id", S.choices["source"]),
            field_select("Canal", "medium_id", S.choices["medium"]),
            columns="3",
        ),
        rx.text(
            "Ces champs suivent la dernière opportunité du contact : ils sont repris d'elle "
            "quand une opportunité est créée, modifiée ou supprimée.",
            size="1",
            color_scheme="gray",
        ),
        spacing="3",
        width="100%",
    )
