"""State of the opportunity and quote pages (lists and forms)."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session, col

from crm_app.contacts.commercial import commercial_contact
from crm_app.contacts.models import AddressType, Contact
from crm_app.core import formatting
from crm_app.core.formatting import amount_input, amount_label, date_input
from crm_app.core.ui import toasts
from crm_app.core.ui.options import ChoiceOption, choice_options
from crm_app.db import session_scope
from crm_app.documents import forms
from crm_app.documents.listing import DocumentRow, search_documents
from crm_app.documents.rules import DocumentKind, default_address
from crm_app.documents.state import DocumentFormMixin, DocumentListMixin
from crm_app.reference import service as reference
from crm_app.reference.models import MarketingCampaign, MarketingMedium, MarketingSource
from crm_app.sales import service
from crm_app.sales.models import (
    OPPORTUNITY_STAGE_LABELS,
    SALE_ORDER_STATE_LABELS,
    Opportunity,
    OpportunityStage,
    SaleOrder,
    SaleOrderState,
)
from crm_app.users.state import AuthState, office_required

MARKETING_LISTS = {
    "campaign": (MarketingCampaign, "campaign_id"),
    "source": (MarketingSource, "source_id"),
    "medium": (MarketingMedium, "medium_id"),
}


class OpportunityFormState(DocumentFormMixin, AuthState):
    KIND: ClassVar[DocumentKind] = DocumentKind.OPPORTUNITY
    MODEL: ClassVar[type] = Opportunity
    ROUTE: ClassVar[str] = "/opportunites"
    SAVED_MESSAGE: ClassVar[str] = "Opportunité enregistrée."

    marketing_choices: dict[str, list[ChoiceOption]] = {}

    def _choices(self, session: Session, opportunity: Opportunity | None) -> None:
        """Active campaigns, sources and channels, plus those already chosen."""
        self.marketing_choices = {
            name: choice_options(
                reference.choices(
                    session, model, keep_id=getattr(opportunity, field) if opportunity else None
                )
            )
            for name, (model, field) in MARKETING_LISTS.items()
        }

    def _blank(self, session: Session) -> None:
        self._choices(session, None)
        self.form = {
            "title": "",
            "stage": OpportunityStage.NEW.value,
            "expected_revenue": "",
            "expected_close_date": "",
            "campaign_id": "",
            "source_id": "",
            "medium_id": "",
        }

    def _fill(self, session: Session, document: Opportunity) -> None:
        self._choices(session, document)
        self.form = {
            "title": document.title,
            "stage": document.stage,
            "expected_revenue": amount_input(document.expected_revenue_cents),
            "expected_close_date": date_input(document.expected_close_date),
            **{f: str(getattr(document, f) or "") for f in service.MARKETING_FIELDS},
        }

    def _customer_defaults(self, session: Session, customer: Contact) -> None:
        # Start from the contact's marketing, so the sync does not erase it.
        holder = commercial_contact(session, customer)
        for field in service.MARKETING_FIELDS:
            if not self.form.get(field):
                self.form[field] = str(getattr(holder, field) or "")

    def _save(self, session: Session, form: dict[str, object]):
        return service.save_opportunity(
            session,
            form,
            opportunity_id=self.doc_id or None,
            expected_version=self.doc_version or None,
            user_id=self._user_id(),
        )

    @rx.event
    @office_required
    def delete(self):
        if not self.doc_id:
            return
        with session_scope() as session:
            try:
                service.delete_opportunity(session, self.doc_id, user_id=self._user_id())
            except forms.DocumentNotFound:
                pass
            session.commit()
        return [toasts.notice("Opportunité supprimée."), rx.redirect(self.ROUTE)]


class OpportunityListState(DocumentListMixin, AuthState):
    def _search(self, session: Session):
        result = search_documents(
            session,
            Opportunity,
            self.query,
            page=self.page,
            text_columns=(Opportunity.title,),
            order_by=(col(Opportunity.created_at).desc(),),
        )
        rows = [
            DocumentRow(
                id=o.saved_id,
                reference="",
                customer=c.display_name,
                title=o.title,
                when=formatting.date_label(o.expected_close_date),
                amount=amount_label(o.expected_revenue_cents),
                state=o.stage,
                state_label=OPPORTUNITY_STAGE_LABELS[OpportunityStage(o.stage)],
            )
            for o, c in result.rows
        ]
        return rows, result.window


class SaleOrderFormState(DocumentFormMixin, AuthState):
    KIND: ClassVar[DocumentKind] = DocumentKind.SALE_ORDER
    MODEL: ClassVar[type] = SaleOrder
    ROUTE: ClassVar[str] = "/devis"
    SAVED_MESSAGE: ClassVar[str] = "Devis enregistré."

    validated_label: str = ""

    def _blank(self, session: Session) -> None:
        self.validated_label = ""
        self.form = {
            "invoice_address_id": "",
            "delivery_address_id": "",
            "state": SaleOrderState.DRAFT.value,
            "amount": "",
        }

    def _fill(self, session: Session, document: SaleOrder) -> None:
        self.validated_label = (
            formatting.datetime_label(document.validated_at) if document.validated_at else ""
        )
        self.form = {
            "invoice_address_id": str(document.invoice_address_id),
            "delivery_address_id": str(document.delivery_address_id),
            "state": document.state,
            "amount": amount_input(document.amount_cents),
        }

    def _customer_defaults(self, session: Session, customer: Contact) -> None:
        self.form["invoice_address_id"] = str(
            default_address(session, customer, AddressType.INVOICE).id
        )
        self.form["delivery_address_id"] = str(
            default_address(session, customer, AddressType.DELIVERY).id
        )

    def _save(self, session: Session, form: dict[str, object]):
        return service.save_sale_order(
            session,
            form,
            order_id=self.doc_id or None,
            expected_version=self.doc_version or None,
            user_id=self._user_id(),
        )


class SaleOrderListState(DocumentListMixin, AuthState):
    def _search(self, session: Session):
        result = search_documents(
            session,
            SaleOrder,
            self.query,
            page=self.page,
            text_columns=(SaleOrder.number,),
            order_by=(col(SaleOrder.created_at).desc(),),
        )
        rows = [
            DocumentRow(
                id=o.saved_id,
                reference=o.number,
                customer=c.display_name,
                title="",
                when=formatting.local_date_label(o.created_at),
                amount=amount_label(o.amount_cents),
                state=o.state,
                state_label=SALE_ORDER_STATE_LABELS[SaleOrderState(o.state)],
            )
            for o, c in result.rows
        ]
        return rows, result.window
