"""Staff search at /search/: what a reader sees and what they never see."""

import pytest
from django.contrib.auth.models import Group

from policies.models import Clause, PolicyPage, ProcedurePage
from search.models import GuidanceEntry
from search.views import PAGE_SIZE
from tests.factories import make_document
from tests.search.conftest import section
from workflows.actions.withdrawal import WithdrawDocumentAction

pytestmark = pytest.mark.django_db


def guidance(title, text, clause="8.6.1"):
    entry = GuidanceEntry.objects.create(
        title=title,
        what_to_do=text,
        why_it_matters="It keeps users working.",
        further_considerations="Review it yearly.",
    )
    entry.clauses.set([Clause.objects.get(number=clause)])
    return entry


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, response.content[:500]
    return response


def titles(response):
    return [hit.title for hit in response.context["results"]]


def test_a_result_shows_type_number_version_and_a_highlighted_snippet(
    staff_client, incident_procedure
):
    response = results(staff_client, q="escalated")
    [hit] = response.context["results"]
    assert hit.type_label == "Procedure"
    assert hit.reference == f"{incident_procedure.document_number} v1.0"
    # The link opens the document at the passage shown (a URL text fragment).
    assert hit.url == (
        f"/documents/{incident_procedure.document_number}/"
        "#:~:text=A%20major%20incident%20is,manager%20within%20fifteen%20minutes."
    )
    html = response.content.decode()
    assert "<mark>escalated</mark> to the duty manager" in html
    assert "Incident handling procedure" in html


def test_guidance_results_show_their_clause(staff_client):
    entry = guidance("Restoring service", "Restore the service before diagnosing.")
    response = results(staff_client, q="restore")
    [hit] = response.context["results"]
    assert (hit.type_label, hit.reference) == ("Guidance", "Clause 8.6.1")
    assert hit.url == (
        f"/guidance/{entry.pk}/#:~:text=Restore%20the%20service%20before%20diagnosing."
    )
    assert "<mark>Restore</mark> the service" in response.content.decode()


def test_plural_finds_singular_and_the_singular_is_highlighted(
    staff_client, incident_procedure
):
    response = results(staff_client, q="incidents escalations")
    assert titles(response) == ["Incident handling procedure"]
    assert "<mark>incident</mark>" in response.content.decode()


def test_documents_and_guidance_come_back_in_one_list(
    staff_client, incident_procedure, change_policy
):
    guidance("Major incidents", "Escalate a major incident at once.")
    response = results(staff_client, q="major incident")
    assert set(titles(response)) == {"Incident handling procedure", "Major incidents"}
    assert response.context["total"] == 2


def test_filters_by_type_process_area_and_clause(
    staff_client, incident_procedure, change_policy
):
    guidance("Approving changes", "Changes are approved by the authority.", "8.5.1.3")
    query = "approved"  # one word: the filters alone narrow what it finds
    assert set(titles(results(staff_client, q=query))) == {
        "Change policy",
        "Approving changes",
    }
    assert titles(results(staff_client, q=query, type="policy")) == ["Change policy"]
    assert titles(results(staff_client, q=query, type="procedure")) == []
    assert titles(results(staff_client, q=query, type="guidance")) == [
        "Approving changes"
    ]
    assert titles(results(staff_client, q=query, process="change-management")) == [
        "Change policy"
    ]
    assert set(titles(results(staff_client, q=query, clause="8.5.1.3"))) == {
        "Change policy",
        "Approving changes",
    }
    assert titles(results(staff_client, q=query, clause="8.6.1")) == []
    assert titles(results(staff_client, q="incident", clause="8.6.1")) == [
        "Incident handling procedure"
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "memo"}, "Unknown type &#x27;memo&#x27;"),
        ({"process": "nope"}, "Unknown process area"),
        ({"clause": "99.9"}, "Unknown clause"),
        ({"page": "0"}, "page must be a whole number"),
        ({"page": "x"}, "page must be a whole number"),
        ({"page": "51"}, "page must be a whole number"),
        ({"page": "²"}, "page must be a whole number"),
        ({"process": "incident\x00"}, "Unknown process area"),
        ({"clause": "8.6.1\x00"}, "Unknown clause"),
        ({"clause": "8" * 500}, "Unknown clause"),
    ],
)
def test_malformed_filters_are_refused_with_a_message(staff_client, params, message):
    response = staff_client.get("/search/", {"q": "incident", **params})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_results_are_paginated(staff_client, library, owner):
    for n in range(PAGE_SIZE + 3):
        make_document(
            PolicyPage,
            library,
            owner=owner,
            title=f"Backup policy {n}",
            body=section("Backups are tested every month."),
        )
    first = results(staff_client, q="backups")
    assert first.context["total"] == PAGE_SIZE + 3
    assert len(first.context["results"]) == PAGE_SIZE
    assert 'rel="next" href="?q=backups&amp;page=2"' in first.content.decode()
    second = results(staff_client, q="backups", page="2")
    assert len(second.context["results"]) == 3
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="prev"' in second.content.decode()
    beyond = results(staff_client, q="backups", page="3")
    assert beyond.context["results"] == []
    assert "Page 3 is past the last page" in beyond.content.decode()
    assert 'href="?q=backups&amp;page=2"' in beyond.content.decode()


