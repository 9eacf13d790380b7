"""The visit page (« Compte rendu d'entretien »), made for a phone held in
one hand: the customer and the warning first, one card per equipment, a
large « Terminer l'intervention » button, then the certificates."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.fields import field_error, labeled
from crm_app.documents.views import state_badge
from crm_app.equipment.models import SWEEP_METHOD_LABELS
from crm_app.equipment.visit_sheet import PhoneLink, VisitCard
from crm_app.equipment.visit_state import VisitState as V
from crm_app.reference.models import EquipmentCategory
from crm_app.users.layout import phone_page

ROUTE = "/entretien"


def _error(card: VisitCard, field: str):
    return V.errors[card.prefix + field]


def card_view(card: VisitCard, index) -> rx.Component:
    def area(label: str, field: str, placeholder: str = "") -> rx.Component:
        return labeled(
            label,
            rx.text_area(
                value=getattr(card, field),
                on_change=lambda v: V.set_card_field(index, field, v),
                id=f"visit-{field}-" + rx.Var.create(card.equipment_id).to_string(),
                placeholder=placeholder,
                disabled=V.done,
                rows="3",
                width="100%",
                resize="vertical",
            ),
            _error(card, field),
        )

    combustion = card.category == EquipmentCategory.COMBUSTION.value
    flue = card.category == EquipmentCategory.FLUE.value
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("flame", size=18, color=rx.color("orange", 9)),
                rx.text(card.title, weight="bold", size="3"),
                align="center",
            ),
            field_error(_error(card, "__all__")),
            area("Contrôles et opérations effectués", "checks_done", "Nettoyage, réglages…"),
            rx.cond(
                combustion,
                labeled(
                    "CO mesuré (ppm)",
                    rx.input(
                        value=card.co_ppm,
                        on_change=lambda v: V.set_card_field(index, "co_ppm", v),
                        id="visit-co_ppm-" + rx.Var.create(card.equipment_id).to_string(),
                        width="100%",
                        input_mode="decimal",
                        disabled=V.done,
                        size="3",
                    ),
                    _error(card, "co_ppm"),
                ),
            ),
            rx.cond(
                flue,
                labeled(
                    "Méthode de ramonage",
                    rx.select.root(
                        rx.select.trigger(
                            id="visit-sweep_method-" + rx.Var.create(card.equipment_id).to_string(),
                            width="100%",
                        ),
                        rx.select.content(
                            *[
                                rx.select.item(label, value=key)
                                for key, label in SWEEP_METHOD_LABELS.items()
                            ]
                        ),
                        value=card.sweep_method,
                        on_change=lambda v: V.set_card_field(index, "sweep_method", v),
                        disabled=V.done,
                        size="3",
                    ),
                    _error(card, "sweep_method"),
                ),
            ),
            rx.cond(~flue, area("Évaluation du rendement", "efficiency")),
            area("Défauts constatés", "defects"),
            rx.cond(~flue, area("Conseils (bon usage, améliorations)", "advice")),
            area("Observations", "observations"),
            rx.cond(
                card.recorded,
                rx.button(
                    rx.icon("file-down", size=18),
                    card.certificate,
                    size="3",
                    variant="soft",
                    width="100%",
                    on_click=V.download_certificate(card.equipment_id),
                    class_name="visit-certificate",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="visit-card",
    )


def phone_link(phone: PhoneLink) -> rx.Component:
    return rx.link(
        rx.button(rx.icon("phone", size=16), phone.label, variant="soft", size="3"),
        href=phone.href,
    )


def choose_equipment_box() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text("Quels équipements entretenez-vous ?", weight="bold"),
            rx.foreach(
                V.candidates,
                lambda pair: rx.checkbox(
                    pair[1],
                    checked=V.chosen.contains(pair[0]),
                    on_change=lambda checked: V.toggle_candidate(pair[0], checked),
                    size="3",
                    class_name="visit-candidate",
                ),
            ),
            rx.button(
                "Valider",
                on_click=V.confirm_equipment,
                size="3",
                width="100%",
                id="visit-confirm-equipment",
            ),  # fmt: skip
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def visit_body() -> list[rx.Component]:
    return [
        rx.hstack(
            rx.heading("Compte rendu d'entretien", size="5"),
            state_badge(V.state, V.state_label),
            align="center",
            wrap="wrap",
        ),
        rx.text(V.when, " · ", V.task, size="2", color_scheme="gray"),
        rx.cond(
            V.warning,
            rx.callout(
                V.warning,
                icon="triangle_alert",
                color_scheme="red",
                width="100%",
                id="visit-warning",
            ),  # fmt: skip
        ),
        rx.card(
            rx.vstack(
                rx.text(V.customer, weight="bold", size="3"),
                rx.text(V.address, size="2"),
                rx.flex(rx.foreach(V.phones, phone_link), spacing="2", wrap="wrap"),
                rx.cond(
                    V.notes,
                    rx.text(V.notes, size="2", white_space="pre-wrap", color_scheme="gray"),
                ),
                spacing="2",
            ),
            width="100%",
        ),
        rx.cond(
            ~V.maintenance,
            rx.callout(
                "Cette intervention n'est pas d'un type « Entretien » : l'entretien des "
                "équipements ne sera pas reporté à l'échéance suivante.",
                icon="info",
                size="1",
                width="100%",
            ),
        ),
        rx.cond(
            (V.cards.length() == 0) & ~V.done,
            rx.cond(
                V.candidates.length() > 0,
                choose_equipment_box(),
                rx.text(
                    "Aucun équipement enregistré à cette adresse : ajoutez-le depuis la fiche.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
        ),
        rx.foreach(V.cards, card_view),
        rx.cond(
            V.error_summary,
            rx.callout(
                V.error_summary,
                icon="triangle_alert",
                color_scheme="red",
                width="100%",
                id="visit-error",
            ),  # fmt: skip
        ),
        rx.cond(
            (V.cards.length() > 0) & ~V.done,
            rx.button(
                rx.icon("circle-check", size=20),
                "Terminer l'intervention",
                size="4",
                width="100%",
                color_scheme="green",
                on_click=V.finish,
                id="visit-finish",
            ),
        ),
        rx.link(
            "Ouvrir l'intervention",
            href="/interventions/" + rx.Var.create(V.intervention_id).to_string(),
            size="2",
        ),
    ]


def visit_page() -> rx.Component:
    return phone_page(V.refused, *visit_body())
