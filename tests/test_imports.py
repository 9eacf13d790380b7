"""Contact imports on a real database: the readers on real fixture files, the
refusals, the mapping, the preview, the batches, duplicates, resume, undo and
the report."""

from __future__ import annotations

import csv
import io
import json
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlmodel import Session, select

from crm_app import db
from crm_app.audit import service as audit
from crm_app.audit.models import AuditEntry
from crm_app.contacts import search as contacts_search
from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core.clock import utcnow
from crm_app.core.forms import parse_form
from crm_app.imports import outcomes, runner, service
from crm_app.imports.mapping import suggest_mapping
from crm_app.imports.models import ContactImport, ImportState
from crm_app.imports.readers import FileRefused, read_table
from crm_app.interventions.models import Intervention

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def private_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_PRIVATE_DIR", str(tmp_path / "private"))


def factory(db_url):
    @contextmanager
    def make():
        with Session(db.get_engine(db_url), expire_on_commit=False) as session:
            yield session

    return make


def names(session) -> list[str]:
    return sorted(c.name for c in session.exec(select(Contact)).all())


@pytest.mark.parametrize("file_name", ["clients-excel-fr.csv", "clients.xlsx", "clients.ods"])
def test_spreadsheets_read_the_same(file_name):
    table = read_table((DATA / file_name).read_bytes(), file_name)
    assert table.headers[:3] == ["Civilité", "Prénom", "Nom"]
    assert [row[2] for row in table.rows] == ["Quéméner", "Boulangerie Le Fournil", "Le Dû"]
    assert table.rows[0][10] == "Chaudière au sous-sol\nclé chez la voisine"
    assert table.rows[1][10] == '=HYPERLINK("http://x")'
    if file_name == "clients.xlsx":
        assert table.sheets == ["Notes", "Clients"] and table.sheet == "Clients"
        with pytest.raises(FileRefused, match="que la ligne d'en-têtes"):
            read_table((DATA / file_name).read_bytes(), file_name, "Notes")


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("android.vcf", [("Kerbrat", "Nolwenn", "06 12 34 56 78"), ("Riou", "Yann", "+33 7 81 23 45 67")]),  # noqa: E501
        ("iphone.vcf", [("Le Goff", "Maël", "06 98 76 54 32")]),
        ("outlook.vcf", [("Camping des Lilas", "", ""), ("Cadiou", "Soizic", "tel:+33-6-55-44-33-22"), ("Cassé", "", "")]),  # noqa: E501
    ],
)
def test_vcards_of_three_phones(file_name, expected):
    table = read_table((DATA / file_name).read_bytes(), file_name)
    assert [(r[0], r[1], r[6]) for r in table.rows] == expected
    if file_name == "android.vcf":  # a folded note, unfolded
        assert "plie sur deux lignes" in table.rows[0][14]


@pytest.mark.parametrize(
    ("data", "file_name", "message"),
    [
        (b"", "vide.csv", "vide"),
        (b"Nom;Ville\r\n", "entetes.csv", "que la ligne d'en-têtes"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.csv", "binaire"),
        (b"x" * (50 * 1024 * 1024 + 1), "gros.csv", "50 Mo"),
        (b"Nom\nA\n", "clients.pdf", "Format non pris en charge"),
        (";".join(f"c{i}" for i in range(1000)).encode() + b"\n1\n", "large.csv", "Trop de"),
        (b"pas une carte", "a.vcf", "aucune fiche"),
        (b"PK\x03\x04 not a zip", "a.xlsx", "illisible"),
    ],
)
def test_bad_files_get_a_french_refusal(data, file_name, message):
    with pytest.raises(FileRefused, match=message):
        read_table(data, file_name)


def test_headers_made_unique_and_long_rows_noted():
    table = read_table(b"Nom;;Nom;Ville\nA;x;B;Rennes;extra\n", "a.csv")
    assert table.headers == ["Nom", "Colonne 2", "Nom (2)", "Ville"]
    assert table.rows == [["A", "x", "B", "Rennes"]]
    assert table.notes == ["Ligne 2 : 1 cellule(s) de trop, ignorée(s)."]


def test_encodings_and_delimiters():
    text = "Raison sociale,Code postal,Téléphone\nCafé Noël,1000,0299123456\n"
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "latin-1"):
        table = read_table(text.encode(encoding), "a.csv")
        assert table.rows == [["Café Noël", "1000", "0299123456"]], encoding
    # Short, with few accents: a detector left free takes it for Central European.
    short = "Raison sociale;Tél\r\nFerme K;0299\r\nHôtel K;\r\nVitré;\r\n".encode("cp1252")
    assert read_table(short, "a.csv").headers == ["Raison sociale", "Tél"]
    assert [r[0] for r in read_table(short, "a.csv").rows] == ["Ferme K", "Hôtel K", "Vitré"]
    tabbed = read_table(text.replace(",", "\t").encode(), "a.tsv")
    assert tabbed.headers == ["Raison sociale", "Code postal", "Téléphone"]


