"""Reading the files a business brings: CSV as French offices write them,
Excel and LibreOffice sheets, vCards from phones and Outlook. Each gives a
``Table``: headers and rows of text, whatever the format.

Every refusal is a ``FileRefused`` with a French message for the page.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

import vobject
from charset_normalizer import from_bytes
from python_calamine import CalamineWorkbook

MAX_BYTES = 50 * 1024 * 1024
MAX_COLUMNS = 200
FRENCH_ENCODINGS = ("utf_8", "cp1252", "latin_1", "cp850", "mac_roman", "utf_16")
MAX_CELL = 20_000
# Headers of the rows a vCard gives (the mapping suggests their fields).
VCARD_HEADERS = (
    "Nom", "Prénom", "Type", "Société", "Poste occupé", "Téléphone", "Portable",
    "E-mail", "Rue", "Complément", "Code postal", "Ville", "Pays", "Site web", "Notes",
)  # fmt: skip


class FileRefused(ValueError):
    """The file cannot be read; the message says why, in French."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    # What was read but not kept as it was (« ligne 12 : 3 cellules de trop »).
    notes: list[str] = field(default_factory=list)


def kind_of(file_name: str) -> str:
    suffix = PurePath(file_name).suffix.lower()
    kinds = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
             ".ods": "ods", ".vcf": "vcard", ".vcard": "vcard"}  # fmt: skip
    if suffix not in kinds:
        raise FileRefused(
            "Format non pris en charge : choisissez un fichier CSV, Excel (.xlsx), "
            "LibreOffice (.ods) ou vCard (.vcf)."
        )
    return kinds[suffix]


def read_table(data: bytes, file_name: str, sheet: str | None = None) -> Table:
    """The table in ``data``; ``sheet`` picks a sheet of a workbook (the first
    one by default)."""
    if len(data) > MAX_BYTES:
        raise FileRefused("Fichier trop volumineux : 50 Mo au plus.")
    if not data.strip():
        raise FileRefused("Le fichier est vide.")
    kind = kind_of(file_name)
    if kind == "csv":
        table = _read_csv(data)
    elif kind == "vcard":
        table = _read_vcards(data)
    else:
        table = _read_workbook(data, sheet)
    return _tidy(table)


