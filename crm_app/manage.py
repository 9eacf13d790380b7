"""Administration commands: ``python -m crm_app.manage <command>``.

bootstrap         create the first administrator and load the demo data into
                  an empty database (run after ``reflex db migrate``)
reset-password L  set a new password for login L (generated and printed, or
                  taken from CRM_NEW_PASSWORD)
maintenance       tidy the search indexes and refresh the planner's statistics
                  (after a large import; weekly on a large database)
backup [--to DIR] [--keep N]
                  archive the database and the private documents (while the app
                  runs), with a checksum manifest; keep only the N newest
restore ARCHIVE   check an archive, then replace the database and the private
                  documents with its content (stop the app first)
synthetic [--contacts N] [--seed S]
                  append a reproducible synthetic dataset (default 100 000
                  contacts, about 5 interventions each) for scale measurements
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlmodel import select

import crm_app.models  # noqa: F401
from crm_app.backup import service as backups
from crm_app.core.settings import get_settings
from crm_app.db import refresh_statistics, session_scope
from crm_app.demo.loader import load_demo_data
from crm_app.users import service as users
from crm_app.users.models import User


def bootstrap(load_demo: bool = True) -> None:
    with session_scope() as session:
        try:
            admin, generated = users.ensure_admin(
                session, password=get_settings().admin_password or None
            )
        except users.UserError as error:
            raise SystemExit(f"CRM_ADMIN_PASSWORD refusé : {error}") from None
        created = load_demo_data(session, admin) if load_demo else 0
        session.commit()
    if generated:
        print("=" * 64)
        print("Compte administrateur créé (affiché une seule fois) :")
        print(f"  identifiant : {admin.login}")
        print(f"  mot de passe : {generated}")
        print("=" * 64)
    if created:
        print(f"Données de démonstration chargées : {created} contacts et adresses.")


def reset_password(login: str) -> None:
    chosen = get_settings().new_password
    password = chosen or users.generate_password()
    with session_scope() as session:
        user = session.exec(select(User).where(User.login == login.strip().lower())).first()
        if user is None:
            sys.exit(f"Aucun utilisateur « {login} ».")
        users.set_password(session, user, password)
        session.commit()
    if not chosen:
        print(f"Nouveau mot de passe de {login} : {password}")
    else:
        print(f"Mot de passe de {login} modifié.")


def synthetic(argv: list[str]) -> None:
    """Append a large synthetic dataset (see crm_app/demo/synthetic.py)."""
    from crm_app.demo.loader import load_reference_data
    from crm_app.demo.synthetic import generate

    options = dict(zip(argv[::2], argv[1::2], strict=False))
    count = int(options.get("--contacts", "100000"))
    seed = int(options.get("--seed", "42"))
    with session_scope() as session:
        load_reference_data(session)
        result = generate(session, contacts=count, seed=seed)
        session.commit()
        refresh_statistics(session)
        session.commit()
    print(
        f"{result['contacts']} contacts et adresses, {result['interventions']} interventions, "
        f"{result['equipment']} équipements en {result['seconds']} s."
    )


def _option(argv: list[str], name: str) -> str | None:
    if name not in argv:
        return None
    index = argv.index(name)
    if index + 1 >= len(argv):
        sys.exit(f"{name} attend une valeur.")
    return argv[index + 1]


def run_backup(argv: list[str]) -> None:
    to_dir = _option(argv, "--to")
    keep = _option(argv, "--keep")
    try:
        archive = backups.backup(Path(to_dir) if to_dir else None, keep=int(keep) if keep else None)
    except ValueError:
        sys.exit("--keep attend un nombre entier.")
    except backups.BackupError as error:
        sys.exit(str(error))
    print(f"Sauvegarde écrite : {archive} ({archive.stat().st_size / 1e6:.1f} Mo).")


def run_restore(archive: str) -> None:
    try:
        report = backups.restore(Path(archive))
    except backups.BackupError as error:
        sys.exit(f"Restauration refusée, rien n'a été remplacé : {error}")
    print(
        f"Restauré : la base et {report.files} document(s) privé(s) de la sauvegarde du "
        f"{backups.created_label(report)}. Lancez `reflex db migrate` si l'application est "
        "plus récente que la sauvegarde, puis redémarrez-la."
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["backup"]:
        run_backup(argv[1:])
    elif argv[:1] == ["restore"] and len(argv) == 2:
        run_restore(argv[1])
    elif argv[:1] == ["synthetic"]:
        synthetic(argv[1:])
    elif argv[:1] == ["maintenance"]:
        with session_scope() as session:
            refresh_statistics(session)
            session.commit()
        print("Index de recherche optimisés, statistiques à jour.")
    elif argv[:1] == ["bootstrap"]:
        bootstrap(load_demo="--no-demo" not in argv)
    elif argv[:1] == ["reset-password"] and len(argv) == 2:
        reset_password(argv[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
