"""The stored text search ranks and quotes (search.stored): written when an issue
is published and when guidance is saved, never a draft's, gone with a withdrawal;
and a search costs the same queries however large the library."""

import importlib

import pytest
from django.apps import apps

from policies.models import Clause, ControlledDocumentPage, PolicyPage
from search.models import SearchText
from search.stored import content_type_id
from tests.factories import make_document
from tests.search.conftest import section
from tests.search.test_search_page import guidance, results, titles
from workflows.actions.withdrawal import ReinstateDocumentAction, WithdrawDocumentAction

pytestmark = pytest.mark.django_db


def stored_text(obj, model=None):
    row = SearchText.objects.filter(
        content_type_id=content_type_id(model or type(obj)), object_id=obj.pk
    ).first()
    return row.text if row else None


def document_text_of(document):
    return stored_text(document, ControlledDocumentPage)


def snippets(response):
    return [str(hit.snippet) for hit in response.context["results"]]


def test_publishing_an_issue_stores_its_text_and_search_quotes_it(
    staff_client, incident_procedure
):
    assert "fifteen minutes" in document_text_of(incident_procedure)
    response = results(staff_client, q="escalated duty manager")
    assert titles(response) == ["Incident handling procedure"]
    assert "<mark>duty</mark> <mark>manager</mark>" in snippets(response)[0]


def test_a_draft_saved_after_the_issue_changes_nothing_search_finds_or_shows(
    staff_client, incident_procedure, owner
):
    draft = incident_procedure.get_latest_revision_as_object()
    draft.purpose = "Quarantined zebra handling."
    draft.body = section("Zebras are escalated to the zoo keeper.")
    draft.save_revision(user=owner)
    assert "zebra" not in document_text_of(incident_procedure).lower()
    assert titles(results(staff_client, q="zebra")) == []
    response = results(staff_client, q="escalated")
    assert titles(response) == ["Incident handling procedure"]
    assert "duty manager" in snippets(response)[0]
    assert "zoo" not in snippets(response)[0]


def test_the_next_issue_replaces_the_stored_text(staff_client, library, owner):
    policy = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Backup policy",
        purpose="Backups are taken nightly.",
        version="1.1",  # 1.1 appends " Revision 1." to the purpose
    )
    assert document_text_of(policy).startswith("Backups are taken nightly. Revision 1.")
    assert SearchText.objects.filter(object_id=policy.pk).count() == 1


def test_withdrawal_removes_the_text_and_reinstatement_brings_it_back(
    staff_client, incident_procedure, approver
):
    WithdrawDocumentAction(
        incident_procedure, user=approver, reason="Replaced by the new service desk"
    ).execute()
    assert document_text_of(incident_procedure) is None
    assert titles(results(staff_client, q="escalated")) == []
    incident_procedure.refresh_from_db()
    ReinstateDocumentAction(
        incident_procedure, user=approver, reason="The new desk was cancelled"
    ).execute()
    assert "fifteen minutes" in document_text_of(incident_procedure)
    assert titles(results(staff_client, q="escalated")) == [
        "Incident handling procedure"
    ]


def test_saving_guidance_stores_its_text_and_search_quotes_the_new_words(
    staff_client,
):
    entry = guidance("Logging incidents", "Log every incident on the day.")
    assert "Log every incident" in stored_text(entry)
    entry.what_to_do = "Record every incident with its callback number."
    entry.save()
    assert "callback number" in stored_text(entry)
    response = results(staff_client, q="callback number")
    assert titles(response) == ["Logging incidents"]
    assert "<mark>callback</mark> <mark>number</mark>" in snippets(response)[0]
    entry.delete()
    assert not SearchText.objects.filter(object_id=entry.pk).exists()


def test_a_hit_without_stored_text_is_quoted_from_its_own_fields(
    staff_client, incident_procedure
):
    SearchText.objects.all().delete()  # e.g. made live outside the workflow
    response = results(staff_client, q="escalated duty manager")
    assert titles(response) == ["Incident handling procedure"]
    assert "<mark>duty</mark> <mark>manager</mark>" in snippets(response)[0]


def test_the_migration_stores_what_is_in_force_and_the_guidance(
    incident_procedure, library, owner
):
    make_document(PolicyPage, library, owner=owner, title="Draft", publish=False)
    entry = guidance("Logging incidents", "Log every incident on the day.")
    SearchText.objects.all().delete()
    migration = importlib.import_module("search.migrations.0005_fill_search_text")
    migration.fill(apps, None)
    assert "fifteen minutes" in document_text_of(incident_procedure)
    assert "Log every incident" in stored_text(entry)
    assert SearchText.objects.count() == 2  # not the draft


@pytest.mark.parametrize("documents", [10, 60])
@pytest.mark.parametrize("query", ["logs", "how long are logs kept"])
def test_a_search_costs_the_same_queries_at_10_and_60_documents(
    staff_client, library, owner, django_assert_max_num_queries, documents, query
):
    for n in range(documents):
        make_document(
            PolicyPage,
            library,
            owner=owner,
            title=f"Logging policy {n}",
            body=section("Logs are kept for a year. " * (1 + n % 5)),
            clauses=[Clause.objects.get(number="8.6.1")],
        )
    guidance("Keeping logs", "Keep logs for a year.")
    results(staff_client, q=query)  # content types and word rarity cached
    with django_assert_max_num_queries(16):
        response = results(staff_client, q=query)
    assert response.context["total"] >= documents
    assert len(response.context["results"]) == min(response.context["total"], 20)
