import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policies.models import (
    AgreementPage,
    Clause,
    ControlledDocumentPage,
    PolicyPage,
    ProcedurePage,
    RequiredItem,
)
from tests.factories import make_document, make_user
from tests.workflows.helpers import client_for
from tests.workflows.records import dispose_of, make_record, make_records
from workflows.actions.withdrawal import WithdrawDocumentAction
from workflows.coverage_cache import forget_coverage

# Measured at 15 for an auditor: session, user, the reader's groups (drafts,
# confidential records), the required items with their latest and recent records
# (subqueries), the items' documents counted by type and state and the first few
# named (two), the same for documents that only address a clause (two), the
# clauses, overdue reviews and drafts never approved (counted, then listed: three),
# the menu's permissions (two) and the user's profile (two); for staff, 16: the
# confidential documents and records hidden from them (the key of the remembered
# coverage, workflows.coverage_cache). The same at any size of library: no query,
# and no page object, per document. Read back from the cache: tested there.
COMPLIANCE_QUERY_BUDGET = 16


@pytest.fixture
def auditor_client(auditor):
    return client_for(auditor)


def clauses(*numbers):
    return list(Clause.objects.filter(number__in=numbers))


def items(*codes):
    return list(RequiredItem.objects.filter(code__in=codes))


def compliance_page(client):
    response = client.get("/compliance/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def statuses(page):
    """Each required item's status in the table of all clauses."""
    return {
        li["data-item"]: li.select_one(".status").get_text(strip=True)
        for li in page.select("table.compliance li[data-item]")
    }


def item_text(page, code):
    return page.select_one(f'table.compliance li[data-item="{code}"]').get_text(
        " ", strip=True
    )


def gap_codes(page):
    return {li["data-item"] for li in page.select("ul.gaps li[data-item]")}


def clause_rows(page):
    return {
        row.th.get_text(" ", strip=True): row
        for row in page.select("table.compliance tbody > tr")
    }


@pytest.fixture
def mapped(library, owner):
    """POL-001 in force, the service management policy, overdue for review; POL-002
    a change management policy never issued."""
    past = timezone.localdate() - timedelta(days=3)
    current = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="SM policy",
        clauses=clauses("5.2.1", "5.2"),
        required_items=items("sm-policy"),
        next_review_due=past,
    )
    draft = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Change policy draft",
        clauses=clauses("8.5.1.1"),
        required_items=items("change-policy"),
        publish=False,
    )
    return current, draft


@pytest.mark.django_db
def test_each_clause_lists_its_required_items_and_what_meets_them(
    mapped, auditor_client
):
    page = compliance_page(auditor_client)
    assert len(clause_rows(page)) == Clause.objects.count() == 77
    assert statuses(page)["sm-policy"] == "satisfied"
    assert "by POL-001 1.0" in item_text(page, "sm-policy")
    assert statuses(page)["change-policy"] == "draft only"
    assert "POL-002 draft (not issued)" in item_text(page, "change-policy")
    assert set(statuses(page)) == set(
        RequiredItem.objects.values_list("code", flat=True)
    )


@pytest.mark.django_db
def test_a_procedure_mapped_to_the_sla_clause_addresses_it_but_is_no_sla(
    library, owner, auditor_client
):
    make_document(ProcedurePage, library, owner=owner, clauses=clauses("8.3.3"))
    page = compliance_page(auditor_client)
    assert statuses(page)["sla"] == "missing"
    assert "sla" in gap_codes(page)
    row = clause_rows(page)["8.3.3 Service level management"]
    assert "PRC-001 1.0 (current)" in row.select("td")[-1].get_text(" ", strip=True)
    assert "PRC-001" not in item_text(page, "sla")


@pytest.mark.django_db
def test_a_document_of_a_type_the_item_does_not_name_never_satisfies_it(
    library, owner, auditor_client
):
    procedure = make_document(
        ProcedurePage, library, owner=owner, clauses=clauses("8.3.3")
    )
    # Around the form, which refuses it: the page still must not count it.
    ControlledDocumentPage.required_items.through.objects.create(
        controlleddocumentpage=procedure, requireditem=items("sla")[0]
    )
    page = compliance_page(auditor_client)
    assert statuses(page)["sla"] == "missing"
    assert "PRC-001 1.0 (a procedure cannot satisfy it)" in item_text(page, "sla")


