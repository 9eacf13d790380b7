"""The field report page (/terrain/<id>), made for a phone: the customer and
the warning first, « Démarrer », the report, photos, the customer's
signature, then « Terminé » / « Inachevé » and the printed report."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.draft_text import draft_text_area
from crm_app.core.ui.fields import field_error, labeled
from crm_app.core.ui.signature_pad import signature_pad
from crm_app.documents.views import state_badge
from crm_app.interventions.attachments import MAX_PHOTO_BYTES
from crm_app.interventions.field_state import FieldReportState as F
from crm_app.interventions.fieldwork import PhotoLine
from crm_app.users.layout import phone_page

ROUTE = "/terrain"
PHOTO_UPLOAD_ID = "field-photos"
VISIT_ROUTE = "/entretien"  # the maintenance measurements (equipment domain's page)


def _customer_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(F.customer, weight="bold", size="3"),
            rx.text(F.address, size="2"),
            rx.cond(
                F.phone,
                rx.link(
                    rx.button(rx.icon("phone", size=16), F.phone_label, variant="soft", size="3"),
                    href="tel:" + F.phone,
                ),
            ),
            rx.cond(
                F.notes,
                rx.box(
                    rx.text("Notes client", weight="bold", size="1", color_scheme="gray"),
                    rx.text(F.notes, size="2", white_space="pre-wrap"),
                ),
            ),
            rx.cond(
                F.description,
                rx.box(
                    rx.text("Description", weight="bold", size="1", color_scheme="gray"),
                    rx.text(F.description, size="2", white_space="pre-wrap"),
                ),
            ),
            spacing="2",
        ),
        width="100%",
    )


def _photo(photo: PhotoLine) -> rx.Component:
    return rx.box(
        rx.image(src=photo.thumbnail, alt=photo.file_name, width="100%", border_radius="6px"),
        rx.icon_button(
            rx.icon("trash-2", size=14),
            size="1",
            color_scheme="red",
            variant="solid",
            position="absolute",
            top="4px",
            right="4px",
            aria_label="Supprimer la photo",
            on_click=F.remove_photo(photo.id),
            disabled=F.finished,
        ),
        position="relative",
        width="110px",
    )


def _photos_box() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text("Photos", weight="bold"),
            rx.flex(rx.foreach(F.photos, _photo), spacing="2", wrap="wrap"),
            rx.upload.root(
                rx.button(
                    rx.icon("camera", size=18),
                    "Ajouter des photos",
                    variant="soft",
                    size="3",
                    type="button",
                ),
                id=PHOTO_UPLOAD_ID,
                multiple=True,
                # Images only: phones then offer the camera, and an iPhone sends
                # its HEIC photos converted to JPEG.
                accept={"image/*": []},
                max_size=MAX_PHOTO_BYTES,
                no_drag=True,
                on_drop=F.upload_photos(rx.upload_files(upload_id=PHOTO_UPLOAD_ID)),
                on_drop_rejected=rx.toast.error(
                    "Photo refusée : 10 Mo au plus par photo.", position="top-center"
                ),
            ),
            field_error(F.errors.get("photos", "")),
            rx.text(
                "10 Mo au plus par photo ; réduites et conservées en privé.",
                size="1",
                color_scheme="gray",
            ),  # fmt: skip
            spacing="2",
        ),
        width="100%",
    )


def _signature_box() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text("Signature du client", weight="bold"),
            rx.cond(F.signed_label, rx.badge(F.signed_label, color_scheme="green", size="2")),
            rx.cond(
                F.signature_image,
                rx.image(
                    src=F.signature_image,
                    alt="Signature enregistrée",
                    id="saved-signature",
                    max_height="120px",
                    border="1px solid var(--gray-5)",
                    border_radius="6px",
                    background="white",
                ),
            ),
            signature_pad(
                F.set_signature,
                F.clear_signal,
                "signature-pad",
                height=180,
                draft_key="crm-signature-" + rx.Var.create(F.intervention_id).to_string(),
                server_has_drawing=F.has_signature,
            ),
            field_error(F.errors.get("signature", "")),
            labeled(
                "Nom du signataire",
                rx.input(
                    value=F.signer_name,
                    on_change=F.set_signer_name,
                    id="signer-name",
                    size="3",
                    width="100%",
                ),
            ),
            rx.hstack(
                rx.button(
                    "Effacer",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=F.clear_signature,
                    type="button",
                ),  # fmt: skip
                rx.button(
                    rx.icon("signature", size=18),
                    "Enregistrer la signature",
                    size="3",
                    on_click=F.save_signature,
                    id="save-signature",
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _report_box() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text("Compte rendu", weight="bold"),
            draft_text_area(
                F.report,
                F.set_report,
                F.draft_key,
                F.saved_signal,
                "field-report",
                rows=6,
                placeholder="Ce qui a été fait, ce qui reste à faire…",
                invalid=F.errors.contains("report"),
            ),
            field_error(F.errors.get("report", "")),
            labeled(
                "Temps passé (vide : depuis le démarrage)",
                rx.input(
                    value=F.time_spent,
                    on_change=F.set_time_spent,
                    placeholder="01:30",
                    id="time-spent",
                    size="3",
                    width="8em",
                ),
            ),
            field_error(F.errors.get("time_spent", "")),
            rx.cond(
                F.error_summary,
                rx.callout(
                    F.error_summary,
                    icon="triangle_alert",
                    color_scheme="red",
                    width="100%",
                    id="field-error",
                ),  # fmt: skip
            ),
            rx.flex(
                rx.button(
                    rx.icon("circle-check", size=20),
                    "Terminé",
                    size="4",
                    color_scheme="green",
                    on_click=F.finish(True),
                    id="finish-done",
                    flex="1",
                ),
                rx.button(
                    rx.icon("circle-pause", size=20),
                    "Inachevé",
                    size="4",
                    color_scheme="orange",
                    variant="soft",
                    on_click=F.finish(False),
                    id="finish-unfinished",
                    flex="1",
                ),
                spacing="2",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _done_box() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text("Compte rendu", weight="bold"),
            rx.text(F.report, size="2", white_space="pre-wrap", id="report-text"),
            rx.text(
                "Début ",
                F.started_label,
                " · fin ",
                F.ended_label,
                " · ",
                F.time_spent_label,
                size="2",
                color_scheme="gray",
            ),  # fmt: skip
            spacing="2",
        ),
        width="100%",
    )


def field_body() -> list[rx.Component]:
    return [
        rx.hstack(
            rx.heading("Intervention", size="5"),
            state_badge(F.state, F.state_label),
            align="center",
            wrap="wrap",
        ),
        rx.text(F.when, " · ", F.task, size="2", color_scheme="gray"),
        rx.cond(
            F.warning,
            rx.callout(
                F.warning,
                icon="triangle_alert",
                color_scheme="red",
                width="100%",
                id="field-warning",
            ),  # fmt: skip
        ),
        _customer_card(),
        rx.cond(
            F.can_start,
            rx.button(
                rx.icon("play", size=20),
                "Démarrer",
                size="4",
                width="100%",
                on_click=F.start,
                id="start-intervention",
            ),
        ),
        rx.cond(
            F.state == "in_progress",
            rx.text("Démarrée le ", F.started_label, size="2", color_scheme="gray"),
        ),
        rx.cond(
            F.maintenance,
            rx.link(
                rx.button(
                    rx.icon("clipboard-check", size=18),
                    "Mesures d'entretien",
                    variant="soft",
                    size="3",
                    width="100%",
                ),  # fmt: skip
                href=VISIT_ROUTE + "/" + rx.Var.create(F.intervention_id).to_string(),
                width="100%",
            ),
        ),
        rx.cond(~F.cancelled, _photos_box()),
        rx.cond(~F.cancelled, _signature_box()),
        rx.cond(F.can_finish & ~F.cancelled, _report_box(), _done_box()),
        rx.button(
            rx.icon("printer", size=18),
            "Imprimer le rapport",
            variant="outline",
            size="3",
            width="100%",
            on_click=F.print_report,
            id="print-report",
        ),
        rx.link("← Ma journée", href="/ma-journee", size="2"),
    ]


def field_page() -> rx.Component:
    return phone_page(F.refused, *field_body())
