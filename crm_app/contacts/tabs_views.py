"""The commercial tabs of the contact page: Notes internes, Ventes & Achats,
Comptabilité and Marketing. Saved with the header by its "Enregistrer".

On a sub-contact they show the main contact's values, read-only.
"""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.commercial_state import CONSENT_UPLOAD_ID
from crm_app.contacts.commercial_state import CommercialTabsState as C
from crm_app.contacts.consent_proof import MAX_PROOF_BYTES
from crm_app.contacts.form_fields import choice_select, text_area, text_input
from crm_app.contacts.models import (
    CUSTOMER_STATUS_LABELS,
    INVOICE_POLICY_LABELS,
    TRUST_LEVEL_LABELS,
)
from crm_app.contacts.page_state import ContactPageState as S
from crm_app.contacts.presenters import ChoiceOption
from crm_app.ui.layout import field_error, labeled

# A sub-contact shows its main contact's values; technicians read only.
READ_ONLY = S.is_sub_contact | ~S.can_edit


def _options(labels: dict) -> list[ChoiceOption]:
    return [ChoiceOption(value=key.value, label=label) for key, label in labels.items()]


def section(title: str, *children: rx.Component, columns="2") -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="3", weight="medium", color=rx.color("indigo", 11)),
        rx.grid(
            *children,
            columns=rx.breakpoints(initial="1", sm=columns),
            spacing="3",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def field_text(label: str, field: str, **props) -> rx.Component:
    return labeled(
        label,
        text_input(
            S.form[field],
            lambda value: S.set_form_field(field, value),
            f"field-{field}",
            disabled=READ_ONLY,
            **props,
        ),
        S.form_errors[field],
    )


def field_area(label: str, field: str, hint: str = "", rows: str = "5") -> rx.Component:
    control = text_area(
        S.form[field],
        lambda value: S.set_form_field(field, value),
        f"field-{field}",
        rows=rows,
        disabled=READ_ONLY,
    )
    children = [control]
    if hint:
        children.append(rx.text(hint, size="1", color_scheme="gray"))
    return labeled(label, rx.vstack(*children, spacing="1", width="100%"), S.form_errors[field])


def field_select(label: str, field: str, options) -> rx.Component:
    return labeled(
        label,
        choice_select(
            options,
            S.form[field],
            lambda value: S.set_form_field(field, value),
            f"field-{field}",
            disabled=READ_ONLY,
        ),
        S.form_errors[field],
    )


def flag(label: str, field: str) -> rx.Component:
    return rx.checkbox(
        label,
        checked=S.flags[field],
        on_change=lambda value: S.set_flag(field, value),
        id=f"flag-{field}",
        disabled=READ_ONLY,
    )


def picker(label: str, field: str, placeholder: str) -> rx.Component:
    """A searchable picker: typing searches in SQL, a click chooses."""
    searching = C.picker_field == field
    results = rx.cond(
        searching & (C.picker_results.length() > 0),
        rx.card(
            rx.foreach(
                C.picker_results,
                lambda option: rx.box(
                    rx.text(option.label, size="2"),
                    # mouse-down comes before the input's blur closes the list.
                    on_mouse_down=C.choose_picker(field, option.value, option.label),
                    class_name="picker-option",
                    padding="0.35em 0.6em",
                    cursor="pointer",
                    border_radius="4px",
                    _hover={"background": rx.color("indigo", 3)},
                ),
            ),
            position="absolute",
            top="100%",
            left="0",
            right="0",
            z_index="30",
            padding="0.3em",
            id=f"picker-results-{field}",
        ),
    )
    return labeled(
        label,
        rx.box(
            rx.hstack(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    value=rx.cond(searching, C.picker_query, S.picker_labels[field]),
                    placeholder=placeholder,
                    on_focus=C.search_picker(field, ""),
                    on_change=lambda text: C.search_picker(field, text),
                    on_blur=C.close_picker,
                    id=f"picker-{field}",
                    disabled=READ_ONLY,
                    width="100%",
                    auto_complete="off",
                ),
                rx.cond(
                    S.form[field] & ~READ_ONLY,
                    rx.icon_button(
                        rx.icon("x", size=14),
                        variant="ghost",
                        color_scheme="gray",
                        on_click=C.clear_picker(field),
                        id=f"clear-{field}",
                        aria_label="Retirer",
                    ),
                ),
                align="center",
                width="100%",
            ),
            results,
            position="relative",
            width="100%",
        ),
        S.form_errors[field],
    )


def inherited_notice() -> rx.Component:
    return rx.cond(
        S.is_sub_contact,
        rx.callout(
            rx.text(
                "Ces informations sont celles du contact principal ",
                rx.link(S.parent_name, href="/contact/" + S.parent_id.to_string()),
                " : modifiez-les sur sa fiche.",
            ),
            icon="lock",
            color_scheme="gray",
            size="1",
            class_name="inherited-notice",
        ),
    )


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
                        _options(CUSTOMER_STATUS_LABELS),
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
                    "Politique de facturation", "invoice_policy", _options(INVOICE_POLICY_LABELS)
                ),
                field_select("Niveau de confiance", "trust_level", _options(TRUST_LEVEL_LABELS)),
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
