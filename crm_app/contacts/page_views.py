"""Contact page: editable header, the seven tabs, and the
"Contacts & Adresses" tab with its "Créer : Contacts" dialog."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.models import ADDRESS_TYPE_LABELS, CIVILITY_CHOICES, AddressType
from crm_app.contacts.page_state import ContactPageState as S
from crm_app.contacts.presenters import SubContactCard
from crm_app.contacts.state import EMPTY_CHOICE
from crm_app.contacts.views import role_icon
from crm_app.ui.layout import labeled, protected_page

# The tabs at the bottom of every contact page, in the seed's order.
TABS = [
    ("addresses", "Contacts & Adresses"),
    ("notes", "Notes internes"),
    ("sales", "Ventes & Achats"),
    ("history", "Historique"),
    ("accounting", "Comptabilité"),
    ("marketing", "Marketing"),
    ("location", "Localisation"),
]

TAB_PURPOSES = {
    "notes": "Le bloc-notes interne du contact, les notes client (reprises sur les devis et le "
    "planning d'intervention) et les avertissements, bloquants ou non, sur les interventions, "
    "opportunités, commandes de vente et factures.",
    "sales": "Le rôle du contact (prospect, client, utilisateur, fournisseur), le vendeur, le "
    "revendeur, l'installateur, le prospecteur, la liste de prix, la référence interne, le code "
    "magasin et le consentement RGPD.",
    "history": "Les interventions passées et à venir du contact et de ses adresses, avec "
    "l'impression du rapport d'intervention.",
    "accounting": "Les conditions de paiement, la politique de facturation, le niveau de "
    "confiance, le registre de la société, la position et le numéro fiscaux, les comptes client "
    "et fournisseur.",
    "marketing": "La campagne, la source et le canal, synchronisés avec la dernière opportunité "
    "du contact.",
    "location": "Les coordonnées GPS du contact et de ses adresses, leur géocodage et la carte.",
}

TYPE_COLORS = {
    AddressType.CONTACT.value: "blue",
    AddressType.INVOICE.value: "green",
    AddressType.DELIVERY.value: "orange",
    AddressType.OTHER.value: "gray",
    AddressType.PRIVATE.value: "purple",
}


def _input(value, on_change, field_id: str, **props) -> rx.Component:
    return rx.input(value=value, on_change=on_change, id=field_id, width="100%", **props)


def civility_select(value, on_change, field_id: str) -> rx.Component:
    return rx.select(
        [EMPTY_CHOICE, *CIVILITY_CHOICES],
        value=rx.cond(value, value, EMPTY_CHOICE),
        on_change=on_change,
        id=field_id,
        width="100%",
    )


# --- Header ---------------------------------------------------------------------


def header_field(label: str, field: str, **props) -> rx.Component:
    return labeled(
        label,
        _input(S.header[field], lambda v: S.set_header_field(field, v), f"header-{field}", **props),
        S.header_errors[field],
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
                        rx.badge(
                            S.status_label,
                            color_scheme=rx.match(
                                S.role, ("prospect", "amber"), ("client", "green"), "blue"
                            ),
                            variant="soft",
                        ),
                        align="center",
                    ),
                ),
                rx.heading(S.display_name, size="6", id="contact-title", word_break="break-word"),
                spacing="1",
            ),
            rx.spacer(),
            rx.cond(
                S.active,
                rx.button(
                    rx.icon("archive", size=16),
                    "Archiver",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.archive,
                    id="archive-contact",
                ),
                rx.hstack(
                    rx.badge("Archivé", color_scheme="red", size="2"),
                    rx.button(
                        rx.icon("archive_restore", size=16),
                        "Restaurer",
                        variant="soft",
                        on_click=S.restore,
                        id="restore-contact",
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
                value=rx.cond(S.header_is_company, "company", "individual"),
                on_change=S.set_header_is_company,
                margin_bottom="0.8em",
            ),
        ),
        rx.grid(
            header_field("Nom", "name"),
            rx.cond(
                S.header_is_company & ~S.is_sub_contact,
                rx.fragment(),
                rx.fragment(
                    labeled(
                        "Civilité",
                        civility_select(
                            S.header["civility"],
                            lambda v: S.set_header_field("civility", v),
                            "header-civility",
                        ),
                        S.header_errors["civility"],
                    ),
                    header_field(
                        "Poste occupé", "job_title", placeholder="ex : Directeur Commercial"
                    ),
                ),
            ),
            header_field("Courriel", "email", type="email"),
            header_field("Téléphone", "phone", type="tel"),
            header_field("Mobile", "mobile", type="tel"),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            S.is_sub_contact & (S.header["address_type"] == AddressType.CONTACT.value),
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
                header_field("Pays", "country_code", max_length=2),
                columns=rx.breakpoints(initial="1", sm="2", md="5"),
                spacing="3",
                width="100%",
                margin_top="0.8em",
            ),
        ),
        rx.cond(S.is_sub_contact, header_field("Notes", "comment"), rx.fragment()),
        rx.flex(
            rx.cond(
                S.header_dirty,
                rx.text("Modifications non enregistrées", size="1", color_scheme="orange"),
            ),
            rx.button(
                "Annuler les modifications",
                variant="soft",
                color_scheme="gray",
                on_click=S.reload,
                disabled=~S.header_dirty,
            ),
            rx.button(
                rx.icon("save", size=16), "Enregistrer", on_click=S.save_header, id="save-header"
            ),
            justify="end",
            align="center",
            spacing="3",
            margin_top="1em",
        ),
        width="100%",
    )


# --- Contacts & Adresses tab ----------------------------------------------------------


def sub_contact_card_view(card: SubContactCard) -> rx.Component:
    def line(icon: str, value) -> rx.Component:
        return rx.cond(
            value,
            rx.hstack(
                rx.icon(icon, size=14, color=rx.color("gray", 10)),
                rx.text(value, size="2"),
                align="center",
                spacing="2",
            ),
        )

    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.match(
                    card.address_type,
                    *[
                        (key, rx.badge(ADDRESS_TYPE_LABELS[AddressType(key)], color_scheme=color))
                        for key, color in TYPE_COLORS.items()
                    ],
                    rx.badge(card.type_label),
                ),
                rx.spacer(),
                rx.icon_button(
                    rx.icon("pencil", size=14),
                    size="1",
                    variant="ghost",
                    on_click=S.open_edit_sub_contact(card.id),
                    aria_label="Modifier",
                    class_name="edit-sub-contact",
                ),
                rx.icon_button(
                    rx.icon("archive", size=14),
                    size="1",
                    variant="ghost",
                    color_scheme="red",
                    on_click=S.archive_sub_contact(card.id),
                    aria_label="Archiver",
                    class_name="archive-sub-contact",
                ),
                width="100%",
                align="center",
            ),
            rx.link(
                rx.text(
                    rx.cond(card.civility, card.civility + " ", ""),
                    card.name,
                    weight="bold",
                    size="3",
                ),
                href="/contact/" + card.id.to_string(),
                color_scheme="gray",
                high_contrast=True,
            ),
            rx.cond(card.job_title, rx.text(card.job_title, size="2", color_scheme="gray")),
            line("mail", card.email),
            line("phone", card.phone),
            line("smartphone", card.mobile),
            line("map_pin", card.address),
            rx.cond(
                card.comment,
                rx.text(card.comment, size="1", color_scheme="gray", font_style="italic"),
            ),
            spacing="1",
            align="start",
            width="100%",
        ),
        class_name="sub-contact-card",
    )


def sub_contact_dialog() -> rx.Component:
    form, errors = S.sub_form, S.sub_errors

    def text_field(label: str, field: str, **props) -> rx.Component:
        return labeled(
            label,
            _input(form[field], lambda v: S.set_sub_field(field, v), f"sub-{field}", **props),
            errors[field],
        )

    shares_address = form["address_type"] == AddressType.CONTACT.value
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.sub_editing_id, "Modifier : Contacts", "Créer : Contacts")),
            rx.radio_group.root(
                rx.flex(
                    *[
                        rx.el.label(
                            rx.hstack(
                                rx.radio_group.item(value=t.value, id=f"sub-type-{t.value}"),
                                rx.text(ADDRESS_TYPE_LABELS[t], size="2"),
                                align="center",
                                spacing="1",
                            ),
                        )
                        for t in AddressType
                    ],
                    spacing="4",
                    wrap="wrap",
                ),
                value=form["address_type"],
                on_change=lambda v: S.set_sub_field("address_type", v),
                margin_bottom="1em",
            ),
            rx.cond(
                S.sub_form_error,
                rx.callout(
                    S.sub_form_error,
                    icon="triangle_alert",
                    color_scheme="red",
                    margin_bottom="0.8em",
                ),
            ),
            rx.grid(
                rx.vstack(
                    text_field("Nom du contact", "name"),
                    rx.cond(
                        shares_address,
                        rx.callout(
                            rx.text("Adresse du contact principal : ", S.parent_address),
                            icon="map_pin",
                            size="1",
                            width="100%",
                        ),
                        rx.vstack(
                            text_field("Rue", "street", placeholder="Rue…"),
                            text_field("Complément", "street2", placeholder="Complément…"),
                            rx.grid(
                                text_field("Code postal", "zip"),
                                text_field("Ville", "city"),
                                columns="2",
                                spacing="2",
                                width="100%",
                            ),
                            spacing="2",
                            width="100%",
                        ),
                    ),
                    spacing="3",
                ),
                rx.vstack(
                    labeled(
                        "Civilité",
                        civility_select(
                            form["civility"],
                            lambda v: S.set_sub_field("civility", v),
                            "sub-civility",
                        ),
                        errors["civility"],
                    ),
                    text_field(
                        "Poste occupé", "job_title", placeholder="ex : Directeur Commercial"
                    ),
                    text_field("Courriel", "email", type="email"),
                    text_field("Téléphone", "phone", type="tel"),
                    text_field("Mobile", "mobile", type="tel"),
                    spacing="3",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            labeled(
                "Notes",
                rx.text_area(
                    value=form["comment"],
                    on_change=lambda v: S.set_sub_field("comment", v),
                    placeholder="note interne...",
                    id="sub-comment",
                    width="100%",
                ),
                errors["comment"],
                margin_top="0.8em",
            ),
            rx.flex(
                rx.button(
                    "SAUVEGARDER ET FERMER",
                    on_click=S.save_sub_contact_and_close,
                    id="sub-save-close",
                ),
                rx.button(
                    "ENREGISTRER & CRÉER",
                    variant="outline",
                    on_click=S.save_sub_contact_and_new,
                    id="sub-save-new",
                ),
                rx.button(
                    "ANNULER",
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.cancel_sub_contact,
                    id="sub-cancel",
                ),
                spacing="3",
                wrap="wrap",
                margin_top="1.2em",
            ),
            max_width="760px",
            id="sub-contact-dialog",
        ),
        open=S.sub_dialog_open,
        on_open_change=S.set_sub_dialog_open,
    )


def addresses_tab() -> rx.Component:
    return rx.cond(
        S.is_sub_contact,
        rx.callout(
            rx.text(
                "Cette adresse est rattachée à ",
                rx.link(S.parent_name, href="/contact/" + S.parent_id.to_string()),
                " : gérez les autres adresses depuis la fiche du contact principal.",
            ),
            icon="info",
        ),
        rx.vstack(
            rx.flex(
                rx.text("Sous-contacts et adresses secondaires", weight="medium"),
                rx.spacer(),
                rx.button(
                    rx.icon("plus", size=16),
                    "Créer",
                    on_click=S.open_new_sub_contact,
                    disabled=~S.active,
                    id="new-sub-contact",
                ),
                width="100%",
                align="center",
            ),
            rx.cond(
                S.sub_contacts.length() > 0,
                rx.grid(
                    rx.foreach(S.sub_contacts, sub_contact_card_view),
                    columns=rx.breakpoints(initial="1", sm="2", md="3"),
                    spacing="3",
                    width="100%",
                    id="sub-contact-list",
                ),
                rx.text(
                    "Aucun sous-contact : utilisez « Créer » pour ajouter une personne, une "
                    "adresse de facturation ou un chantier.",
                    color_scheme="gray",
                    size="2",
                ),
            ),
            width="100%",
            spacing="3",
        ),
    )


def tab_purpose(key: str) -> rx.Component:
    return rx.callout(
        TAB_PURPOSES[key],
        icon="info",
        color_scheme="gray",
        variant="surface",
    )


def contact_tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            *[rx.tabs.trigger(label, value=key, id=f"tab-{key}") for key, label in TABS],
            overflow_x="auto",
            wrap="nowrap",
        ),
        rx.tabs.content(addresses_tab(), value="addresses", padding_top="1em"),
        *[
            rx.tabs.content(tab_purpose(key), value=key, padding_top="1em")
            for key, _ in TABS
            if key != "addresses"
        ],
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
                    header_card(),
                    rx.card(contact_tabs(), width="100%"),
                    width="100%",
                    spacing="3",
                ),
                rx.center(rx.spinner(size="3"), padding="3em"),
            ),
        ),
        sub_contact_dialog(),
    )
