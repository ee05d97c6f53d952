import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_api_answers_401_in_json_without_credentials():
    response = Client().get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/json"
    assert "credentials" in response.json()["detail"]


def test_me_names_the_signed_in_user_and_their_groups(staff_client):
    response = staff_client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["groups"] == ["Staff"]
    assert "no-store" in response["Cache-Control"]


def test_the_schema_and_its_documentation_page_are_served(staff_client):
    schema = staff_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/me/" in schema.json()["paths"]
    page = staff_client.get("/api/v1/docs/")
    assert page.status_code == 200
    script = staff_client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
