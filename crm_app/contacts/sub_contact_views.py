"""The "Contacts & Adresses" tab of the contact page: sub-contact cards and
the "Créer : Contacts" dialog."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.form_fields import civility_select
from crm_app.contacts.models import ADDRESS_TYPE_LABELS, AddressType
from crm_app.contacts.presenters import SubContactCard
from crm_app.contacts.sub_contact_state import SubContactDialogState as S
from crm_app.core.ui.colors import LiteralAccentColor
from crm_app.core.ui.fields import country_input, labeled, text_input
from crm_app.duplicates.views import duplicate_warning

TYPE_COLORS: dict[str, LiteralAccentColor] = {
    AddressType.CONTACT.value: "blue",
    AddressType.INVOICE.value: "green",
    AddressType.DELIVERY.value: "orange",
    AddressType.OTHER.value: "gray",
    AddressType.PRIVATE.value: "purple",
}


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
                rx.cond(
                    S.can_edit,
                    rx.hstack(
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
                    ),
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
                href="/contact/" + rx.Var.create(card.id).to_string(),
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
            text_input(form[field], lambda v: S.set_sub_field(field, v), f"sub-{field}", **props),
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
                                labeled(
                                    "Pays",
                                    country_input(
                                        form["country_code"],
                                        lambda v: S.set_sub_field("country_code", v),
                                        "sub-country_code",
                                    ),
                                    errors["country_code"],
                                ),
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
            rx.box(duplicate_warning(S.sub_duplicates), margin_top="0.8em"),
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
                rx.cond(
                    S.can_edit,
                    rx.button(
                        rx.icon("plus", size=16),
                        "Créer",
                        on_click=S.open_new_sub_contact,
                        disabled=~S.active,
                        id="new-sub-contact",
                    ),
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