@pytest.mark.django_db
def test_an_agreement_mapped_to_the_sla_item_satisfies_it(
    library, owner, auditor_client
):
    # Read before: the coverage remembered then is forgotten by the new issue.
    assert statuses(compliance_page(auditor_client))["sla"] == "missing"
    make_document(
        AgreementPage,
        library,
        owner=owner,
        clauses=clauses("8.3.3"),
        required_items=items("sla"),
    )
    page = compliance_page(auditor_client)
    assert statuses(page)["sla"] == "satisfied"
    assert "by AGR-001 1.0" in item_text(page, "sla")
    assert "sla" not in gap_codes(page)
    seven_five_four = page.select_one('ul.documented-information li[data-item="sla"]')
    assert seven_five_four.get_text(" ", strip=True).startswith("7.5.4 h:")
    assert "satisfied" in seven_five_four.get_text()


@pytest.mark.django_db
def test_a_withdrawn_agreement_no_longer_satisfies_it(
    library, owner, approver, auditor_client
):
    agreement = make_document(
        AgreementPage, library, owner=owner, required_items=items("sla")
    )
    assert statuses(compliance_page(auditor_client))["sla"] == "satisfied"
    # Withdrawal writes the page row with an update (no post_save): the coverage
    # remembered a moment ago is forgotten all the same.
    WithdrawDocumentAction(agreement, user=approver, reason="Replaced.").execute()
    page = compliance_page(auditor_client)
    assert statuses(page)["sla"] == "missing"
    assert "AGR-001 1.0 (withdrawn)" in item_text(page, "sla")


@pytest.mark.django_db
def test_a_draft_is_draft_only_for_those_who_see_drafts_and_missing_for_staff(
    mapped, auditor_client, staff_client
):
    assert statuses(compliance_page(auditor_client))["change-policy"] == "draft only"
    page = compliance_page(staff_client)
    assert statuses(page)["change-policy"] == "missing"
    assert "POL-002" not in page.get_text()
    assert "POL-001" in page.get_text()


@pytest.mark.django_db
def test_records_within_twelve_months_satisfy_older_are_stale_disposed_do_not_count(
    owner, auditor, auditor_client
):
    make_record("incident-records", owner, ended_days_ago=30)
    make_record("incident-records", owner, ended_days_ago=60)
    old = make_record("problem-records", owner, ended_days_ago=400)
    dispose_of(make_record("audit-results", owner, ended_days_ago=10), auditor)
    page = compliance_page(auditor_client)
    found = statuses(page)
    assert found["incident-records"] == "satisfied"
    assert "and 1 more record" in item_text(page, "incident-records")
    assert found["problem-records"] == "stale"
    assert found["audit-results"] == "missing"
    assert found["service-request-records"] == "missing"
    gaps = gap_codes(page)
    assert {"problem-records", "audit-results", "service-request-records"} <= gaps
    assert "incident-records" not in gaps
    stale = page.select_one('ul.gaps--records li[data-item="problem-records"]')
    assert f"latest {old.number} ({old.period_end.isoformat()})" in stale.get_text()


@pytest.mark.django_db
def test_a_confidential_record_counts_only_for_those_who_may_read_it(
    owner, staff, auditor_client, owner_client, staff_client
):
    make_record("incident-records", owner, classification="confidential")
    make_record("problem-records", owner, classification="internal")
    assert statuses(compliance_page(auditor_client))["incident-records"] == "satisfied"
    assert statuses(compliance_page(owner_client))["incident-records"] == "satisfied"
    for_staff = statuses(compliance_page(staff_client))
    assert for_staff["incident-records"] == "missing"
    assert for_staff["problem-records"] == "satisfied"


@pytest.mark.django_db
def test_a_confidential_document_counts_only_for_its_readers(
    library, owner, auditor_client, staff_client
):
    make_document(
        AgreementPage,
        library,
        owner=owner,
        classification="confidential",
        required_items=items("sla"),
    )
    assert statuses(compliance_page(auditor_client))["sla"] == "satisfied"
    page = compliance_page(staff_client)
    assert statuses(page)["sla"] == "missing"
    assert "AGR-001" not in page.get_text()


@pytest.mark.django_db
def test_gaps_overdue_reviews_and_drafts_never_approved(mapped, auditor_client):
    page = compliance_page(auditor_client)
    gaps = gap_codes(page)
    assert "change-policy" in gaps, "only a draft maps to it"
    assert "sm-policy" not in gaps
    assert {"sms-scope", "sla", "incident-records"} <= gaps
    unsatisfied = RequiredItem.objects.exclude(code="sm-policy")
    assert gaps == set(unsatisfied.values_list("code", flat=True))
    documents = page.select_one("ul.gaps--documents").get_text(" ", strip=True)
    assert "8.5.1.1 Change management policy" in documents
    assert "POL-001 SM policy" in page.select_one("ul.overdue").get_text()
    assert (
        "POL-002 Change policy draft" in page.select_one("ul.never-approved").get_text()
    )


