"""The document editor renders and saves every body block, in a fixed number of
queries however large the library is."""

import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text, streamfield

from policies.blocks import DocumentBodyBlock
from policies.models import Clause, PolicyPage, ProcedurePage
from tests.factories import make_document, make_user
from tests.workflows.helpers import edit_data

# Measured: 65 for the GET of a draft (93 before the choice lists were rendered
# once, the breadcrumb's document loaded in one query and the draft's workflow
# state read once), most of them Wagtail's own (the page, its revision, locks,
# header buttons, sidebar); ours are the pickers (one query each), the clause
# chooser (two), the header buttons' actions. 66 for the draft save; up to 70
# when it is not the process's first test (what Wagtail caches in the process
# differs), and never more as the library grows (the test's last line).
EDIT_BUDGET = 67
SAVE_BUDGET = 70


def list_block(values):
    return {
        "count": len(values),
        **{
            n: {"value": value, "deleted": "", "order": n}
            for n, value in enumerate(values)
        },
    }


def every_block(documents, clauses):
    """The form data of a body holding each block type once."""
    return streamfield(
        [
            (
                "section",
                {"heading": "Scope", "body": rich_text("<p>Every service.</p>")},
            ),
            (
                "steps",
                {
                    "heading": "Steps",
                    "steps": list_block(
                        [
                            {
                                "text": "Log the risk.",
                                "responsible_role": "Risk owner",
                                "inputs": "Risk report",
                                "outputs": "Register entry",
                                "records": "Risk register",
                            }
                        ]
                    ),
                },
            ),
            (
                "raci",
                {
                    "caption": "Who does what",
                    "rows": list_block(
                        [
                            {
                                "activity": "Assess",
                                "responsible": "Analyst",
                                "accountable": "Manager",
                                "consulted": "Owner",
                                "informed": "Staff",
                            }
                        ]
                    ),
                },
            ),
            (
                "table",
                {
                    "caption": "Levels",
                    "header": list_block(["Level", "Meaning"]),
                    "rows": list_block([list_block(["1", "Low"])]),
                },
            ),
            ("definitions", list_block([{"term": "Risk", "definition": "Doubt."}])),
            (
                "references",
                {
                    "documents": list_block([d.pk for d in documents]),
                    "clauses": list_block([c.pk for c in clauses]),
                    "external": list_block(
                        [{"title": "ISO 31000", "url": "https://www.iso.org/"}]
                    ),
                },
            ),
            ("note", {"kind": "warning", "text": rich_text("<p>Mind this.</p>")}),
        ]
    )


def block_definitions(response) -> list:
    """The StreamField block definitions the editor page hands its JavaScript."""
    return [
        json.loads(html.unescape(packed))
        for packed in re.findall(
            r'data-w-block-data-value="([^"]*)"', response.content.decode()
        )
    ]


def edit_url(document):
    return reverse("wagtailadmin_pages:edit", args=(document.pk,))


def draft_form(document, owner, body):
    return edit_data(document, owner, purpose=document.purpose, body=body)


@pytest.mark.django_db
def test_the_editor_renders_and_saves_every_body_block(owner_client, owner, library):
    document = make_document(ProcedurePage, library, owner=owner)
    target = make_document(PolicyPage, library, owner=owner, title="Risk policy")
    clause = Clause.objects.get(number="6.1")

    editor = owner_client.get(edit_url(document))
    assert editor.status_code == 200
    (definition,) = block_definitions(editor)
    offered = [child["_args"][0] for child in definition["_args"][1][0][1]]
    assert offered == list(DocumentBodyBlock.base_blocks)

    response = owner_client.post(
        edit_url(document),
        draft_form(document, owner, every_block([target], [clause])),
    )
    assert response.status_code == 302

    document.refresh_from_db()
    assert document.has_unpublished_changes
    body = document.get_latest_revision_as_object().body
    assert [child.block_type for child in body] == list(DocumentBodyBlock.base_blocks)
    section, steps, raci, table, definitions, references, note = body
    assert section.value["heading"] == "Scope"
    assert "Every service." in section.value["body"].source
    assert steps.value["steps"][0]["responsible_role"] == "Risk owner"
    assert raci.value["rows"][0]["informed"] == "Staff"
    assert list(table.value["header"]) == ["Level", "Meaning"]
    assert list(table.value["rows"][0]) == ["1", "Low"]
    assert definitions.value[0]["term"] == "Risk"
    assert [page.pk for page in references.value["documents"]] == [target.pk]
    assert list(references.value["clauses"]) == [clause]
    assert references.value["external"][0]["url"] == "https://www.iso.org/"
    assert note.value["kind"] == "warning"

    again = owner_client.get(edit_url(document))  # the draft opens again
    assert again.status_code == 200
    assert "Log the risk." in again.content.decode()


def count_queries(function, *args):
    with CaptureQueriesContext(connection) as queries:
        response = function(*args)
    return len(queries), response


def grow_library(library, count):
    """More documents, owners and approvers: what the pickers and the chooser
    list, and what a per-row query would multiply."""
    for _ in range(count):
        make_user("Document owners")
        make_user("Approvers")
        make_document(PolicyPage, library, publish=False)


@pytest.mark.django_db
def test_editor_and_draft_save_queries_do_not_grow_with_the_library(
    owner_client, owner, library, django_assert_max_num_queries
):
    document = make_document(ProcedurePage, library, owner=owner)
    owner_client.get(edit_url(document))  # warm the site-root cache

    def save_draft():
        document.refresh_from_db()
        data = draft_form(document, owner, every_block([document], []))
        data["loaded_revision_id"] = document.get_latest_revision().pk
        count, response = count_queries(owner_client.post, edit_url(document), data)
        assert response.status_code == 302
        return count

    def measure():
        with django_assert_max_num_queries(EDIT_BUDGET):
            edit, response = count_queries(owner_client.get, edit_url(document))
        assert response.status_code == 200
        with django_assert_max_num_queries(SAVE_BUDGET):
            save = save_draft()
        return edit, save

    save_draft()  # the first draft over the issue; the editor opens it from now on
    small = measure()
    grow_library(library, 30)
    assert measure() == small


@pytest.mark.django_db
def test_the_editor_reads_referenced_documents_in_bulk(owner_client, owner, library):
    """Each chosen document shows its number, title and section, however many are
    chosen, in the same number of queries."""
    targets = [
        make_document(PolicyPage, library, owner=owner, title=f"Target {n}")
        for n in range(6)
    ]

    def editor_of(chosen):
        document = make_document(ProcedurePage, library, owner=owner)
        owner_client.post(
            edit_url(document), draft_form(document, owner, every_block(chosen, []))
        )
        owner_client.get(edit_url(document))  # warm what a first view caches
        return count_queries(owner_client.get, edit_url(document))

    one, _ = editor_of(targets[:1])
    six, response = editor_of(targets)
    assert six == one
    content = html.unescape(response.content.decode())
    for target in targets:
        assert (
            f'{{"id": {target.pk}, "parentId": {library.pk}, '
            f'"adminTitle": "{target.get_admin_display_title()}"'
        ) in content
