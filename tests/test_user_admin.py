"""Login throttling, password strength and user administration, on a real
SQLite file; the admin page's State refuses non-administrators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from crm_app.core.forms import parse_form
from crm_app.users import admin, throttle
from crm_app.users import service as users
from crm_app.users.admin_state import UserAdminState
from crm_app.users.forms import RoleForm
from crm_app.users.models import LoginAttempt, User, UserRole, UserSession
from crm_app.users.state import AuthState
from tests.state_helpers import PASSWORD, at_path, log_in, run_async, substate


def fail(session, login="jean", address="10.0.0.1", times=1):
    for _ in range(times):
        throttle.record_attempt(session, login, address, succeeded=False)
    session.commit()


def test_five_failures_for_a_login_make_it_wait(session, office_user):
    fail(session, times=4)
    assert throttle.minutes_to_wait(session, "jean", "10.0.0.1") == 0
    fail(session)
    assert 1 <= throttle.minutes_to_wait(session, "JEAN", "10.0.0.1") <= 15
    # Another address is not held back by these failures...
    assert throttle.minutes_to_wait(session, "jean", "10.0.0.2") == 0
    # ...and they stop counting after the window.
    for attempt in session.exec(select(LoginAttempt)):
        attempt.attempted_at -= throttle.WINDOW + timedelta(seconds=1)
    session.commit()
    assert throttle.minutes_to_wait(session, "jean", "10.0.0.1") == 0


def test_a_success_clears_the_earlier_failures(session, office_user):
    fail(session, times=4)
    throttle.record_attempt(session, "jean", "10.0.0.1", succeeded=True)
    fail(session, times=4)
    assert throttle.minutes_to_wait(session, "jean", "10.0.0.1") == 0


def test_many_logins_from_one_address_make_it_wait(session):
    for index in range(throttle.MAX_FAILURES_PER_ADDRESS):
        fail(session, login=f"essai{index}", address="10.9.9.9")
    assert throttle.minutes_to_wait(session, "quelquun", "10.9.9.9") > 0


def test_login_page_says_to_wait_after_five_failures(root, office_user):
    auth = substate(root, AuthState)
    at_path(auth, "/login")
    for _ in range(throttle.MAX_FAILURES_PER_LOGIN):
        run_async(auth.login({"login": "jean", "password": "mauvais-mot-de-passe"}))
        assert auth.login_error == "Identifiant ou mot de passe incorrect."
    run_async(auth.login({"login": "jean", "password": PASSWORD}))  # even the right one waits
    assert auth.login_error.startswith("Trop de tentatives de connexion : réessayez dans")
    assert not auth.is_logged_in


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court1", "au moins 10"),
        ("abcdefghijkl", "les suites comme « abc »"),
        ("1234567890", "trop faible"),
        ("aaaaaaaaa1", "les répétitions comme « aaa »"),
        ("azerty1234", "trop faible"),
        ("motdepasse2026", "trop faible"),  # a French first guess, then a year
        ("Soleil2026!", "trop faible"),
        ("lucie-martin-2026", "reprend l'identifiant ou le nom"),
        ("Lucie1234567", "reprend l'identifiant"),  # the login, capitalised, and digits
    ],
)
def test_weak_passwords_are_refused(session, password, message):
    with pytest.raises(users.UserError, match=message):
        users.create_user(session, name="Lucie Martin", login="lucie", password=password)


def test_a_passphrase_is_accepted_and_the_reason_is_french(session):
    users.create_user(session, name="Lucie Martin", login="lucie", password="Ramoneur-breton-42")
    with pytest.raises(users.UserError) as caught:
        users.create_user(session, name="Léa Roux", login="lea", password="qwertyuiop")
    message = str(caught.value)
    assert message.startswith("Mot de passe trop faible : ")
    assert "Exemple : « Poele-granules-Vitre-2026 »" in message
    assert not any(word in message for word in ("guess", "Avoid", "password"))


def test_generated_passwords_are_strong():
    for _ in range(50):
        users.check_password_strength(users.generate_password())


def test_admin_manages_roles_activity_and_passwords(session, office_user):
    boss = users.create_user(
        session, name="Chef", login="chef", password="Atelier-bois-2026", role=UserRole.ADMIN
    )
    session.commit()
    users.open_session(session, office_user)
    admin.change_role(session, office_user.id, parse_form(RoleForm, {"role": "technician"}))
    assert office_user.role == "technician"
    with pytest.raises(users.UserError, match="au moins un administrateur"):
        admin.change_role(session, boss.id, parse_form(RoleForm, {"role": "office"}))
    with pytest.raises(users.UserError, match="propre compte"):
        admin.set_active(session, boss.id, False, acting_user_id=boss.id)
    admin.set_active(session, office_user.id, False, acting_user_id=boss.id)
    assert not office_user.active
    assert (
        session.exec(select(UserSession).where(UserSession.user_id == office_user.id)).first()
        is None
    )
    password = admin.reset_password(session, office_user.id)
    users.check_password_strength(password)
    admin.set_active(session, office_user.id, True, acting_user_id=boss.id)
    session.commit()
    assert users.authenticate(session, "jean", password) is not None
    page = admin.list_users(session, "jea")
    assert [u.login for u in page.rows] == ["jean"]


def test_the_user_page_is_for_administrators_only(root, office_user, session):
    log_in(root)  # an office user
    page = substate(root, UserAdminState)
    at_path(page, "/utilisateurs")
    page.load()
    assert page.rows == []
    page.form = {"name": "Intrus", "login": "intrus", "role": "admin", "password": ""}
    page.create()
    assert session.exec(select(User).where(User.login == "intrus")).first() is None


def test_an_administrator_creates_a_user_and_sees_the_password_once(root, session):
    users.create_user(session, name="Admin", login="jean", password=PASSWORD, role=UserRole.ADMIN)
    session.commit()
    log_in(root)
    page = substate(root, UserAdminState)
    at_path(page, "/utilisateurs")
    page.load()
    page.open_new()
    page.set_field("name", "Marc Le Gall")
    page.set_field("login", "marc")
    page.create()
    assert page.issued_for == "marc" and page.issued_password
    created = session.exec(select(User).where(User.login == "marc")).one()
    assert created.role == "technician"
    assert users.authenticate(session, "marc", page.issued_password) is not None
    page.forget_issued_password()
    assert page.issued_password == ""
