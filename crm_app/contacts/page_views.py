"""Contact page: the editable header and the seven tabs."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts import page_tabs
from crm_app.contacts.form_fields import civility_select
from crm_app.contacts.list_views import role_icon
from crm_app.contacts.models import AddressType
from crm_app.contacts.page_state import ContactPageState as S
from crm_app.contacts.save_bar_views import save_bar
from crm_app.contacts.sub_contact_views import sub_contact_dialog
from crm_app.core.ui.colors import color_match
from crm_app.core.ui.fields import country_input, labeled, text_input
from crm_app.users.layout import protected_page

# --- Header ---------------------------------------------------------------------


def header_field(label: str, field: str, **props) -> rx.Component:
    return labeled(
        label,
        text_input(
            S.form[field],
            lambda v: S.set_form_field(field, v),
            f"header-{field}",
            disabled=~S.can_edit,
            **props,
        ),
        S.form_errors[field],
    )


def merged_banner() -> rx.Component:
    return rx.cond(
        S.merged_into_id != 0,
        rx.callout(
            rx.flex(
                rx.text("Ce contact a été fusionné dans une autre fiche ; il est archivé."),
                rx.link(
                    "Ouvrir la fiche gardée",
                    href="/contact/" + S.merged_into_id.to_string(),
                    id="merged-into-link",
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            icon="merge",
            color_scheme="gray",
            id="merged-banner",
        ),
    )


def stale_banner() -> rx.Component:
    return rx.cond(
        S.stale,
        rx.callout(
            rx.flex(
                rx.text(
                    "Ce contact a été modifié par quelqu'un d'autre depuis l'ouverture de la page. "
                    "Vos modifications n'ont pas été enregistrées."
                ),
                rx.button("Recharger", size="1", on_click=S.reload, id="reload-contact"),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            icon="triangle_alert",
            color_scheme="orange",
            id="stale-warning",
        ),
    )


# "Nouveau…" from a contact: the document's form, with this contact as customer.
NEW_DOCUMENTS = [
    ("intervention", "Intervention", "/interventions", "calendar_plus"),
    ("opportunity", "Opportunité", "/opportunites", "target"),
    ("sale-order", "Devis", "/devis", "file_text"),
    ("invoice", "Facture", "/factures", "receipt_euro"),
]


def new_document_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("plus", size=16),
                "Nouveau",
                rx.icon("chevron_down", size=14),
                variant="soft",
                id="new-document",
            )
        ),
        rx.menu.content(
            *[
                rx.menu.item(
                    rx.hstack(rx.icon(icon, size=14), label, align="center"),
                    on_click=rx.redirect(
                        f"{route}/nouveau?client=" + S.contact_id_loaded.to_string()
                    ),
                    id=f"new-{key}",
                )
                for key, label, route, icon in NEW_DOCUMENTS
            ]
        ),
    )


def header_card() -> rx.Component:
    main_only = ~S.is_sub_contact
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.cond(
                    S.is_sub_contact,
                    rx.hstack(
                        rx.badge(S.type_label, size="2"),
                        rx.text("de", size="2", color_scheme="gray"),
                        rx.link(
                            S.parent_name,
                            href="/contact/" + S.parent_id.to_string(),
                            id="parent-link",
                        ),
                        align="center",
                    ),
                    rx.hstack(
                        role_icon(S.role, S.status_label),
                        rx.foreach(
                            S.role_labels,
                            lambda label: rx.badge(
                                label,
                                color_scheme=color_match(
                                    label,
                                    (
                                        ("Prospect", "amber"),
                                        ("Client", "green"),
                                        ("Fournisseur", "blue"),
                                    ),
                                    "violet",
                                ),
                                variant="soft",
                                class_name="role-badge",
                            ),
                        ),
                        rx.cond(
                            S.saved_status_forced,
                            rx.badge(
                                rx.icon("lock", size=12),
                                "Statut forcé",
                                color_scheme="gray",
                                id="status-forced-badge",
                            ),
                        ),
                        align="center",
                        wrap="wrap",
                    ),
                ),
                rx.heading(S.display_name, size="6", id="contact-title", word_break="break-word"),
                rx.cond(
                    S.website != "",
                    rx.link(
                        S.website,
                        href=S.website,
                        is_external=True,
                        rel="noopener noreferrer",
                        size="2",
                        id="contact-website",
                        word_break="break-all",
                    ),
                ),
                rx.cond(
                    S.warning_level != "",
                    rx.callout(
                        rx.text(
                            rx.cond(
                                S.warning_level == "blocking",
                                "Avertissement bloquant : ",
                                "Avertissement : ",
                            ),
                            S.warning_text,
                        ),
                        icon="triangle_alert",
                        color_scheme=rx.cond(S.warning_level == "blocking", "red", "orange"),
                        size="1",
                        id="contact-warning",
                    ),
                ),
                spacing="1",
            ),
            rx.spacer(),
            rx.cond(S.active & S.can_edit, new_document_menu()),
            *[action() for action in page_tabs.header_actions()],
            rx.cond(
                ~S.can_edit,
                rx.badge(
                    rx.icon("eye", size=12),
                    "Lecture seule",
                    color_scheme="gray",
                    id="read-only-badge",
                ),
            ),
            rx.cond(
                S.active,
                rx.cond(
                    S.can_edit,
                    rx.button(
                        rx.icon("archive", size=16),
                        "Archiver",
                        variant="soft",
                        color_scheme="red",
                        on_click=S.archive,
                        id="archive-contact",
                    ),
                ),
                rx.hstack(
                    rx.badge("Archivé", color_scheme="red", size="2"),
                    rx.cond(
                        S.can_edit,
                        rx.button(
                            rx.icon("archive_restore", size=16),
                            "Restaurer",
                            variant="soft",
                            on_click=S.restore,
                            id="restore-contact",
                        ),
                    ),
                ),
            ),
            align="start",
            spacing="3",
            wrap="wrap",
            margin_bottom="1em",
        ),
        rx.cond(
            main_only,
            rx.radio_group.root(
                rx.hstack(
                    rx.radio_group.item(value="individual", id="kind-individual"),
                    rx.text("Particulier", size="2"),
                    rx.radio_group.item(value="company", id="kind-company"),
                    rx.text("Société", size="2"),
                    align="center",
                    spacing="2",
                ),
                value=rx.cond(S.form_is_company, "company", "individual"),
                on_change=S.set_form_is_company,
                disabled=~S.can_edit,
                margin_bottom="0.8em",
            ),
        ),
        rx.grid(
            header_field("Nom", "name"),
            rx.cond(
                S.form_is_company & ~S.is_sub_contact,
                rx.fragment(),
                rx.fragment(
                    labeled(
                        "Civilité",
                        civility_select(
                            S.form["civility"],
                            lambda v: S.set_form_field("civility", v),
                            "header-civility",
                            disabled=~S.can_edit,
                        ),
                        S.form_errors["civility"],
                    ),
                    header_field(
                        "Poste occupé", "job_title", placeholder="ex : Directeur Commercial"
                    ),
                ),
            ),
            header_field("Courriel", "email", type="email"),
            header_field("Téléphone", "phone", type="tel"),
            header_field("Mobile", "mobile", type="tel"),
            rx.cond(
                S.is_sub_contact,
                rx.fragment(),
                header_field("Site web", "website", type="url", placeholder="www.exemple.fr"),
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            S.is_sub_contact & (S.form["address_type"] == AddressType.CONTACT.value),
            rx.callout(
                rx.text("Adresse partagée avec le contact principal : ", S.parent_address),
                icon="map_pin",
                size="1",
                margin_top="1em",
            ),
            rx.grid(
                header_field("Rue", "street"),
                header_field("Complément", "street2"),
                header_field("Code postal", "zip"),
                header_field("Ville", "city"),
                labeled(
                    "Pays",
                    country_input(
                        S.form["country_code"],
                        lambda v: S.set_form_field("country_code", v),
                        "header-country_code",
                        disabled=~S.can_edit,
                    ),
                    S.form_errors["country_code"],
                ),
                columns=rx.breakpoints(initial="1", sm="2", md="5"),
                spacing="3",
                width="100%",
                margin_top="0.8em",
            ),
        ),
        rx.cond(S.is_sub_contact, header_field("Notes", "comment"), rx.fragment()),
        width="100%",
    )


def contact_tabs() -> rx.Component:
    """The registered tabs (contacts/page_tabs.py), in their registration order."""
    tabs = page_tabs.contact_tabs()
    return rx.tabs.root(
        rx.tabs.list(
            *[rx.tabs.trigger(tab.label, value=tab.key, id=f"tab-{tab.key}") for tab in tabs],
            overflow_x="auto",
            wrap="nowrap",
        ),
        *[rx.tabs.content(tab.content(), value=tab.key, padding_top="1em") for tab in tabs],
        value=S.active_tab,
        on_change=S.set_active_tab,
        margin_top="1.2em",
        width="100%",
    )


def contact_page() -> rx.Component:
    return protected_page(
        rx.hstack(
            rx.link(
                rx.hstack(rx.icon("chevron_left", size=16), "Contacts", align="center"), href="/"
            ),
            margin_y="0.8em",
        ),
        rx.cond(
            S.not_found,
            rx.callout(
                "Ce contact n'existe pas ou a été supprimé.",
                icon="triangle_alert",
                color_scheme="red",
            ),
            rx.cond(
                S.contact_id_loaded,
                rx.vstack(
                    stale_banner(),
                    merged_banner(),
                    header_card(),
                    rx.card(contact_tabs(), width="100%"),
                    rx.cond(S.can_edit, save_bar()),
                    width="100%",
                    spacing="3",
                ),
                rx.center(rx.spinner(size="3"), padding="3em"),
            ),
        ),
        sub_contact_dialog(),
    )