def test_mapping_suggestions_french_and_english():
    assert suggest_mapping(["Raison sociale", "CP", "Tél.", "E-mail", "SIRET", "Mobile"]) == {
        "Raison sociale": "name", "CP": "zip", "Tél.": "phone", "E-mail": "email",
        "SIRET": "company_registry", "Mobile": "mobile",
    }  # fmt: skip
    assert suggest_mapping(["First name", "Last name", "Street", "Zip code", "Notes", "Nom"]) == {
        "First name": "first_name", "Last name": "name", "Street": "street",
        "Zip code": "zip", "Notes": "notes", "Nom": "",
    }  # fmt: skip


def _import(session, office_user, data: bytes, file_name="clients.csv", **options):
    record = service.create_import(
        session, user_id=office_user.id, file_name=file_name, data=data
    )
    service.configure(
        session, record, sheet=record.sheet, mapping=service.mapping_of(record),
        duplicate_action=options.get("duplicate_action", "skip"),
        skip_invalid=options.get("skip_invalid", True),
        row_actions=options.get("row_actions"),
    )  # fmt: skip
    session.commit()
    return record


def test_import_a_french_excel_csv(session, office_user, db_url):
    data = (DATA / "clients-excel-fr.csv").read_bytes()
    record = _import(session, office_user, data)
    preview = service.preview(session, record, service.load_table(record))
    assert (preview.valid, preview.invalid, preview.duplicates) == (2, 1, 0)
    assert preview.rows[2].errors["email"].startswith("Adresse courriel invalide")
    assert preview.rows[0].values["mobile"] == "+33612345678"
    assert names(session) == []  # nothing written by the preview

    done = runner.run_import(factory(db_url), record.id, user_id=office_user.id)
    assert done is not None and done.state == ImportState.DONE.value
    assert (done.created_count, done.invalid_count) == (2, 1)
    assert len(outcomes.created_ids(session, record.id)) == 2  # to geocode next
    entry = session.exec(select(AuditEntry).where(AuditEntry.object_type == "contact_import")).one()
    assert "CP → Code postal" in entry.changes and "clients.csv" in entry.changes
    session.expire_all()
    assert names(session) == ["Boulangerie Le Fournil", "Hervé Quéméner"]
    fournil = session.exec(select(Contact).where(Contact.name == "Boulangerie Le Fournil")).one()
    assert fournil.is_company and fournil.company_registry == "73282932000074"
    assert fournil.internal_notes == '=HYPERLINK("http://x")'  # kept as text
    report = list(csv.reader(io.StringIO(outcomes.report_csv(session, record.id).decode("utf-8-sig")), delimiter=";"))  # noqa: E501
    assert report[0] == ["Ligne", "Résultat", "Contact", "Message"]
    assert [line[1] for line in report[1:]] == ["Créé", "Créé", "Refusé"]
    assert "email" in report[3][3]


def test_refuses_to_start_with_invalid_rows_unless_told(session, office_user, db_url):
    data = (DATA / "clients-excel-fr.csv").read_bytes()
    record = _import(session, office_user, data, skip_invalid=False)
    rows = service.checked_rows(record, service.load_table(record))
    with pytest.raises(service.ImportRefused, match="ignorer les lignes invalides"):
        runner.check_can_start(session, record, rows)


