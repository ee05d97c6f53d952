"""The clause chooser of the Document control tab: clauses by family, under each
the documented information this type of document can be; an item maps its clause
(policies/clause_chooser.py, ControlledDocumentForm)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policies.models import AgreementPage, Clause, ProcedurePage, RequiredItem
from tests.factories import add_url, document_form, make_document

SLA_LABEL = "8.3.3: Service level agreement(s)"


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def chooser_of(response):
    """The chooser's HTML in a rendered editor (the next panel follows it)."""
    content = response.content.decode()
    start = content.index("data-clause-chooser>")
    return content[start : content.index("Validity and review", start)]


@pytest.mark.django_db
def test_posting_only_a_required_item_maps_its_clause_too(owner_client, owner, library):
    agreement = make_document(AgreementPage, library, owner=owner, publish=False)
    sla = RequiredItem.objects.get(code="sla")
    data = document_form(owner, clauses=[], slug=agreement.slug)
    data["required_items"] = [sla.pk]

    response = owner_client.post(edit_url(agreement), data)

    assert response.status_code == 302
    draft = agreement.get_latest_revision_as_object()
    assert [item.code for item in draft.required_items.all()] == ["sla"]
    assert [clause.number for clause in draft.clauses.all()] == ["8.3.3"]


@pytest.mark.django_db
def test_an_item_keeps_the_clauses_already_chosen(owner_client, owner, library):
    data = document_form(owner, clauses=[Clause.objects.get(number="8.2.4")])
    data["required_items"] = [RequiredItem.objects.get(code="sla").pk]

    response = owner_client.post(add_url(AgreementPage, library), data)

    assert response.status_code == 302
    agreement = AgreementPage.objects.get()
    assert sorted(c.number for c in agreement.clauses.all()) == ["8.2.4", "8.3.3"]


@pytest.mark.django_db
def test_an_agreement_is_offered_the_sla_and_a_procedure_is_not(
    owner_client, owner, library
):
    agreement = make_document(AgreementPage, library, owner=owner, publish=False)
    procedure = make_document(ProcedurePage, library, owner=owner, publish=False)

    offered_to_agreement = chooser_of(owner_client.get(edit_url(agreement)))
    offered_to_procedure = chooser_of(owner_client.get(edit_url(procedure)))

    assert SLA_LABEL in offered_to_agreement
    assert SLA_LABEL not in offered_to_procedure
    assert "8.6.1: Major incident procedure" in offered_to_procedure
    assert "8.6.1: Major incident procedure" not in offered_to_agreement
    # Both are offered every clause, by family; records are never offered.
    for chooser in (offered_to_agreement, offered_to_procedure):
        assert chooser.count('name="clauses"') == Clause.objects.count()
        assert "8.3.3 Service level management" in chooser
        assert "<legend" in chooser and "10 Improvement" in chooser
        assert "Incident records" not in chooser


@pytest.mark.django_db
def test_a_type_that_cannot_be_the_item_is_refused_even_for_a_draft(
    owner_client, owner, library
):
    procedure = make_document(ProcedurePage, library, owner=owner, publish=False)
    data = document_form(owner, slug=procedure.slug)
    data["required_items"] = [RequiredItem.objects.get(code="sla").pk]

    response = owner_client.post(edit_url(procedure), data)

    assert response.status_code == 200
    assert response.context["form"].errors["required_items"] == [
        "A procedure cannot be Service level agreement(s) (document): choose "
        "another document type or another item."
    ]
    assert "cannot be Service level agreement(s)" in chooser_of(response)
    assert not procedure.get_latest_revision_as_object().required_items.all()


@pytest.mark.django_db
def test_records_cannot_be_mapped_to_a_document(owner_client, owner, library):
    data = document_form(owner)
    data["required_items"] = [RequiredItem.objects.get(code="incident-records").pk]

    response = owner_client.post(add_url(ProcedurePage, library), data)

    assert response.status_code == 200
    assert "required_items" in response.context["form"].errors


@pytest.mark.django_db
def test_families_holding_a_choice_are_open_and_the_summary_names_it(
    owner_client, owner, library
):
    agreement = make_document(
        AgreementPage,
        library,
        owner=owner,
        publish=False,
        clauses=[Clause.objects.get(number="8.3.3")],
    )
    agreement.required_items.set([RequiredItem.objects.get(code="sla")])
    agreement.save_revision(user=owner)

    chooser = chooser_of(owner_client.get(edit_url(agreement)))

    assert chooser.count("<details") == 7
    assert chooser.count(" open>") == 1
    assert "8 Operation of the service management system" in chooser
    assert f"Chosen: clause 8.3.3; documented information {SLA_LABEL}." in chooser
    assert "2 chosen" in chooser


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# Measured at 83 for a draft agreement: the editor itself (session, user, page and
# revision, workflow, locks, comments, the other fields' choices, the Guidance tab)
# and two for the chooser, one for the clauses and one for the items.
EDIT_VIEW_BUDGET = 85


def agreement_draft(library, owner, clauses, items):
    agreement = make_document(
        AgreementPage, library, owner=owner, publish=False, clauses=clauses
    )
    agreement.required_items.set(items)
    agreement.save_revision(user=owner)
    return agreement


@pytest.mark.django_db
def test_the_editor_costs_the_same_queries_however_many_clauses(
    owner_client, owner, library, django_assert_max_num_queries
):
    sla = [RequiredItem.objects.get(code="sla")]
    few = agreement_draft(library, owner, [Clause.objects.get(number="8.3.3")], sla)
    many = agreement_draft(library, owner, list(Clause.objects.all()), sla)
    for document in (few, many):
        # Warm the caches, as in a running server; the first visit also
        # subscribes the editor to the page's comments.
        owner_client.get(edit_url(document))

    with django_assert_max_num_queries(EDIT_VIEW_BUDGET):
        few_count = count_queries(owner_client, edit_url(few))
    with django_assert_max_num_queries(EDIT_VIEW_BUDGET):
        many_count = count_queries(owner_client, edit_url(many))
    # A larger catalogue costs nothing more either.
    for n in range(30):
        Clause.objects.create(number=f"10.{n + 3}", title=f"Extra clause {n}")
    with django_assert_max_num_queries(EDIT_VIEW_BUDGET):
        larger_count = count_queries(owner_client, edit_url(many))

    assert few_count == many_count == larger_count