@pytest.mark.django_db
def test_the_7_5_4_list_runs_a_to_k_and_the_amendment_shows_on_4_1_and_4_2(
    auditor_client,
):
    page = compliance_page(auditor_client)
    lines = [
        li.get_text(" ", strip=True)
        for li in page.select("ul.documented-information li")
    ]
    assert [line[6] for line in lines] == sorted(line[6] for line in lines)
    assert {line[6] for line in lines} == set("abcdefghijk")
    assert len(lines) == RequiredItem.objects.exclude(required_by="").count()
    rows = clause_rows(page)
    amended = [name for name, row in rows.items() if row.select_one(".amendment")]
    assert [name.split()[0] for name in amended] == ["4.1", "4.2"]
    assert "climate change" in rows[amended[0]].select_one(".amendment").get_text()
    assert "Amd 1:2024" in rows[amended[1]].select_one(".amendment").get_text()


@pytest.mark.django_db
def test_coverage_chart_shows_the_share_of_required_items_satisfied(
    mapped, auditor_client
):
    page = compliance_page(auditor_client)
    caption = page.select_one("figure figcaption").get_text()
    assert "Clause 5: 1 of 1 required items satisfied." in caption
    in_8 = RequiredItem.objects.filter(clause__section=8).count()
    assert f"Clause 8: 0 of {in_8} required items satisfied." in caption
    assert [f"Clause {n}:" in caption for n in range(4, 11)] == [True] * 7
    assert page.select_one("svg.coverage-chart").get("style") is None


@pytest.mark.django_db
def test_compliance_csv_has_a_row_per_item_and_per_clause_without_items(
    mapped, owner, auditor_client
):
    make_document(AgreementPage, owner=owner, required_items=items("sla"))
    record = make_record("incident-records", owner, ended_days_ago=5)
    Clause.objects.filter(number="4.1").update(amendment="=HYPERLINK(1)")
    response = auditor_client.get("/compliance/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, body = rows[0], rows[1:]
    assert header[:8] == [
        "Clause",
        "Title",
        "Item code",
        "Item",
        "Kind",
        "7.5.4",
        "Status",
        "Satisfied by",
    ]
    without_items = Clause.objects.filter(required_items__isnull=True).count()
    assert len(body) == RequiredItem.objects.count() + without_items
    by_code = {row[2]: row for row in body if row[2]}
    assert by_code["sla"][4:8] == ["document", "7.5.4 h", "satisfied", "AGR-001 1.0"]
    assert by_code["incident-records"][4:8] == [
        "record",
        "",
        "satisfied",
        f"{record.number} ({record.period_end.isoformat()})",
    ]
    assert by_code["change-policy"][6:9] == [
        "draft only",
        "",
        "POL-002 draft (not issued)",
    ]
    assert by_code["sms-scope"][6] == "missing"
    clause_4_1 = next(row for row in body if row[0] == "4.1")
    assert clause_4_1[2] == "" and clause_4_1[-1] == "'=HYPERLINK(1)"
    assert auditor_client.get("/compliance/?format=xls").status_code == 400


def measure(client):
    """Queries of counting coverage (not of reading it back from the cache)."""
    client.get("/compliance/")
    forget_coverage()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/compliance/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_compliance_queries_do_not_grow_with_documents(library, owner, auditor_client):
    counts = []
    for added in (1, 20):
        for _ in range(added):
            make_document(
                PolicyPage, library, owner=owner, clauses=clauses("8.6.1", "9.2")
            )
            make_document(
                AgreementPage, library, owner=owner, required_items=items("sla")
            )
        counts.append(measure(auditor_client))
    assert counts[0] == counts[1] <= COMPLIANCE_QUERY_BUDGET


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["auditor", "staff"])
def test_compliance_queries_do_not_grow_with_records(user, owner, auditor):
    client = client_for(auditor if user == "auditor" else make_user("Staff"))
    counts, filed = [], 0
    for total in (10, 1000):
        for kind in ("incident-records", "problem-records"):
            make_records(kind, owner, (total - filed) // 2, ended_days_ago=20)
        filed = total
        counts.append(measure(client))
    assert counts[0] == counts[1] <= COMPLIANCE_QUERY_BUDGET
    page = compliance_page(client)
    assert "and 499 more records" in item_text(page, "incident-records")


@pytest.mark.django_db
def test_staff_do_not_see_drafts_in_the_coverage(mapped, staff_client):
    page = compliance_page(staff_client)
    assert "POL-002" not in page.get_text()
    assert "POL-001" in page.get_text()
