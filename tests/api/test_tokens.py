"""Making and revoking personal API tokens on the site's pages: by everyone,
staff included (who have no admin access), with the secret shown once and only
its hash kept, and each change in the audit log."""

import hashlib
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import ModelLogEntry

from api.models import ApiToken
from tests.api.helpers import bearer, make_token
from tests.factories import make_user

LIST, NEW = "/account/api-tokens/", "/account/api-tokens/new/"
SECRET = re.compile(r"itsms_[A-Za-z0-9_-]{43}")


def revoke_url(token):
    return f"/account/api-tokens/{token.pk}/revoke/"


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser(
        "admin", "admin@example.com", "x-Password-1"
    )


@pytest.fixture
def admin_client(admin):
    client = Client()
    client.force_login(admin)
    return client


def test_staff_without_admin_access_make_a_token_and_see_it_once(staff_client):
    assert staff_client.get("/admin/").status_code == 302  # no admin for staff
    form = staff_client.get(NEW)
    assert form.status_code == 200
    assert b"Expires after" in form.content
    response = staff_client.post(NEW, {"name": "Service desk", "days": "30"})
    assert response.status_code == 200
    secret = SECRET.search(response.content.decode()).group()
    assert b"it will not be shown again" in response.content
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.name == "Service desk"
    assert token.key_prefix == secret[6:14]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert (token.expires_at - token.created_at).days == 30
    listing = staff_client.get(LIST)
    assert b"Service desk" in listing.content
    assert token.key_prefix.encode() in listing.content
    assert secret.encode() not in listing.content
    assert bearer(secret).get("/api/v1/me/").json()["username"] == "staff"


def test_the_secret_is_stored_nowhere(staff_client):
    response = staff_client.post(NEW, {"name": "Service desk", "days": "90"})
    secret = SECRET.search(response.content.decode()).group()
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)  # every table, sessions and logs too
    assert secret not in dump.getvalue()
    assert secret.removeprefix("itsms_") not in dump.getvalue()
    assert secret not in response.get("Location", "")


def test_ninety_days_is_offered_first(staff_client):
    form = staff_client.get(NEW).content.decode()
    assert re.search(r'<option value="90"[^>]*selected', form)


@pytest.mark.parametrize(
    "data, error",
    [
        ({"name": "  ", "days": "90"}, "Give the token a name: what it is for."),
        ({"name": "x" * 101, "days": "90"}, "A name is at most 100 characters."),
        ({"name": "Script", "days": "1000"}, "Choose 7, 30, 90 or 365 days."),
    ],
    ids=["blank name", "name too long", "unknown expiry"],
)
def test_the_form_says_what_to_put_right(staff_client, data, error):
    response = staff_client.post(NEW, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not SECRET.search(response.content.decode())
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_ones_own_tokens(staff_client, staff, owner):
    make_token(staff, name="Mine")
    make_token(owner, name="Olivia's script")
    content = staff_client.get(LIST).content
    assert b"Mine" in content
    assert b"Olivia" not in content


def test_the_owner_revokes_after_confirming(staff_client, staff):
    token, secret = make_token(staff)
    page = staff_client.get(revoke_url(token))
    assert page.status_code == 200
    assert b"cannot be undone" in page.content
    assert ApiToken.objects.get().is_active  # asking is not revoking
    response = staff_client.post(revoke_url(token))
    assert response.status_code == 302
    assert response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_by == staff
    assert token.status == "Revoked"
    assert b"Revoked" in staff_client.get(LIST).content
    assert bearer(secret).get("/api/v1/me/").status_code == 401


def test_revoking_twice_says_it_is_already_revoked(staff_client, staff):
    token, _ = make_token(staff)
    staff_client.post(revoke_url(token))
    response = staff_client.post(revoke_url(token))
    assert response.status_code == 400
    assert b"already revoked" in response.content
    assert ModelLogEntry.objects.filter(action="itsms.api_token_revoked").count() == 1


def test_someone_elses_token_does_not_exist_for_a_user(staff_client, owner):
    token, secret = make_token(owner)
    assert staff_client.get(revoke_url(token)).status_code == 404
    assert staff_client.post(revoke_url(token)).status_code == 404
    assert ApiToken.objects.get().is_active
    assert bearer(secret).get("/api/v1/me/").status_code == 200


def test_an_administrator_lists_and_revokes_any_token(admin_client, admin, owner):
    token, secret = make_token(owner, name="Leaked script")
    listing = admin_client.get("/account/api-tokens/all/")
    assert listing.status_code == 200
    assert b"Leaked script" in listing.content
    assert b"(owner)" in listing.content
    response = admin_client.post(revoke_url(token))
    assert response["Location"] == "/account/api-tokens/all/"
    token.refresh_from_db()
    assert token.revoked_by == admin
    assert bearer(secret).get("/api/v1/me/").status_code == 401
    after = admin_client.get("/account/api-tokens/all/").content.decode()
    assert "Revoked API token" in after  # the message; the list is empty
    assert "No user has an active API token." in after


def test_every_users_tokens_are_for_administrators_only(staff_client, owner_client):
    assert staff_client.get("/account/api-tokens/all/").status_code == 403
    assert owner_client.get("/account/api-tokens/all/").status_code == 403


def test_creating_and_revoking_are_in_the_audit_log(staff_client, staff, admin):
    response = staff_client.post(NEW, {"name": "Service desk", "days": "7"})
    secret = SECRET.search(response.content.decode()).group()
    token = ApiToken.objects.get()
    staff_client.post(revoke_url(token))
    entries = ModelLogEntry.objects.filter(object_id=str(token.pk)).order_by("pk")
    assert [(e.action, e.user) for e in entries] == [
        ("itsms.api_token_created", staff),
        ("itsms.api_token_revoked", staff),
    ]
    assert entries[0].data == {
        "name": "Service desk",
        "prefix": token.key_prefix,
        "owner": "staff",
    }
    assert secret not in str(entries[0].label)
    client = Client()
    client.force_login(admin)
    history = client.get("/admin/reports/site-history/").content.decode()
    assert f"API token {token.key_prefix} (Service desk) created for staff" in history
    assert "API token revoked" in history


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, NEW, "/account/api-tokens/all/"])
def test_anonymous_visitors_are_sent_to_the_login(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_revoking_needs_the_csrf_token(staff):
    token, _ = make_token(staff)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(revoke_url(token)).status_code == 403
    assert ApiToken.objects.get().is_active
    page = client.get(revoke_url(token)).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(revoke_url(token), {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    assert not ApiToken.objects.get().is_active


def test_the_site_and_the_admin_link_to_the_tokens(staff_client, owner_client):
    assert b'href="/account/api-tokens/"' in staff_client.get(LIST).content
    assert "/account/api-tokens/" in owner_client.get("/admin/").content.decode()
    account = owner_client.get("/admin/account/").content.decode()
    assert 'href="/account/api-tokens/"' in account


@pytest.mark.django_db
def test_a_bearer_token_does_not_sign_in_to_the_token_pages():
    """The token pages are the site's: a token cannot revoke (or make) tokens."""
    token, secret = make_token(make_user("Staff", username="other"))
    response = bearer(secret).post(revoke_url(token))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert ApiToken.objects.get().is_active