@pytest.mark.parametrize("query", ["archives", "archives safely"])
def test_every_result_appears_on_exactly_one_page_beyond_the_reranked_head(
    staff_client, library, owner, query
):
    count = 65  # more than the head of 60 candidates that a single word re-ranks
    for n in range(count):
        make_document(
            PolicyPage,
            library,
            owner=owner,
            title=f"Archive policy {n}",
            body=section("Archives are kept " + "safely " * (1 + n % 7)),
        )
    seen = []
    for page in range(1, 5):
        seen += titles(results(staff_client, q=query, page=str(page)))
    assert len(seen) == count
    assert len(set(seen)) == count


def test_drafts_never_appear(staff_client, owner_client, library, owner):
    make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Unapproved escalation draft",
        body=section("Escalation of everything."),
        publish=False,
    )
    for client in (staff_client, owner_client):
        assert titles(results(client, q="escalation")) == []


def test_unapproved_changes_to_a_current_document_are_not_searchable(
    staff_client, incident_procedure, owner
):
    draft = incident_procedure.get_latest_revision_as_object()
    draft.purpose = "Quarantined zebra handling."
    draft.save_revision(user=owner)
    assert titles(results(staff_client, q="zebra")) == []
    assert titles(results(staff_client, q="classifies")) == [
        "Incident handling procedure"
    ]


def test_withdrawn_documents_never_appear(
    staff_client, owner_client, incident_procedure, approver
):
    assert titles(results(staff_client, q="escalated"))
    WithdrawDocumentAction(
        incident_procedure, user=approver, reason="Replaced by the new service desk"
    ).execute()
    for client in (staff_client, owner_client):
        assert titles(results(client, q="escalated")) == []


def test_empty_and_wordless_queries_ask_for_a_word(staff_client, incident_procedure):
    assert "results" not in results(staff_client, q="").context
    response = results(staff_client, q='  "(*)" -- the of ')
    assert response.context["results"] == []
    assert "Type a word to search for" in response.content.decode()


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get("/search/", {"q": "incident"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_search_page_runs_in_a_bounded_number_of_queries(
    staff_client, library, owner, django_assert_max_num_queries
):
    for n in range(25):
        make_document(
            PolicyPage,
            library,
            owner=owner,
            title=f"Logging policy {n}",
            body=section("Logs are kept for a year."),
            clauses=[Clause.objects.get(number="8.6.1")],
        )
        guidance(f"Logging guidance {n}", "Keep logs for a year.")
    # 17: the stored texts are read twice, stems for the ranking and the page's
    # texts for its snippets (search.stored), instead of loading every candidate.
    with django_assert_max_num_queries(17):
        response = results(staff_client, q="logs year", clause="8.6.1")
    assert len(response.context["results"]) == PAGE_SIZE


def test_approvers_group_needed_for_nothing_here(staff_client, change_policy):
    # Staff are in no admin group at all and still find current documents.
    assert not Group.objects.filter(user__username="staff", name="Approvers").exists()
    assert titles(results(staff_client, q="emergency")) == ["Change policy"]
