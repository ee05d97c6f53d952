"""The check page a printed copy's QR code leads to (issue 14)."""

import pytest
from bs4 import BeautifulSoup

from policies.models import PolicyPage, ProcedurePage
from tests.factories import make_document, make_user
from tests.workflows.helpers import client_for
from workflows.actions.withdrawal import WithdrawDocumentAction


def line(response):
    return " ".join(
        BeautifulSoup(response.content, "html.parser")
        .select_one(".check-result")
        .get_text()
        .split()
    )


@pytest.fixture
def policy_at_1_1(library, owner):
    return make_document(PolicyPage, library, owner=owner, version="1.1")


@pytest.mark.django_db
def test_the_issue_in_force_says_so(policy_at_1_1, staff):
    number = policy_at_1_1.document_number
    response = client_for(staff).get(f"/check/{number}/1.1/")
    assert response.status_code == 200
    assert "Issue 1.1 of" in line(response) and "is in force" in line(response)


@pytest.mark.django_db
def test_a_superseded_issue_says_since_when_and_links_the_current(policy_at_1_1, staff):
    number = policy_at_1_1.document_number
    response = client_for(staff).get(f"/check/{number}/1.0/")
    assert response.status_code == 200
    assert "is superseded since" in line(response)
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.select_one(".check-result a")
    assert link["href"] == f"/documents/{number}/v/1.1/"


@pytest.mark.django_db
def test_an_issue_of_a_withdrawn_document_is_withdrawn(policy_at_1_1, approver, staff):
    WithdrawDocumentAction(policy_at_1_1, user=approver, reason="Gone.").execute()
    number = policy_at_1_1.document_number
    for label in ("1.0", "1.1"):
        response = client_for(staff).get(f"/check/{number}/{label}/")
        assert response.status_code == 200
        assert "is withdrawn" in line(response)


@pytest.mark.django_db
def test_a_label_that_is_no_issue_answers_404_saying_so(policy_at_1_1, staff):
    number = policy_at_1_1.document_number
    for label in ("2.0", "draft", "1.01"):
        response = client_for(staff).get(f"/check/{number}/{label}/")
        assert response.status_code == 404
        assert "is not an issue of" in line(response)


@pytest.mark.django_db
def test_a_confidential_document_does_not_exist_for_others(library, owner, staff):
    conf = make_document(
        ProcedurePage, library, owner=owner, classification="confidential"
    )
    url = f"/check/{conf.document_number}/1.0/"
    response = client_for(staff).get(url)
    assert response.status_code == 404
    assert conf.title.encode() not in response.content
    reader = make_user("Staff")
    conf.reader_users.set([reader])
    conf.save()
    assert "is in force" in line(client_for(reader).get(url))


@pytest.mark.django_db
def test_the_check_page_is_behind_the_login(policy_at_1_1, client):
    response = client.get(f"/check/{policy_at_1_1.document_number}/1.1/")
    assert response.status_code == 302
