"""Search that answers: a question lists the few hits that answer it, filters say
how many results each choice gives (counting only what the reader may read),
and filters that leave nothing offer a way back."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from policies.models import Clause, PolicyPage
from search.views import run_search
from tests.factories import make_document
from tests.search.conftest import section
from tests.search.test_relevance import key
from tests.search.test_search_page import guidance, results, titles

pytestmark = pytest.mark.django_db

QUESTION = "who approves emergency changes"


@pytest.fixture
def demo_library(auditor, staff):
    # The demo keeps the users the fixtures made (and their groups).
    call_command("seed_demo", verbosity=0, stdout=StringIO())


@pytest.fixture
def auditor_client(auditor):
    client = Client()
    client.force_login(auditor)
    return client


def test_a_question_lists_a_handful_with_a_change_document_first(demo_library, auditor):
    hits, total, _searcher = run_search(QUESTION, None, None, None, 1, auditor)
    assert 3 <= total <= 8, [key(hit) for hit in hits]
    assert len(hits) == total
    assert key(hits[0]) in {"POL-001", "PRC-002"}  # change policy or procedure
    # The single word the question turns on still finds everything using it.
    _hits, every, _searcher = run_search("emergency", None, None, None, 1, auditor)
    assert every > total


def test_hits_holding_only_the_common_words_of_a_question_are_dropped(
    staff_client, library, owner
):
    make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Emergency change policy",
        body=section("Emergency changes are approved by the emergency board."),
    )
    for n in range(30):
        make_document(
            PolicyPage,
            library,
            owner=owner,
            title=f"Change note {n}",
            body=section("Changes are listed in the weekly change summary."),
        )
    response = results(staff_client, q=QUESTION)
    assert titles(response) == ["Emergency change policy"]
    assert response.context["total"] == 1
    assert response.context["pages"] == 1
    # One word is not a question: every hit stays, over two pages.
    response = results(staff_client, q="changes")
    assert response.context["total"] == 31
    assert response.context["pages"] == 2


def options(response, name):
    """{value: count} of a filter's choices, as the page offers them."""
    return {value: count for value, _label, count in response.context["options"][name]}


@pytest.mark.parametrize("selected", [{}, {"type": "procedure"}])
def test_each_filter_choice_counts_the_results_it_gives(
    demo_library, auditor_client, selected
):
    query = "incident escalation"
    response = results(auditor_client, q=query, **selected)
    for name in ("type", "process", "clause"):
        for value, count in options(response, name).items():
            if name in selected and value != selected[name]:
                continue  # another choice of a filter in use: counted the same way
            params = {"q": query, **selected, name: value}
            assert results(auditor_client, **params).context["total"] == count, (
                name,
                value,
            )
    assert options(response, "type")[""] == len(
        {hit.url for hit in results(auditor_client, q=query).context["results"]}
    )


def test_filter_counts_leave_out_what_the_reader_may_not_read(
    demo_library, staff_client, auditor_client
):
    # EXT-001 is confidential: the auditor may read it, staff may not.
    query = "hosting agreement data centre"
    assert options(results(auditor_client, q=query), "type")["externaldocument"] == 1
    staff = results(staff_client, q=query)
    assert options(staff, "type")["externaldocument"] == 0
    assert "EXT-001" not in staff.content.decode()


def test_filters_that_leave_nothing_say_so_and_offer_to_clear_them(
    staff_client, change_policy
):
    guidance("Approving changes", "Emergency changes are approved quickly.", "8.5.1.3")
    response = results(staff_client, q="emergency", type="procedure")
    assert response.context["total"] == 0
    html = response.content.decode()
    assert "with these filters" in html
    assert "Without filters there are 2 results." in html
    assert '<a class="search-clear" href="?q=emergency">Clear filters</a>' in html

    response = results(staff_client, q="zzzz", type="procedure")
    assert "no results without filters either" in response.content.decode()


def test_a_filtered_list_names_its_unfiltered_size(staff_client, change_policy):
    guidance("Approving changes", "Emergency changes are approved quickly.", "8.5.1.3")
    html = results(staff_client, q="emergency", type="policy").content.decode()
    assert "1 result for" in html
    assert "Clear filters</a> (2 results)" in html


@pytest.mark.parametrize("documents", [3, 40])
def test_a_question_runs_in_the_same_queries_however_many_hits(
    staff_client, library, owner, django_assert_max_num_queries, documents
):
    for n in range(documents):
        make_document(
            PolicyPage,
            library,
            owner=owner,
            title=f"Logging policy {n}",
            body=section("Logs of every change are kept for a year."),
            clauses=[Clause.objects.get(number="8.6.1")],
        )
        guidance(f"Logging guidance {n}", "Keep logs of changes for a year.")
    with django_assert_max_num_queries(16):
        response = results(staff_client, q="how long are change logs kept")
    assert response.context["total"] >= documents
    assert len(response.context["results"]) == min(response.context["total"], 20)
