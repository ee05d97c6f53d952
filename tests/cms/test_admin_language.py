"""The admin speaks the product's language: approval, files, full names, numbers."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse

from policies.models import PolicyPage
from tests.factories import add_url, document_form, make_user
from tests.workflows.helpers import client_for, submit


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_the_dashboard_is_titled_with_the_site_name_and_fetches_no_avatar(
    owner_client,
):
    page = owner_client.get(reverse("wagtailadmin_home"))
    assert soup(page).select_one("h1").get_text(strip=True) == "ITSMS document library"
    assert "gravatar" not in page.content.decode().lower()


@pytest.mark.django_db
def test_wagtails_file_library_is_called_files(owner_client):
    page = owner_client.get(reverse("wagtaildocs:index")).content.decode()
    assert "Files" in page
    assert ">Documents<" not in page


@pytest.mark.django_db
def test_submitting_says_approval_not_moderation(issued_policy, owner):
    response = submit(client_for(owner), issued_policy, owner)
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("submitted for approval" in m for m in said), said
    assert not any("moderation" in m for m in said)


@pytest.mark.django_db
def test_a_new_document_is_its_creators_and_says_its_number(owner, library):
    make_user("Document owners", first_name="Bea", last_name="Brown")
    make_user("Staff", first_name="Sid", last_name="Staff")
    client = client_for(owner)
    form = soup(client.get(add_url(PolicyPage, library)))
    owner_select = form.select_one("select[name=document_owner]")
    choices = [o.get_text(strip=True) for o in owner_select.select("option[value!='']")]
    assert "Olivia Owens" in choices and "Bea Brown" in choices
    assert "Sid Staff" not in choices, "only document owners can own documents"
    selected = owner_select.select_one("option[selected]")
    assert selected.get_text(strip=True) == "Olivia Owens"

    response = client.post(add_url(PolicyPage, library), document_form(owner))
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("is POL-001: its number never changes" in m for m in said), said


@pytest.mark.django_db
def test_admin_listings_name_documents_by_number_and_version(
    issued_policy, owner_client, library
):
    listing = owner_client.get(reverse("wagtailadmin_explore", args=(library.pk,)))
    assert "POL-001 Access policy (v1.0)" in listing.content.decode()
