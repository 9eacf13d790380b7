"""Writes the import fixtures of this folder (run once; the files are committed):

    .venv/bin/python tests/data/make_fixtures.py

- clients-excel-fr.csv: as French Excel saves « CSV (séparateur : point-virgule) »:
  Windows-1252, « ; », CRLF, a quoted cell with a line break, a phone Excel
  turned into 6,12345678E+08, a formula kept as text, HTML in a cell;
- clients.xlsx and clients.ods: the same rows in a workbook (two sheets, the
  customers on the second);
- the vCards are written by hand (android.vcf, iphone.vcf, outlook.vcf).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter

HERE = Path(__file__).parent
HEADERS = ["Civilité", "Prénom", "Nom", "Adresse", "CP", "Ville", "Tél", "Portable", "Courriel",
           "SIRET", "Notes"]  # fmt: skip
ROWS = [
    ["M.", "Hervé", "Quéméner", "12 rue de l'Église", "29000", "Quimper", "02 98 55 10 20",
     "6,12345678E+08", "herve.quemener@exemple.fr", "", "Chaudière au sous-sol\nclé chez la voisine"],  # noqa: E501
    ["", "", "Boulangerie Le Fournil", "3 place des Lices", "35000", "Rennes", "0299123456", "",
     "contact@lefournil.fr", "73282932000074", "=HYPERLINK(\"http://x\")"],
    ["Mme", "Anne", "Le Dû", "5 allée des Chênes", "35400", "Saint-Malo", "", "07 11 22 33 44",
     "pas-un-email", "", "<b>gras</b>"],
]  # fmt: skip


def write_csv() -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([HEADERS, *ROWS])
    (HERE / "clients-excel-fr.csv").write_bytes(buffer.getvalue().encode("cp1252"))


def write_xlsx() -> None:
    workbook = xlsxwriter.Workbook(str(HERE / "clients.xlsx"), {"strings_to_formulas": False})
    workbook.add_worksheet("Notes").write_string(0, 0, "Feuille sans clients")
    sheet = workbook.add_worksheet("Clients")
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header)
    for line, row in enumerate(ROWS, start=1):
        for col, value in enumerate(row):
            if HEADERS[col] == "Portable" and value.startswith("6,"):
                sheet.write_number(line, col, 612345678)  # what Excel keeps of 06 12 34 56 78
            else:
                sheet.write_string(line, col, value)
    workbook.close()


def _ods_row(cells: list[str]) -> str:
    parts = []
    for cell in cells:
        paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in cell.split("\n"))
        cell_xml = f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'
        parts.append(cell_xml)
    return "<table:table-row>" + "".join(parts) + "</table:table-row>"


def write_ods() -> None:
    body = "".join(_ods_row(r) for r in [HEADERS, *ROWS])
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f'<table:table table:name="Clients">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(HERE / "clients.ods", "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    write_csv()
    write_xlsx()
    write_ods()
