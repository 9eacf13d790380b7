"""« Mon compte »: a user changes his own password; the old one is required,
the new one strong and confirmed; his other sessions end, this one stays."""

from __future__ import annotations

import pytest

from crm_app.core.errors import FormError
from crm_app.users import service as users
from crm_app.users.account_state import AccountState
from tests.state_helpers import PASSWORD, at_path, log_in, substate

NEW = "Ramoneur-breton-42"


def change(session, user, token, **fields):
    values = {"old_password": PASSWORD, "new_password": NEW, "confirmation": NEW, **fields}
    users.change_own_password(session, user.id, current_token=token, **values)


def test_every_wrong_field_is_named(session, office_user):
    token = users.open_session(session, office_user)
    with pytest.raises(FormError) as caught:
        change(
            session,
            office_user,
            token,
            old_password="faux",
            new_password="azerty1234",
            confirmation="autre",
        )
    errors = caught.value.errors
    assert errors["old_password"] == "Mot de passe actuel incorrect."
    assert errors["new_password"].startswith("Mot de passe trop faible")
    assert errors["confirmation"] == "Les deux saisies du nouveau mot de passe diffèrent."
    session.commit()
    assert users.authenticate(session, "jean", PASSWORD) is not None  # nothing changed


def test_the_same_password_again_is_refused(session, office_user):
    token = users.open_session(session, office_user)
    with pytest.raises(FormError) as caught:
        change(session, office_user, token, new_password=PASSWORD, confirmation=PASSWORD)
    assert set(caught.value.errors) == {"new_password"}


def test_the_change_ends_the_other_sessions_only(session, office_user):
    here = users.open_session(session, office_user)
    elsewhere = users.open_session(session, office_user)
    change(session, office_user, here)
    session.commit()
    assert users.user_for_token(session, here) is not None
    assert users.user_for_token(session, elsewhere) is None
    assert users.authenticate(session, "jean", PASSWORD) is None
    assert users.authenticate(session, "jean", NEW) is not None


def test_the_state_keeps_what_was_typed_on_error_and_clears_it_on_success(root, office_user):
    log_in(root)
    account = substate(root, AccountState)
    at_path(account, "/mon-compte")
    account.load_account()
    account.set_password_field("old_password", "faux")
    account.set_password_field("new_password", NEW)
    account.set_password_field("confirmation", NEW)
    account.change_password()
    assert account.password_errors == {"old_password": "Mot de passe actuel incorrect."}
    assert account.password_form["new_password"] == NEW

    account.set_password_field("old_password", PASSWORD)
    account.change_password()
    assert account.password_errors == {}
    assert account.password_form == {"old_password": "", "new_password": "", "confirmation": ""}
    assert account.is_logged_in  # this session stays open