def test_duplicates_in_the_base_and_in_the_file(session, office_user, db_url):
    contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Garage Kervella", "phone": "02 98 11 22 33", "zip": "29200"}),  # noqa: E501
        created_by_id=None,
    )
    session.commit()
    data = (
        "Nom;Tél;CP;Ville;Courriel\n"
        "Garage Kervela;0298112233;29200;Brest;garage@kervella.fr\n"
        "Jeanne Morvan;;56000;Vannes;jeanne@morvan.bzh\n"
        "MORVAN Jeanne;;56000;Vannes;JEANNE@morvan.bzh\n"
    ).encode()
    record = _import(session, office_user, data, duplicate_action="fill_empty")
    preview = service.preview(session, record, service.load_table(record))
    assert preview.duplicates == 2
    assert preview.rows[0].duplicate_of == "Garage Kervella (même téléphone)"
    assert preview.rows[2].duplicate_of.startswith("ligne 3 (même e-mail")
    done = runner.run_import(factory(db_url), record.id, user_id=office_user.id)
    assert (done.created_count, done.updated_count) == (1, 2)
    session.expire_all()
    garage = session.exec(select(Contact).where(Contact.name == "Garage Kervella")).one()
    assert garage.email == "garage@kervella.fr" and garage.city == "Brest"  # filled
    assert names(session) == ["Garage Kervella", "Jeanne Morvan"]

    outcomes.undo_import(session, record.id, user_id=office_user.id)
    session.commit()
    session.expire_all()
    assert names(session) == ["Garage Kervella"]
    garage = session.exec(select(Contact).where(Contact.name == "Garage Kervella")).one()
    assert garage.email is None and garage.city is None  # restored


def test_sub_contacts_name_their_main_contact_even_later_in_the_file(session, office_user, db_url):
    data = (
        "Nom;Contact principal;Type d'adresse;Référence;Ville\n"
        "Comptabilité;SYN-1;Adresse de facturation;;Rennes\n"
        "Résidence Les Lilas;SYN-1;Adresse d'expédition;;Rennes\n"
        "Syndic Ouest;;;SYN-1;Rennes\n"
        "Orphelin;Personne;;;\n"
    ).encode()
    record = _import(session, office_user, data)
    done = runner.run_import(factory(db_url), record.id, user_id=office_user.id)
    assert (done.created_count, done.invalid_count) == (3, 1)
    session.expire_all()
    syndic = session.exec(select(Contact).where(Contact.name == "Syndic Ouest")).one()
    children = contacts.list_sub_contacts(session, syndic.id)
    assert sorted((c.name, c.address_type) for c in children) == [
        ("Comptabilité", "invoice"), ("Résidence Les Lilas", "delivery"),
    ]  # fmt: skip
    report = outcomes.report_csv(session, record.id).decode("utf-8-sig")
    assert "Contact principal introuvable ou ambigu : « Personne »" in report


def test_interrupted_import_resumes_with_whole_batches(session, office_user, db_url):
    data = ("Nom;Ville\n" + "".join(f"Client {i:03d};Rennes\n" for i in range(25))).encode()
    record = _import(session, office_user, data)
    stopped = runner.run_import(
        factory(db_url), record.id, user_id=office_user.id, batch_rows=10, stop_after_batches=2
    )
    assert stopped.processed == 20 and stopped.state == ImportState.RUNNING.value
    session.expire_all()
    assert len(names(session)) == 20
    # Another runner cannot take it while it looks alive; once silent, it can.
    assert runner.run_import(factory(db_url), record.id, user_id=office_user.id) is None
    held = session.get(ContactImport, record.id)
    held.finished_at = held.finished_at - runner.STALE_AFTER * 2
    session.commit()
    assert runner.is_interrupted(held)
    done = runner.run_import(factory(db_url), record.id, user_id=office_user.id, batch_rows=10)
    assert done.state == ImportState.DONE.value and done.created_count == 25
    session.expire_all()
    assert len(names(session)) == 25