def _cell(value: object) -> str:
    """A cell as text; Excel's numbers as a person wrote them (612345678.0,
    6.12345678E+08 → 612345678)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")  # type: ignore[union-attr]
    text = str(value).replace("\x00", "")
    return text[:MAX_CELL]


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused("Ce fichier n'est pas un texte CSV (contenu binaire).")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Among the encodings French offices' files come in: left free, the
    # detector takes a short Windows-1252 file for Central European (« Vitrķ »).
    best = from_bytes(data[: 2 * 1024 * 1024], cp_isolation=list(FRENCH_ENCODINGS)).best()
    if best is None:
        raise FileRefused("Encodage du fichier non reconnu : enregistrez-le en UTF-8.")
    encoding = best.encoding
    if encoding.replace("_", "").lower() in ("iso88591", "latin1", "ascii"):
        encoding = "cp1252"  # what French Excel writes (€, œ, ’)
    return data.decode(encoding, errors="replace")


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    sample = text[:64 * 1024]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(";,\t", key=lambda d: sample.split("\n", 1)[0].count(d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    try:
        rows = [[_cell(c) for c in row] for row in reader]
    except csv.Error as error:
        raise FileRefused(f"Fichier CSV illisible : {error}.") from None
    rows = [row for row in rows if any(c.strip() for c in row)]
    if not rows:
        raise FileRefused("Le fichier est vide.")
    return Table(headers=rows[0], rows=rows[1:])


def _read_workbook(data: bytes, sheet: str | None) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine raises its own errors for a broken file
        raise FileRefused(
            "Classeur illisible : le fichier est abîmé ou d'un autre format."
        ) from None
    names = list(workbook.sheet_names)
    if not names:
        raise FileRefused("Le classeur ne contient aucune feuille.")
    def rows_of(name: str) -> list[list[str]]:
        cells = workbook.get_sheet_by_name(name).to_python()
        rows = [[_cell(c) for c in row] for row in cells]
        return [row for row in rows if any(c.strip() for c in row)]

    if sheet in names:
        chosen, rows = sheet, rows_of(sheet)
    else:  # the first sheet holding rows under its headers
        chosen, rows = names[0], rows_of(names[0])
        for name in names:
            found = rows_of(name)
            if len(found) > 1:
                chosen, rows = name, found
                break
    if not rows:
        raise FileRefused(f"La feuille « {chosen} » est vide.")
    return Table(headers=rows[0], rows=rows[1:], sheets=names, sheet=chosen)


def _first(card, name: str) -> str:
    items = card.contents.get(name) or []
    return str(items[0].value).strip() if items and isinstance(items[0].value, str) else ""


def _vcard_row(card) -> list[str]:
    names = card.contents.get("n") or []
    family = given = ""
    if names and hasattr(names[0].value, "family"):
        family = " ".join(filter(None, [names[0].value.family])) if names[0].value.family else ""
        given = names[0].value.given if isinstance(names[0].value.given, str) else ""
    organisation = ""
    for org in card.contents.get("org") or []:
        value = org.value
        organisation = " ".join(value) if isinstance(value, list) else str(value)
    phone = mobile = ""
    for tel in card.contents.get("tel") or []:
        types = {t.upper() for t in tel.params.get("TYPE", [])}
        number = str(tel.value)
        if "CELL" in types and not mobile:
            mobile = number
        elif not phone and "FAX" not in types:
            phone = number
        elif not mobile and "FAX" not in types:
            mobile = number
    street = street2 = code = city = country = ""
    for adr in (card.contents.get("adr") or [])[:1]:
        value = adr.value
        lines = str(value.street or "").splitlines()
        street, street2 = (lines[0] if lines else ""), " ".join(lines[1:])
        code, city, country = str(value.code or ""), str(value.city or ""), str(value.country or "")
    kind = "particulier"
    if not family:  # a company's card: no person's name, its name in FN or ORG
        family, given = _first(card, "fn") or organisation, ""
        kind = "société" if organisation else "particulier"
    return [family, given, kind, organisation, _first(card, "title"), phone,
            mobile, _first(card, "email"), street, street2, code, city, country,
            _first(card, "url"), _first(card, "note")]  # fmt: skip


def _read_vcards(data: bytes) -> Table:
    text = _decode(data)
    if "BEGIN:VCARD" not in text.upper():
        raise FileRefused("Ce fichier ne contient aucune fiche vCard.")
    rows, notes = [], []
    # Cards one by one: a broken card is reported, the others are read.
    chunks = text.replace("\r\n", "\n").split("\nBEGIN:VCARD")
    for number, chunk in enumerate(chunks, start=1):
        chunk = chunk if chunk.lstrip().upper().startswith("BEGIN:VCARD") else "BEGIN:VCARD" + chunk
        try:
            card = vobject.readOne(chunk, ignoreUnreadable=True)
        except Exception:  # vobject raises several kinds for a broken card
            notes.append(f"Fiche {number} illisible, ignorée.")
            continue
        rows.append(_vcard_row(card))
    if not rows:
        raise FileRefused("Aucune fiche vCard lisible dans ce fichier.")
    return Table(headers=list(VCARD_HEADERS), rows=rows, notes=notes)


def _tidy(table: Table) -> Table:
    """Headers named and unique; rows as long as the headers."""
    if len(table.headers) > MAX_COLUMNS:
        raise FileRefused(
            f"Trop de colonnes ({len(table.headers)}) : {MAX_COLUMNS} au plus. "
            "Vérifiez le séparateur ou retirez les colonnes inutiles."
        )
    if not table.rows:
        raise FileRefused("Le fichier ne contient que la ligne d'en-têtes, aucun contact.")
    headers: list[str] = []
    for index, header in enumerate(table.headers, start=1):
        name = " ".join(header.split()) or f"Colonne {index}"
        base, count = name, 2
        while name in headers:
            name, count = f"{base} ({count})", count + 1
        headers.append(name)
    width = len(headers)
    rows = []
    for number, row in enumerate(table.rows, start=2):
        if len(row) > width and any(c.strip() for c in row[width:]):
            extra = len(row) - width
            table.notes.append(f"Ligne {number} : {extra} cellule(s) de trop, ignorée(s).")
        rows.append((row + [""] * width)[:width])
    table.headers, table.rows = headers, rows
    return table
