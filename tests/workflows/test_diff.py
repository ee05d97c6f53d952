import json

import pytest
from bs4 import BeautifulSoup

from policies.models import Clause, ExternalDocumentPage, RequiredItem
from tests.factories import make_document, make_file
from tests.workflows.helpers import client_for, submit
from workflows.actions.issue import IssueRevisionAction
from workflows.diff import describe

STEP = {
    "text": "Log the incident in the tool.",
    "responsible_role": "Service desk analyst",
    "inputs": "Call",
    "outputs": "Record",
    "records": "Incident record",
}


def body(*blocks):
    return json.dumps(list(blocks))


def section(block_id, heading, text):
    return {
        "type": "section",
        "id": block_id,
        "value": {"heading": heading, "body": f"<p>{text}</p>"},
    }


def steps(block_id, *items):
    return {
        "type": "steps",
        "id": block_id,
        "value": {
            "heading": "Steps",
            "steps": [
                {"type": "item", "id": f"{block_id}-{n}", "value": item}
                for n, item in enumerate(items)
            ],
        },
    }


def issue_with(document, approver, summary, **fields):
    draft = document.get_latest_revision_as_object()
    for name, value in fields.items():
        if name == "clauses":
            draft.clauses.set(value)
        else:
            setattr(draft, name, value)
    IssueRevisionAction(
        draft.save_revision(user=document.document_owner),
        user=approver,
        significance="minor",
        change_summary=summary,
        sign_offs=[],
    ).execute()


@pytest.fixture
def changed_policy(issued_policy, approver):
    """1.1 has a body; 1.2 rewords a section, edits a step, moves, adds and removes
    blocks, and changes the review interval and clauses."""
    issue_with(
        issued_policy,
        approver,
        "Body",
        body=body(
            section("a", "Scope", "All services run by the service desk."),
            steps("b", STEP),
            section("c", "Old appendix", "To be removed."),
            section("d", "Contacts", "Call the desk."),
        ),
    )
    issue_with(
        issued_policy,
        approver,
        "Rework",
        review_interval_months=6,
        clauses=list(Clause.objects.filter(number__in=["8.6.1"])),
        body=body(
            section("d", "Contacts", "Call the desk."),
            section("a", "Scope", "All services run by the central service desk."),
            steps("b", {**STEP, "responsible_role": "Incident coordinator"}),
            section("e", "Escalation", "Escalate after 30 minutes."),
        ),
    )
    issued_policy.refresh_from_db()
    return issued_policy


def blocks(page):
    return [
        (
            li.select_one(".diff-block__kind").get_text(" ", strip=True),
            li.get_text(" ", strip=True),
        )
        for li in page.select("li.diff-block")
    ]


@pytest.mark.django_db
def test_diff_matches_blocks_and_shows_word_level_changes(changed_policy, auditor):
    page = BeautifulSoup(
        client_for(auditor).get("/documents/POL-001/diff/1.1/1.2/").content,
        "html.parser",
    )
    kinds = [kind for kind, _ in blocks(page)]
    # Each block is named by its heading, with the editor's name for its type.
    assert kinds == [
        "Moved : Contacts (Section)",
        "Changed : Scope (Section)",
        "Changed : Steps (Procedure steps)",
        "Added : Escalation (Section)",
        "Removed : Old appendix (Section)",
    ]
    scope = page.select("li.diff-block")[1]
    assert [ins.get_text() for ins in scope.select("ins")] == ["central "]
    assert scope.select("del") == []
    step = page.select("li.diff-block")[2]
    assert " ".join(d.get_text() for d in step.select("del")) == "Service desk analyst"
    assert " ".join(i.get_text() for i in step.select("ins")) == "Incident coordinator"
    details = page.select_one(".diff-fields").get_text(" ", strip=True)
    assert "Review interval (months) 12 → 6" in details
    assert "ISO/IEC 20000-1 clauses – → 8.6.1" in details


@pytest.mark.django_db
def test_a_block_moved_without_change_is_marked_moved(issued_policy, approver, auditor):
    issue_with(
        issued_policy,
        approver,
        "Body",
        body=body(section("a", "One", "First."), section("b", "Two", "Second.")),
    )
    issue_with(
        issued_policy,
        approver,
        "Swap",
        body=body(section("b", "Two", "Second."), section("a", "One", "First.")),
    )
    page = BeautifulSoup(
        client_for(auditor).get("/documents/POL-001/diff/1.1/1.2/").content,
        "html.parser",
    )
    # a swap: one of the two blocks moved, the other kept its place (and is
    # listed among the collapsed unchanged blocks)
    assert sorted(kind for kind, _ in blocks(page)) == [
        "Moved : Two (Section)",
        "Unchanged : One (Section)",
    ]
    assert page.select_one("details.diff-unchanged summary").get_text() == (
        "1 unchanged block"
    )


