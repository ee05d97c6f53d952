"""Compliance is counted once and read back until the library changes
(workflows.coverage_cache): every change a reader could see in it shows at once
(a new issue and a withdrawal: tests/workflows/test_compliance.py), and readers
with other access never share a result."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import AgreementPage
from tests.factories import make_document
from tests.workflows.helpers import client_for
from tests.workflows.records import dispose_of, make_record
from tests.workflows.test_compliance import compliance_page, item_text, items, statuses

# Read back: session, user, the reader's groups, the coverage version and the
# cached result, the menu's permissions and the profile; never the counts.
READ_BACK_QUERY_BUDGET = 8


def queries_of(client, url="/compliance/"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def auditor_client(auditor):
    return client_for(auditor)


@pytest.fixture
def agreement(library, owner):
    return make_document(
        AgreementPage, library, owner=owner, required_items=items("sla")
    )


@pytest.mark.django_db
def test_compliance_is_read_back_without_counting_again(agreement, auditor_client):
    first = compliance_page(auditor_client)
    counted = queries_of(auditor_client)
    again = compliance_page(auditor_client)
    assert counted <= READ_BACK_QUERY_BUDGET
    assert again.select_one("table.compliance") == first.select_one("table.compliance")
    assert statuses(again)["sla"] == "satisfied"
    assert queries_of(auditor_client, "/api/v1/clauses/") > queries_of(
        auditor_client, "/api/v1/clauses/"
    ), "the API's clauses are remembered too"


@pytest.mark.django_db
def test_a_draft_save_keeps_it_and_publishing_counts_again(
    agreement, owner, auditor_client
):
    compliance_page(auditor_client)
    draft = agreement.get_latest_revision_as_object()
    draft.title = "Renamed agreement"
    revision = draft.save_revision(user=owner)
    assert queries_of(auditor_client) <= READ_BACK_QUERY_BUDGET
    revision.publish()
    assert queries_of(auditor_client) > READ_BACK_QUERY_BUDGET


@pytest.mark.django_db
def test_records_filed_and_disposed_of_show_at_once(owner, auditor, auditor_client):
    assert statuses(compliance_page(auditor_client))["incident-records"] == "missing"
    record = make_record("incident-records", owner, ended_days_ago=30)
    assert statuses(compliance_page(auditor_client))["incident-records"] == "satisfied"
    dispose_of(record, auditor)
    assert statuses(compliance_page(auditor_client))["incident-records"] == "missing"


@pytest.mark.django_db
def test_readers_with_other_access_never_share_coverage(
    library, owner, staff, auditor_client, staff_client
):
    readers = Group.objects.create(name="Contract readers")
    make_document(
        AgreementPage,
        library,
        owner=owner,
        classification="confidential",
        required_items=items("sla"),
        reader_groups=[readers],
    )
    assert statuses(compliance_page(auditor_client))["sla"] == "satisfied"
    page = compliance_page(staff_client)
    assert statuses(page)["sla"] == "missing"
    assert "AGR-001" not in page.get_text()
    # Joining the readers changes nothing in the library, only what staff see.
    staff.groups.add(readers)
    page = compliance_page(staff_client)
    assert statuses(page)["sla"] == "satisfied"
    assert "by AGR-001 1.0" in item_text(page, "sla")
    staff.groups.remove(readers)
    assert statuses(compliance_page(staff_client))["sla"] == "missing"
