"""A document page costs the same number of queries however large it is."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import Clause, PolicyPage, ProcedurePage
from search.loading import load_guidance
from tests.factories import make_document

# Measured at 20: session and user, site and routing (5), view restrictions and
# alias check, owner, clauses, the reader's groups (control actions), permissions for
# the menu (2), breadcrumb, and one query per kind of link in the body (references,
# clauses, rich-text page links); then related guidance: the entries for the mapped
# clauses and their clauses (2), and the full-text "also relevant" entries: ranking,
# the entries, their clauses (3). One more since the page asks, for the reader, about
# the issue in force: must they read it, have they acknowledged it (one query).
QUERY_BUDGET = 26


def build_document(library, owner, size):
    clauses = list(Clause.objects.all()[:size])
    targets = [make_document(PolicyPage, library, owner=owner) for _ in range(size)]
    step = {
        "text": "Do the thing.",
        "responsible_role": "Analyst",
        "inputs": "In",
        "outputs": "Out",
        "records": "Record",
    }
    body = [
        {"type": "steps", "value": {"heading": "Steps", "steps": [step] * size}},
        {
            "type": "references",
            "value": {
                "documents": [target.pk for target in targets],
                "clauses": [clause.pk for clause in clauses],
                "external": [],
            },
        },
        {
            "type": "section",
            "value": {
                "heading": "Links",
                "body": "".join(
                    f'<p><a linktype="page" id="{target.pk}">{target.title}</a></p>'
                    for target in targets
                ),
            },
        },
    ]
    return make_document(
        ProcedurePage, library, owner=owner, clauses=clauses, body=json.dumps(body)
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.django_db
def test_document_page_queries_do_not_grow_with_clauses_steps_and_references(
    staff_client, library, owner, django_assert_max_num_queries
):
    load_guidance()
    small = build_document(library, owner, 1)
    large = build_document(library, owner, 50)
    # Warm the site-root and content-type caches, as in a running server.
    staff_client.get(build_document(library, owner, 2).url)

    counts = {}
    # First views compute the related guidance; later ones read it back.
    for view in ("first", "again"):
        for document in (small, large):
            with django_assert_max_num_queries(QUERY_BUDGET):
                count, response = count_queries(staff_client, document.url)
            counts[view, document.pk] = count
    assert counts["first", small.pk] == counts["first", large.pk]
    assert counts["again", small.pk] == counts["again", large.pk]
    assert counts["again", large.pk] < counts["first", large.pk]
    content = response.content.decode()
    assert content.count('class="step"') == 50
    assert content.count("ISO/IEC 20000-1:2018 clause") == 50
    assert "For this document's clauses" in content
    assert "Also relevant" in content
