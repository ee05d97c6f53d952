import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import PolicyPage
from tests.factories import make_document
from tests.workflows.helpers import act, client_for, issue_changes, submit
from workflows.actions.review import RecordReviewAction

# Measured at 10: session, user, document, issues, events, the reader's groups (twice:
# record detail, menu permissions), the admin-access check of the menu and the
# site root for the link to the current issue; 11 with the controlled copies
# shown to record readers (one query, whatever their number).
HISTORY_QUERY_BUDGET = 11


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def revised_policy(issued_policy, owner, reviewer, approver):
    """POL-001 at 1.1 after a reviewed and approved change."""
    submit(
        client_for(owner),
        issued_policy,
        owner,
        purpose="Revised purpose.",
        summary="Revised the purpose.",
    )
    act(client_for(reviewer), issued_policy, "approve", "Reads well.")
    act(client_for(approver), issued_policy, "approve", "Approved.")
    issued_policy.refresh_from_db()
    return issued_policy


@pytest.mark.django_db
def test_history_lists_every_issue_with_summary_and_period(
    revised_policy, staff_client
):
    page = soup(staff_client.get("/documents/POL-001/history/"))
    rows = [row.get_text(" ", strip=True) for row in page.select("tbody tr")]
    assert rows[0].startswith("1.1 Minor change Revised the purpose.")
    assert "current" in rows[0]
    assert rows[1].startswith("1.0 Major change First issue")
    assert " to " in rows[1]


@pytest.mark.django_db
def test_comments_and_hashes_are_for_auditors_approvers_and_the_owner(
    revised_policy, staff_client, owner, auditor
):
    assert (
        "Reads well."
        not in staff_client.get("/documents/POL-001/history/").content.decode()
    )
    assert (
        "chain " not in staff_client.get("/documents/POL-001/history/").content.decode()
    )
    for user in (auditor, owner):
        content = client_for(user).get("/documents/POL-001/history/").content.decode()
        assert "Reads well." in content
        assert revised_policy.issues.get(minor=1).chain_hash in content


@pytest.mark.django_db
def test_a_superseded_issue_shows_as_approved_with_a_banner(revised_policy, auditor):
    page = soup(client_for(auditor).get("/documents/POL-001/v/1.0/"))
    assert "SUPERSEDED" in page.select_one(".superseded-banner").get_text()
    assert page.select_one(".superseded-banner a")["href"] == revised_policy.url
    assert "Original purpose." in page.select_one(".purpose").get_text()
    meta = page.select_one(".document-meta").get_text(" ", strip=True)
    assert "1.0" in meta and "Superseded" in meta


@pytest.mark.django_db
def test_the_current_issue_is_not_marked_superseded(revised_policy, staff_client):
    page = soup(staff_client.get("/documents/POL-001/v/1.1/"))
    assert page.select_one(".superseded-banner") is None
    assert "Revised purpose." in page.select_one(".purpose").get_text()


@pytest.mark.django_db
def test_staff_cannot_open_superseded_issues(revised_policy, staff_client):
    assert staff_client.get("/documents/POL-001/v/1.0/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/documents/POL-999/history/", 404),
        ("/documents/POL-001/v/9.9/", 404),
        ("/documents/POL-001/v/one/", 400),
        ("/documents/POL-001/v/1.0.0/", 400),
    ],
)
def test_unknown_gives_404_and_malformed_gives_400(
    revised_policy, staff_client, path, status
):
    response = staff_client.get(path)
    assert response.status_code == status
    if status == 400:
        assert "MAJOR.MINOR" in response.content.decode()


@pytest.mark.django_db
def test_history_costs_the_same_queries_at_2_or_20_issues(
    issued_policy, approver, auditor
):
    client = client_for(auditor)
    client.get("/documents/POL-001/history/")
    counts = []
    for more in (1, 19):
        issue_changes(issued_policy, approver, more)
        with CaptureQueriesContext(connection) as queries:
            client.get("/documents/POL-001/history/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= HISTORY_QUERY_BUDGET


@pytest.mark.django_db
def test_history_of_a_document_never_issued(library, owner, auditor):
    make_document(PolicyPage, library, owner=owner, publish=False)
    response = client_for(auditor).get("/documents/POL-001/history/")
    assert response.status_code == 200
    assert "No issue has been approved yet." in response.content.decode()


@pytest.mark.django_db
def test_staff_do_not_see_review_and_withdrawal_comments(
    revised_policy, owner, staff_client, auditor
):
    RecordReviewAction(
        revised_policy, user=owner, reason="Secret reviewer remark"
    ).execute()
    assert (
        "Secret reviewer remark"
        not in staff_client.get("/documents/POL-001/history/").content.decode()
    )
    assert (
        "Secret reviewer remark"
        in client_for(auditor).get("/documents/POL-001/history/").content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["1.0%0A", "%D9%A1.0", "01.00"])
def test_odd_label_spellings_are_refused(revised_policy, auditor, label):
    assert client_for(auditor).get(f"/documents/POL-001/v/{label}/").status_code == 400


@pytest.mark.django_db
def test_reviewers_compare_issues_but_do_not_read_comments_and_hashes(
    revised_policy, reviewer
):
    client = client_for(reviewer)
    assert client.get("/documents/POL-001/diff/1.0/1.1/").status_code == 200
    assert client.get("/documents/POL-001/v/1.0/").status_code == 200
    history = client.get("/documents/POL-001/history/").content.decode()
    assert "Reads well." not in history
    assert revised_policy.issues.get(minor=1).chain_hash not in history
