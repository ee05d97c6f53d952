import csv
import io

import pytest
from django.utils import timezone

from tests.workflows.helpers import act, client_for, submit
from workflows.actions.withdrawal import WithdrawDocumentAction


@pytest.fixture
def trail(issued_policy, owner, reviewer, approver):
    submit(client_for(owner), issued_policy, owner)
    act(client_for(reviewer), issued_policy, "approve", "Fine.")
    act(client_for(approver), issued_policy, "approve", "Approved.")
    WithdrawDocumentAction(
        issued_policy, user=approver, reason="Superseded by POL-009."
    ).execute()
    return issued_policy


@pytest.mark.django_db
def test_auditors_export_the_trail_as_json(trail, auditor):
    response = client_for(auditor).get("/audit/export/?format=json&document=POL-001")
    entries = response.json()["entries"]
    actions = [(e["action"], e["user"]) for e in entries]
    assert ("wagtail.workflow.start", "owner") in actions
    assert ("wagtail.workflow.approve", "reviewer") in actions
    assert ("itsms.issue", "approver") in actions
    assert ("wagtail.publish", "approver") in actions
    assert ("itsms.withdraw", "approver") in actions
    assert all(e["document"] == "POL-001" for e in entries)
    withdrawal = next(e for e in entries if e["action"] == "itsms.withdraw")
    assert withdrawal["description"] == "Withdrawn: Superseded by POL-009."


@pytest.mark.django_db
def test_csv_export_has_the_same_entries(trail, approver):
    client = client_for(approver)
    as_json = client.get("/audit/export/?format=json").json()["entries"]
    response = client.get("/audit/export/?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["timestamp", "document", "title", "action"]
    assert [row[3] for row in rows[1:]] == [entry["action"] for entry in as_json]


@pytest.mark.django_db
def test_date_range_filters_the_trail(trail, auditor):
    today = timezone.localdate().isoformat()
    client = client_for(auditor)
    assert client.get(f"/audit/export/?format=json&from={today}").json()["entries"]
    assert (
        client.get("/audit/export/?format=json&to=2000-01-01").json()["entries"] == []
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["format=xml", "from=01/02/2026", "from=2026-02-01&to=2026-01-01"]
)
def test_malformed_filters_give_400(auditor, query):
    response = client_for(auditor).get(f"/audit/export/?{query}")
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_trail_is_for_auditors_and_approvers_only(
    trail, owner, reviewer, staff_client
):
    for client in (client_for(owner), client_for(reviewer), staff_client):
        assert client.get("/audit/export/?format=json").status_code == 403
