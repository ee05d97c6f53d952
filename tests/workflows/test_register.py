import csv
import io
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import Clause, PolicyPage, ProcedurePage
from tests.factories import make_document, make_user
from tests.workflows.helpers import client_for
from workflows.actions.issue import IssueRevisionAction
from workflows.actions.withdrawal import ReinstateDocumentAction, WithdrawDocumentAction

# Measured at 8: session, user, documents with owners and types (one query), the
# reader's groups and permissions for the menu, the site root for links.
REGISTER_QUERY_BUDGET = 8


@pytest.fixture
def auditor_client(auditor):
    return client_for(auditor)


def issue(document, approver, on, summary="Change"):
    draft = document.get_latest_revision_as_object()
    draft.purpose = f"{summary}, effective {on}"
    IssueRevisionAction(
        draft.save_revision(user=document.document_owner),
        user=approver,
        significance="minor",
        change_summary=summary,
        sign_offs=[],
        effective_from=on,
    ).execute()


@pytest.fixture
def library_history(library, owner, approver):
    """POL-001 issued 1.0 on 1 Feb and 1.1 on 1 Apr; PRC-001 issued 1.0 on 1 Mar and
    withdrawn later; POL-002 a draft never issued."""
    policy = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Alpha policy",
        publish=False,
        clauses=[Clause.objects.get(number="5.2")],
    )
    issue(policy, approver, date(2026, 2, 1))
    issue(policy, approver, date(2026, 4, 1))
    procedure = make_document(
        ProcedurePage, library, owner=owner, title="Beta procedure", publish=False
    )
    issue(procedure, approver, date(2026, 3, 1))
    WithdrawDocumentAction(procedure, user=approver, reason="Obsolete.").execute()
    make_document(PolicyPage, library, owner=owner, title="Gamma draft", publish=False)
    return policy, procedure


def streamed(response) -> str:
    """The CSV is streamed: read it as a client does."""
    return b"".join(response.streaming_content).decode()


def table(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in page.select("table.register tbody tr")
    ]


@pytest.mark.django_db
def test_register_lists_every_document_with_its_control_data(
    library_history, auditor_client
):
    rows = table(auditor_client.get("/register/"))
    assert [row[:6] for row in rows] == [
        ["POL-001", "Alpha policy", "Policy", "1.1", "Olivia Owens", "Current"],
        ["POL-002", "Gamma draft", "Policy", "–", "Olivia Owens", "Draft"],
        ["PRC-001", "Beta procedure", "Procedure", "1.0", "Olivia Owens", "Withdrawn"],
    ]


@pytest.mark.django_db
def test_register_sorts_and_filters(library_history, auditor_client):
    titles = [row[1] for row in table(auditor_client.get("/register/?sort=-title"))]
    assert titles == ["Gamma draft", "Beta procedure", "Alpha policy"]
    assert [r[0] for r in table(auditor_client.get("/register/?type=procedure"))] == [
        "PRC-001"
    ]
    assert [r[0] for r in table(auditor_client.get("/register/?status=Draft"))] == [
        "POL-002"
    ]
    assert [r[0] for r in table(auditor_client.get("/register/?clause=5.2"))] == [
        "POL-001"
    ]
    assert table(auditor_client.get("/register/?owner=nobody")) == [
        ["No document matches."]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (
            "2026-01-31",
            {"POL-001": ("–", "Not yet issued"), "PRC-001": ("–", "Not yet issued")},
        ),
        (
            "2026-03-15",
            {"POL-001": ("1.0", "In force"), "PRC-001": ("1.0", "In force")},
        ),
        ("2026-04-01", {"POL-001": ("1.1", "In force")}),
    ],
)
def test_as_of_shows_the_issue_in_force_at_the_end_of_that_day(
    library_history, staff_client, as_of, expected
):
    rows = {
        row[0]: (row[3], row[5])
        for row in table(staff_client.get(f"/register/?as_of={as_of}"))
    }
    for number, version_and_status in expected.items():
        assert rows[number] == version_and_status


@pytest.mark.django_db
def test_as_of_today_shows_a_withdrawn_document_as_withdrawn(
    library_history, auditor_client
):
    today = date.today().isoformat()
    rows = {
        row[0]: row[5] for row in table(auditor_client.get(f"/register/?as_of={today}"))
    }
    assert rows["PRC-001"] == "Withdrawn"
    assert rows["POL-002"] == "Not yet issued"


