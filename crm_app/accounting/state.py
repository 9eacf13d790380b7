"""State of the invoice pages (list and form)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlmodel import Session, col

from crm_app.accounting.models import INVOICE_STATE_LABELS, Invoice, InvoiceState
from crm_app.accounting.service import save_invoice
from crm_app.contacts.models import AddressType, Contact
from crm_app.core.formatting import amount_input, amount_label, date_input, date_label
from crm_app.documents.listing import DocumentRow, search_documents
from crm_app.documents.rules import DocumentKind, default_address
from crm_app.documents.state import DocumentFormMixin, DocumentListMixin
from crm_app.users.state import AuthState


class InvoiceFormState(DocumentFormMixin, AuthState):
    KIND: ClassVar[DocumentKind] = DocumentKind.INVOICE
    MODEL: ClassVar[type] = Invoice
    ROUTE: ClassVar[str] = "/factures"
    SAVED_MESSAGE: ClassVar[str] = "Facture enregistrée."

    def _blank(self, session: Session) -> None:
        self.form = {
            "invoice_address_id": "",
            "invoice_date": date_input(date.today()),
            "amount": "",
            "state": InvoiceState.DRAFT.value,
        }

    def _fill(self, session: Session, document: Invoice) -> None:
        self.form = {
            "invoice_address_id": str(document.invoice_address_id),
            "invoice_date": date_input(document.invoice_date),
            "amount": amount_input(document.amount_cents),
            "state": document.state,
        }

    def _customer_defaults(self, session: Session, customer: Contact) -> None:
        self.form["invoice_address_id"] = str(
            default_address(session, customer, AddressType.INVOICE).id
        )

    def _save(self, session: Session, form: dict[str, object]):
        return save_invoice(
            session,
            form,
            invoice_id=self.doc_id or None,
            expected_version=self.doc_version or None,
            user_id=self._user_id(),
        )


class InvoiceListState(DocumentListMixin, AuthState):
    def _search(self, session: Session):
        result = search_documents(
            session,
            Invoice,
            self.query,
            page=self.page,
            text_columns=(Invoice.number,),
            order_by=(col(Invoice.invoice_date).desc(),),
        )
        rows = [
            DocumentRow(
                id=i.saved_id,
                reference=i.number,
                customer=c.display_name,
                title="",
                when=date_label(i.invoice_date),
                amount=amount_label(i.amount_cents),
                state=i.state,
                state_label=INVOICE_STATE_LABELS[InvoiceState(i.state)],
            )
            for i, c in result.rows
        ]
        return rows, result.window