def test_batches_are_smaller_for_small_files():
    """A big file goes by BATCH_ROWS; a small one in about 20 steps of its
    progress bar, never below MIN_BATCH_ROWS rows per commit."""
    assert runner.batch_size_for(100_000) == runner.BATCH_ROWS
    assert runner.batch_size_for(5_000) == 250
    assert runner.batch_size_for(10) == runner.MIN_BATCH_ROWS


def test_undo_keeps_contacts_that_received_documents(session, office_user, db_url):
    data = b"Nom;Ville\nGarde Moi;Rennes\nEfface Moi;Rennes\n"
    record = _import(session, office_user, data)
    runner.run_import(factory(db_url), record.id, user_id=office_user.id)
    session.expire_all()
    kept = session.exec(select(Contact).where(Contact.name == "Garde Moi")).one()
    session.add(
        Intervention(customer_id=kept.id, address_id=kept.id, label="Entretien", start_at=utcnow())
    )
    session.commit()
    assert outcomes.undo_import(session, record.id, user_id=office_user.id) == ["Garde Moi"]
    session.commit()
    assert names(session) == ["Garde Moi"]
    undone = session.get(ContactImport, record.id)
    assert undone.state == ImportState.UNDONE.value and "Garde Moi" in undone.message


def test_saved_mapping_is_reused(session, office_user):
    saved = service.save_mapping(
        session, "Export Sage", {"Raison": "name", "Tel": "phone", "X": ""}, user_id=None
    )
    session.commit()
    assert [m.name for m in service.saved_mappings(session)] == ["Export Sage"]
    assert service.apply_saved_mapping(saved, ["Tel", "Raison", "Autre"]) == {
        "Tel": "phone", "Raison": "name", "Autre": "",
    }  # fmt: skip
    with pytest.raises(service.ImportRefused):
        service.save_mapping(session, "  ", {}, user_id=None)


def test_export_then_import_into_an_empty_base_gives_the_same_contacts(
    session, office_user, fresh_db, db_url
):
    from crm_app.exports.columns import COLUMNS
    from crm_app.exports.service import matching_rows
    from crm_app.exports.writers import csv_chunks

    garage = contacts.create_contact(
        session,
        parse_form(ContactForm, {"is_company": True, "name": "Garage Kervella",
                                 "phone": "02 98 11 22 33", "street": "3 rue de Brest",
                                 "zip": "29200", "city": "Brest", "country_code": "FR"}),
        created_by_id=None,
    )  # fmt: skip
    garage.internal_reference = "CLI-001"
    contacts.create_sub_contact(
        session, garage.id,
        parse_form(SubContactForm, {"name": "Yann Kervella", "mobile": "06 12 34 56 78",
                                    "job_title": "Gérant", "comment": "Le matin"}),
        created_by_id=None,
    )  # fmt: skip
    contacts.create_sub_contact(
        session, garage.id,
        parse_form(SubContactForm, {"address_type": "invoice", "name": "Comptabilité",
                                    "street": "1 quai", "zip": "29200", "city": "Brest"}),
        created_by_id=None,
    )  # fmt: skip
    contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Anne Le Dû", "email": "anne@ledu.bzh",
                                          "zip": "35000", "city": "Rennes"}),
        created_by_id=None,
    )  # fmt: skip
    session.commit()
    data = b"".join(csv_chunks(list(COLUMNS), matching_rows(session, "", False)))

    def snapshot(s) -> list[tuple]:
        rows = s.exec(select(Contact).order_by(Contact.list_sort_key)).all()
        by_id = {c.id: c for c in rows}
        return [
            (c.name, c.is_company, c.address_type, c.email, c.phone, c.mobile, c.street,
             c.zip, c.city, c.country_code, c.job_title, c.comment, c.internal_reference,
             by_id[c.parent_id].name if c.parent_id else None)
            for c in rows
        ]  # fmt: skip

    before = snapshot(session)
    session.close()  # on PostgreSQL, the next base is this schema emptied
    other_url = fresh_db()
    with Session(db.get_engine(other_url), expire_on_commit=False) as other:
        record = _import(other, office_user_in(other), data, file_name="export.csv")
        done = runner.run_import(factory(other_url), record.id, user_id=None)
        assert done.invalid_count == 0 and done.created_count == 4
        other.expire_all()
        assert snapshot(other) == before


