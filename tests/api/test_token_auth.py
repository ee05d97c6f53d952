"""Calling the API with a personal token: who it stands for, the refusals and
their reasons, when its use is recorded, and the rate limit of each token."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from api.actions import RevokeApiTokenAction
from api.authentication import via
from api.models import ApiToken
from tests.api.helpers import bearer, make_token

CHALLENGE = 'Bearer realm="api"'


def test_a_bearer_token_authenticates_as_its_owner(staff):
    _, secret = make_token(staff)
    response = bearer(secret).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "staff"


def test_the_schema_answers_a_token_and_declares_the_bearer_scheme(staff):
    _, secret = make_token(staff)
    response = bearer(secret).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schemes = response.json()["components"]["securitySchemes"]
    assert schemes["apiToken"]["type"] == "http"
    assert schemes["apiToken"]["scheme"] == "bearer"
    assert "cookieAuth" in schemes
    # Only this API: not Wagtail's internal admin API.
    assert all(path.startswith("/api/v1/") for path in response.json()["paths"])


@pytest.mark.django_db
def test_no_credentials_answer_401_with_the_bearer_challenge():
    response = Client().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == CHALLENGE


def expire(token):
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )


def revoke(token):
    RevokeApiTokenAction(token, user=token.user).execute()


@pytest.mark.parametrize(
    "spoil, message",
    [
        (expire, "This API token has expired."),
        (revoke, "This API token has been revoked."),
        (None, "Invalid API token."),
    ],
    ids=["expired", "revoked", "unknown"],
)
def test_a_refused_token_answers_401_with_the_reason(staff, spoil, message):
    token, secret = make_token(staff)
    if spoil:
        spoil(token)
    else:
        secret = secret[:-4] + "abcd"  # one no token has
    response = bearer(secret).get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == CHALLENGE
    assert response.json()["detail"] == message


def test_a_token_carries_no_session_of_another_user(staff, owner):
    """A bad token is refused even beside a valid session: it is never silently
    taken for the signed-in user."""
    client = Client(HTTP_AUTHORIZATION="Bearer itsms_nothing")
    client.force_login(owner)
    assert client.get("/api/v1/me/").status_code == 401


def test_the_token_of_a_disabled_account_is_refused(staff):
    _, secret = make_token(staff)
    staff.is_active = False
    staff.save()
    response = bearer(secret).get("/api/v1/me/")
    assert response.status_code == 401
    assert "disabled" in response.json()["detail"]


def test_last_use_is_recorded_at_most_once_a_minute(staff):
    token, secret = make_token(staff)
    client = bearer(secret)
    assert token.last_used_at is None
    client.get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at is not None
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at == recent
    old = timezone.now() - timedelta(seconds=90)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    client.get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at > recent


def test_a_recent_use_costs_no_write(staff, django_assert_num_queries):
    token, secret = make_token(staff)
    client = bearer(secret)
    client.get("/api/v1/me/")
    with django_assert_num_queries(2):  # the token with its user; the groups
        assert client.get("/api/v1/me/").status_code == 200


def test_via_names_the_token_or_the_session(staff):
    token, _ = make_token(staff, name="Service desk")
    assert via(SimpleNamespace(auth=token)) == (
        f"API token {token.key_prefix} (Service desk)"
    )
    assert via(SimpleNamespace(auth=None)) == "API (session)"


@pytest.fixture
def tiny_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "2/minute", "api-write": "1/minute"},
    }


def test_each_token_has_its_own_rate_limit(staff, tiny_rates):
    _, first = make_token(staff, name="Busy script")
    _, second = make_token(staff, name="Quiet script")
    busy = bearer(first)
    assert [busy.get("/api/v1/me/").status_code for _ in range(2)] == [200, 200]
    refused = busy.get("/api/v1/me/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert bearer(second).get("/api/v1/me/").status_code == 200


def test_a_session_is_limited_apart_from_its_users_tokens(
    staff, staff_client, tiny_rates
):
    _, secret = make_token(staff)
    busy = bearer(secret)
    for _ in range(3):
        busy.get("/api/v1/me/")
    assert staff_client.get("/api/v1/me/").status_code == 200


def test_writes_have_their_own_lower_limit(staff, tiny_rates):
    _, secret = make_token(staff)
    client = bearer(secret)
    # /me/ takes no POST (405), but the request is counted first, as any write.
    assert client.post("/api/v1/me/").status_code == 405
    assert client.post("/api/v1/me/").status_code == 429
    assert client.get("/api/v1/me/").status_code == 200