@pytest.mark.django_db
def test_csv_exports_exactly_what_is_on_screen(library_history, staff_client):
    query = "?as_of=2026-03-15&sort=-number&type=policy"
    screen = table(staff_client.get(f"/register/{query}"))
    response = staff_client.get(f"/register/{query}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    exported = list(csv.reader(io.StringIO(streamed(response))))
    assert exported[0] == [
        "Number",
        "Title",
        "Type",
        "Version",
        "Owner",
        "Status",
        "Effective date",
        "Next review",
    ]
    assert [row[:6] for row in exported[1:]] == [
        [cell if cell != "–" else "" for cell in row[:6]] for row in screen
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "as_of=2026-13-01",
        "as_of=yesterday",
        "sort=colour",
        "type=memo",
        "status=Lost",
        "format=pdf",
        "clause=8.6.1%00",
        "owner=owner%00",
    ],
)
def test_malformed_parameters_give_400_with_a_clear_message(staff_client, query):
    response = staff_client.get(f"/register/?{query}")
    assert response.status_code == 400
    assert len(response.content.decode()) > 20


@pytest.mark.django_db
def test_register_queries_do_not_grow_with_documents_or_issues(
    library, owner, approver
):
    client = client_for(owner)
    counts = []
    for added in (2, 20):
        for _ in range(added):
            document = make_document(PolicyPage, library, owner=owner, publish=False)
            issue(document, approver, date(2026, 1, 1))
            issue(document, approver, date(2026, 2, 1))
        for query in ("", "?as_of=2026-01-15"):
            client.get(f"/register/{query}")
            with CaptureQueriesContext(connection) as queries:
                client.get(f"/register/{query}")
            counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3]
    assert max(counts) <= REGISTER_QUERY_BUDGET


@pytest.mark.django_db
def test_staff_see_issued_documents_but_not_drafts(library_history, staff_client):
    numbers = [row[0] for row in table(staff_client.get("/register/"))]
    assert numbers == ["POL-001", "PRC-001"]


@pytest.mark.django_db
def test_a_reinstated_document_is_in_force_again_at_its_last_issue(
    library_history, auditor_client, approver
):
    _, procedure = library_history
    ReinstateDocumentAction(procedure, user=approver, reason="Still needed.").execute()
    today = date.today().isoformat()
    rows = {r[0]: r[5] for r in table(auditor_client.get(f"/register/?as_of={today}"))}
    # Reinstating makes the last issue current again (before, it stayed withdrawn
    # until a new issue).
    assert rows["PRC-001"] == "In force"
    current = {r[0]: r[5] for r in table(auditor_client.get("/register/"))}
    assert current["PRC-001"] == "Current"


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_dates_out_of_range_give_400(staff_client, as_of):
    assert staff_client.get(f"/register/?as_of={as_of}").status_code == 400


@pytest.mark.django_db
def test_csv_cells_cannot_run_as_spreadsheet_formulas(library, owner, auditor_client):
    make_document(
        PolicyPage, library, owner=owner, title="=HYPERLINK(1)", publish=False
    )
    exported = streamed(auditor_client.get("/register/?format=csv"))
    assert "'=HYPERLINK(1)" in exported


@pytest.fixture
def two_owners(library, owner):
    """POL-001 owned by Olivia Owens (owner), POL-002 by Peter Parker (pparker)."""
    other = make_user(
        "Document owners", username="pparker", first_name="Peter", last_name="Parker"
    )
    make_document(PolicyPage, library, owner=owner, title="Olivia's", publish=False)
    make_document(PolicyPage, library, owner=other, title="Peter's", publish=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Olivia Owens", ["POL-001"]),  # the full name the register shows
        ("olivia owens", ["POL-001"]),
        ("Owens", ["POL-001"]),
        ("oliv", ["POL-001"]),
        ("owner", ["POL-001"]),  # the username
        ("  PPARKER ", ["POL-002"]),
        ("Peter Parker", ["POL-002"]),
        ("Olivia Parker", []),  # each word must fit the same person
        ("nobody", []),
    ],
)
def test_the_owner_filter_finds_by_full_name_part_or_username(
    two_owners, auditor_client, typed, found
):
    response = auditor_client.get("/register/", {"owner": typed})
    rows = table(response)
    assert [row[0] for row in rows if len(row) > 1] == found
    field = BeautifulSoup(response.content, "html.parser").select_one("#f-owner")
    assert field["value"] == typed