def office_user_in(session):
    from crm_app.users.models import UserRole
    from crm_app.users.service import create_user

    user = create_user(session, name="Léa", login="lea", password="motdepasse-solide",
                       role=UserRole.OFFICE)  # fmt: skip
    session.commit()
    return user


def test_undone_contacts_leave_no_journal_on_a_later_contact(session, office_user, db_url):
    record = _import(session, office_user, b"Nom;Ville\nPassager;Rennes\n")
    runner.run_import(factory(db_url), record.id, user_id=office_user.id)
    session.expire_all()
    gone = session.exec(select(Contact)).one()
    outcomes.undo_import(session, record.id, user_id=office_user.id)
    session.commit()
    newcomer = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Nouveau"}), created_by_id=None
    )
    session.commit()
    # SQLite gives the number again (PostgreSQL does not): either way, the
    # newcomer's journal holds its creation only.
    assert newcomer.id is not None and gone.id is not None
    assert audit.journal(session, newcomer.id).total == 1


def test_contacts_inserted_in_bulk_are_those_created_one_by_one(session, office_user, db_url):
    """An import's batch inserts its new contacts in one statement
    (contacts/bulk.py): same derived fields, journal entry and search as a
    contact created through the form."""
    typed = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Atelier Kerlann", "is_company": True, "zip": "29200",
                                 "city": "Brest", "phone": "02 98 00 11 22"}),  # fmt: skip
        created_by_id=office_user.id,
    )
    session.commit()
    data = "Raison sociale;CP;Ville;Tél\nFerme du Kerlann;29200;Brest;02 98 00 33 44\n"
    record = _import(session, office_user, data.encode())
    runner.run_import(factory(db_url), record.id, user_id=office_user.id)
    session.expire_all()
    imported = session.exec(select(Contact).where(Contact.name == "Ferme du Kerlann")).one()
    assert imported.id is not None and typed.id is not None
    assert imported.list_sort_key == f"ferme du kerlann\x1f{imported.id:010d}\x1f0"
    assert imported.display_name == "Ferme du Kerlann" and "0298003344" in imported.search_text
    assert imported.salesperson_id == office_user.id and imported.version == 1
    found = contacts_search.search_contacts(session, "kerlann brest")
    assert {c.name for c in found.rows} == {"Atelier Kerlann", "Ferme du Kerlann"}

    def creation(contact_id: int) -> AuditEntry:
        return session.exec(
            select(AuditEntry).where(
                AuditEntry.object_type == "contact", AuditEntry.object_id == contact_id
            )
        ).one()

    by_form, by_import = creation(typed.id), creation(imported.id)
    assert (by_import.action, by_import.user_name, by_import.contact_id) == (
        "create", by_form.user_name, imported.id
    )  # fmt: skip
    fields = lambda entry: {change[0] for change in json.loads(entry.changes)}  # noqa: E731
    assert fields(by_import) >= fields(by_form) - {"is_company"}


def test_a_batch_breaking_a_constraint_is_written_row_by_row(session, office_user, db_url):
    contacts.create_contact(
        session,
        parse_form(ContactPageForm, {"name": "Déjà là", "internal_reference": "C-001"}),
        created_by_id=office_user.id,
    )
    session.commit()
    # « C-001 » is refused by the rule; the two « C-100 » pass it (neither is
    # in the base yet) and break the unique index in the batch's insert: the
    # batch is written again row by row, and the second is refused alone.
    data = "Nom;Référence\nPremier;C-100\nCopie;C-001\nDoublon;C-100\nDernier;C-101\n"
    record = _import(session, office_user, data.encode(), duplicate_action="create")
    done = runner.run_import(factory(db_url), record.id, user_id=office_user.id)
    assert done is not None and (done.created_count, done.invalid_count) == (2, 2)
    session.expire_all()
    assert names(session) == ["Dernier", "Déjà là", "Premier"]
    report = outcomes.report_csv(session, record.id).decode("utf-8-sig")
    assert "« C-001 » est déjà utilisée par « Déjà là »" in report
    assert "« C-100 » est déjà utilisée par « Premier »" in report
