"""File formats of a contact export, each written row by row: a generator of
bytes for CSV and vCard, a temporary file for XLSX (written in constant
memory), so that 100,000 contacts never sit in memory at once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import IO

import vobject
import xlsxwriter

from crm_app.core.countries import country_name
from crm_app.core.spreadsheet import escape_row
from crm_app.exports.columns import ExportColumn, Row


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    VCARD = "vcf"


FORMAT_LABELS = {
    ExportFormat.CSV: "CSV (Excel français, « ; »)",
    ExportFormat.XLSX: "Excel (.xlsx)",
    ExportFormat.VCARD: "vCard (.vcf)",
}
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.VCARD: "text/vcard; charset=utf-8",
}
# Rows per chunk handed to the network.
CHUNK_ROWS = 500


def csv_chunks(columns: list[ExportColumn], rows: Iterable[Row]) -> Iterator[bytes]:
    """UTF-8 with a BOM and « ; » between fields: what French Excel opens as
    columns, accents included. Text that could run as a formula is escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.label for c in columns])
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow(escape_row([c.value(row) for c in columns]))
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(columns: list[ExportColumn], rows: Iterable[Row], target: IO[bytes]) -> None:
    """An .xlsx workbook, one sheet « Contacts », headers in bold and frozen.
    xlsxwriter's constant-memory mode writes each row out as it comes."""
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet("Contacts")
    bold = workbook.add_format({"bold": True})
    sheet.freeze_panes(1, 0)
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.label, bold)
        sheet.set_column(index, index, max(12, len(column.label) + 2))
    for line, row in enumerate(rows, start=1):
        for index, value in enumerate(escape_row([c.value(row) for c in columns])):
            if isinstance(value, int | float):
                sheet.write_number(line, index, value)
            else:
                sheet.write_string(line, index, str(value))
    workbook.close()


def vcard_of(row: Row) -> str:
    """One contact as a vCard 3.0 (what Android, iPhone and Outlook read)."""
    card = vobject.vCard()
    name = str(row["name"] or "")
    # A sub-contact's display name carries its main contact's: a phone book
    # wants the person (the company goes in ORG).
    card.add("fn").value = name or str(row["display_name"])
    if row["is_company"]:
        card.add("n").value = vobject.vcard.Name(family="")
        card.add("org").value = [name]
    else:
        card.add("n").value = vobject.vcard.Name(family=name, prefix=str(row["civility"] or ""))
        if row["parent_reference"]:
            card.add("org").value = [str(row["parent_name"] or row["parent_reference"])]
    if row["job_title"]:
        card.add("title").value = str(row["job_title"])
    for field, kind in (("phone", "WORK,VOICE"), ("mobile", "CELL,VOICE")):
        if row[field]:
            tel = card.add("tel")
            tel.value = str(row[field])
            tel.type_param = kind
    if row["email"]:
        email = card.add("email")
        email.value = str(row["email"])
        email.type_param = "INTERNET"
    if any(row[f] for f in ("street", "zip", "city")):
        street = "\n".join(str(row[f]) for f in ("street", "street2") if row[f])
        card.add("adr").value = vobject.vcard.Address(
            street=street,
            city=str(row["city"] or ""),
            code=str(row["zip"] or ""),
            country=country_name(str(row["country_code"] or "")),
        )
    if row["website"]:
        card.add("url").value = str(row["website"])
    if row["comment"]:
        card.add("note").value = str(row["comment"])
    if row["internal_reference"]:
        card.add("x-crm-reference").value = str(row["internal_reference"])
    return card.serialize()


def vcard_chunks(rows: Iterable[Row]) -> Iterator[bytes]:
    cards: list[str] = []
    for row in rows:
        cards.append(vcard_of(row))
        if len(cards) == CHUNK_ROWS:
            yield "".join(cards).encode("utf-8")
            cards = []
    yield "".join(cards).encode("utf-8")