@pytest.mark.django_db
def test_a_draft_compares_with_the_current_issue(changed_policy, owner, reviewer):
    draft = changed_policy.get_latest_revision_as_object()
    draft.purpose = "A new purpose for the draft."
    draft.save_revision(user=owner)
    page = BeautifulSoup(
        client_for(reviewer).get("/documents/POL-001/diff/1.2/draft/").content,
        "html.parser",
    )
    details = page.select_one(".diff-fields")
    assert "Purpose and scope" in details.get_text()
    assert [i.get_text() for i in details.select("ins")] == [
        "A new purpose for the draft."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/documents/POL-001/diff/1.0/9.9/", 404),
        ("/documents/POL-009/diff/1.0/1.1/", 404),
        ("/documents/POL-001/diff/one/1.1/", 400),
    ],
)
def test_diff_refuses_unknown_and_malformed_labels(
    changed_policy, auditor, path, status
):
    assert client_for(auditor).get(path).status_code == status


@pytest.mark.django_db
def test_staff_cannot_read_diffs(changed_policy, staff_client):
    assert staff_client.get("/documents/POL-001/diff/1.1/1.2/").status_code == 403


@pytest.mark.django_db
def test_reviewers_reach_the_draft_comparison_from_the_editor(
    changed_policy, owner, reviewer
):
    submit(client_for(owner), changed_policy, owner, purpose="Reworded purpose.")
    editor = client_for(reviewer).get(f"/admin/pages/{changed_policy.pk}/edit/")
    assert "/documents/POL-001/diff/1.2/draft/" in editor.content.decode()


@pytest.mark.django_db
def test_a_new_file_and_source_of_an_external_document_show_in_the_diff(
    library, owner, approver, auditor
):
    external = make_document(ExternalDocumentPage, library, owner=owner, publish=False)
    issue_with(external, approver, "First")
    issue_with(
        external,
        approver,
        "New contract",
        file=make_file("contract-v2.txt", "Signed contract, second edition"),
        source="Northwind Data Centres Ltd",
    )
    page = BeautifulSoup(
        client_for(auditor).get("/documents/EXT-001/diff/1.0/1.1/").content,
        "html.parser",
    )
    details = page.select_one(".diff-fields").get_text(" ", strip=True)
    assert "File" in details and "contract-v2.txt" in details
    assert "Source Supplier Ltd → Northwind Data Centres Ltd" in details


RICH_SCOPE = (
    "<p>We run the service desk.</p>\n<p>Every change follows the controls.</p>"
    "\n<ul><li>Catalogue</li><li>Agreements</li></ul>"
)


@pytest.mark.django_db
def test_one_added_sentence_is_one_change_and_nothing_else(
    issued_policy, approver, auditor
):
    """Paragraphs and list items are compared as units, so re-saved markup (the
    editor drops the line breaks between paragraphs) changes nothing, and a
    sentence added to one paragraph is exactly that insertion."""
    scope = {"type": "section", "id": "s", "value": {"heading": "Scope"}}
    contacts = section("c", "Contacts", "Call the desk.")
    issue_with(
        issued_policy,
        approver,
        "Body",
        body=body({**scope, "value": {**scope["value"], "body": RICH_SCOPE}}, contacts),
    )
    resaved = RICH_SCOPE.replace("\n", "").replace(
        "follows the controls.", "follows the controls. Emergencies too."
    )
    issue_with(
        issued_policy,
        approver,
        "One sentence",
        body=body({**scope, "value": {**scope["value"], "body": resaved}}, contacts),
    )
    page = BeautifulSoup(
        client_for(auditor).get("/documents/POL-001/diff/1.1/1.2/").content,
        "html.parser",
    )
    assert [kind for kind, _ in blocks(page)] == [
        "Changed : Scope (Section)",
        "Unchanged : Contacts (Section)",
    ]
    changed = page.select_one("li.diff-block--changed")
    assert [ins.get_text() for ins in changed.select("ins")] == [" Emergencies too."]
    assert changed.select("del") == []
    # the heading, the other paragraph and the two list items
    assert "4 unchanged passages of this block not shown" in changed.get_text()


@pytest.mark.django_db
def test_required_items_are_named_with_their_clause():
    items = RequiredItem.objects.filter(code__in=["sla", "supplier-contracts"])
    assert describe("required_items", [item.pk for item in items]) == (
        "8.3.3: Service level agreement(s), 8.3.4.1: Contracts with external suppliers"
    )
