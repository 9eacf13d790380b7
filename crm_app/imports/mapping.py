"""Which column of a file goes to which field of a contact: the fields an
import can fill, their French labels, and suggestions from the headers."""

from __future__ import annotations

from dataclasses import dataclass

from crm_app.core.text import plain_words

IGNORED = ""


@dataclass(frozen=True)
class TargetField:
    key: str
    label: str
    synonyms: tuple[str, ...]


TARGETS: tuple[TargetField, ...] = (
    TargetField("name", "Nom / Raison sociale", (
        "nom", "raison sociale", "societe", "entreprise", "nom complet", "name", "company",
        "company name", "full name", "organisation", "organization", "client", "nom du client",
        "denomination", "last name", "lastname", "nom de famille", "surname",
    )),
    TargetField("first_name", "Prénom (joint au nom)", ("prenom", "first name", "firstname",
                                                        "given name")),
    TargetField("is_company", "Type (société / particulier)", ("type", "type de contact",
                                                               "societe ?", "est une societe")),
    TargetField("civility", "Civilité", ("civilite", "titre", "title", "salutation")),
    TargetField("job_title", "Poste occupé", ("poste", "poste occupe", "fonction", "job title",
                                              "job", "position")),
    TargetField("street", "Rue", ("adresse", "rue", "adresse 1", "address", "street",
                                  "address line 1", "voie", "adresse postale")),
    TargetField("street2", "Complément", ("complement", "adresse 2", "complement d adresse",
                                          "address line 2", "street 2", "batiment")),
    TargetField("zip", "Code postal", ("cp", "code postal", "postcode", "zip", "zip code",
                                       "postal code", "code")),
    TargetField("city", "Ville", ("ville", "commune", "localite", "city", "town")),
    TargetField("country_code", "Pays", ("pays", "country", "code pays")),
    TargetField("phone", "Téléphone", ("tel", "telephone", "tel fixe", "telephone fixe",
                                       "phone", "telephone 1", "fixe", "work phone")),
    TargetField("mobile", "Portable", ("portable", "mobile", "tel portable", "gsm",
                                       "telephone portable", "cell", "mobile phone", "cellulaire")),
    TargetField("email", "E-mail", ("email", "e mail", "courriel", "mail", "adresse email",
                                    "adresse e mail", "email address", "e mail address")),
    TargetField("website", "Site web", ("site", "site web", "site internet", "website", "url",
                                        "web")),
    TargetField("company_registry", "SIREN / SIRET", ("siren", "siret", "siren siret",
                                                      "n siret", "numero siret")),
    TargetField("vat", "N° TVA", ("tva", "n tva", "numero tva", "tva intracommunautaire",
                                  "vat", "vat number")),
    TargetField("internal_reference", "Référence", ("reference", "ref", "reference interne",
                                                    "code client", "id", "identifiant")),
    TargetField("notes", "Notes", ("notes", "note", "commentaire", "commentaires", "remarques",
                                   "observations", "comment", "comments")),
    TargetField("parent", "Contact principal (référence ou nom)", (
        "contact principal", "societe mere", "parent", "rattache a", "main contact",
    )),
    TargetField("address_type", "Type d'adresse", ("type d adresse", "address type")),
)  # fmt: skip
TARGETS_BY_KEY = {t.key: t for t in TARGETS}
FIELD_CHOICES = [(IGNORED, "— ne pas importer —")] + [(t.key, t.label) for t in TARGETS]

def _plain(header: str) -> str:
    return " ".join(plain_words(header))


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """For each header, the field it most likely holds (or nothing); a field
    is suggested for one column only, the first that names it."""
    suggested: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        plain = _plain(header)
        field = next(
            (t.key for t in TARGETS if t.key not in taken and plain in t.synonyms), IGNORED
        )
        suggested[header] = field
        if field:
            taken.add(field)
    return suggested


def clean_mapping(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """Only known headers and fields; a field for one column at most."""
    cleaned: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        field = mapping.get(header, IGNORED)
        if field not in TARGETS_BY_KEY or field in taken:
            field = IGNORED
        cleaned[header] = field
        if field:
            taken.add(field)
    return cleaned


def mapping_errors(mapping: dict[str, str]) -> list[str]:
    if "name" not in mapping.values():
        return ["Choisissez la colonne du nom (ou de la raison sociale)."]
    return []


def row_values(mapping: dict[str, str], headers: list[str], row: list[str]) -> dict[str, str]:
    """The fields of one row, as typed (the first name joined before the name)."""
    values: dict[str, str] = {}
    for header, cell in zip(headers, row, strict=False):
        field = mapping.get(header, IGNORED)
        if field and cell.strip():
            values[field] = cell.strip()
    first = values.pop("first_name", "")
    if first:
        values["name"] = f"{first} {values.get('name', '')}".strip()
    return values
