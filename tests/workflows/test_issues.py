import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from wagtail.models import PageLogEntry

from policies.models import ExternalDocumentPage, PolicyPage, Significance
from tests.factories import make_document, make_user
from workflows.actions.issue import AlreadyIssued, IssueRevisionAction
from workflows.hashing import canonical_hash, chain_hash, content_hash
from workflows.models import DocumentIssue

MINOR, MAJOR = Significance.MINOR, Significance.MAJOR
# Measured at 63 on SQLite: nearly all are Wagtail's publish (full_clean's uniqueness
# checks, page save, search and reference index, log entries); issuing adds six.
# 65 since documents name who must read them: modelcluster commits each approved
# many-to-many field of the page (people and groups) with a query of its own.
# 66 with the required items a document is mapped to (one more such field).
# 67 with the controlled copies of older issues to mark for replacement.
# 68 with webhooks' look for an active webhook when the issue is logged.
# 69 with the text search stores for the issue published (search.stored).
ISSUE_QUERY_BUDGET = 69


def sign_off(user, comment="Approved."):
    return [
        {
            "role": "approver",
            "user_id": user.pk,
            "username": user.username,
            "name": user.get_full_name(),
            "at": "2026-11-24T10:00:00+00:00",
            "comment": comment,
        }
    ]


def edit_and_issue(document, approver, significance, summary, **kwargs):
    draft = document.get_latest_revision_as_object()
    draft.purpose = f"{draft.purpose} {summary}"
    revision = draft.save_revision(user=document.document_owner)
    return IssueRevisionAction(
        revision,
        user=approver,
        significance=significance,
        change_summary=summary,
        sign_offs=sign_off(approver),
        **kwargs,
    ).execute()


@pytest.fixture
def draft_policy(library, owner):
    return make_document(PolicyPage, library, owner=owner, publish=False)


@pytest.mark.django_db
def test_labels_follow_the_significance_rule(draft_policy, approver):
    labels = [
        edit_and_issue(draft_policy, approver, significance, summary).label
        for significance, summary in [
            (MAJOR, "First issue"),
            (MINOR, "Typo"),
            (MINOR, "Clarified step 3"),
            (MAJOR, "New process"),
            (MINOR, "Contacts"),
        ]
    ]
    assert labels == ["1.0", "1.1", "1.2", "2.0", "2.1"]


@pytest.mark.django_db
def test_issuing_publishes_the_revision_and_sets_version_and_review(
    draft_policy, approver, staff_client
):
    issue = edit_and_issue(
        draft_policy, approver, MAJOR, "First issue", effective_from=date(2026, 1, 31)
    )
    draft_policy.refresh_from_db()
    assert draft_policy.live
    assert draft_policy.live_revision_id == issue.revision_id
    assert draft_policy.current_version_label == "1.0"
    assert draft_policy.effective_date == date(2026, 1, 31)
    assert draft_policy.next_review_due == date(2027, 1, 31)
    header = staff_client.get(draft_policy.url).content.decode()
    assert "<dd>1.0</dd>" in header


@pytest.mark.django_db
def test_issue_record_holds_summary_sign_offs_and_hash_chain(draft_policy, approver):
    first = edit_and_issue(draft_policy, approver, MAJOR, "First issue")
    second = edit_and_issue(draft_policy, approver, MINOR, "Clarified scope")

    assert second.previous == first
    assert second.change_summary == "Clarified scope"
    assert second.sign_offs[0]["username"] == "approver"
    assert second.content_hash == content_hash(second.revision)
    assert second.chain_hash == chain_hash(second, "POL-001", first.chain_hash)
    assert first.chain_hash == chain_hash(first, "POL-001", "")
    assert second.content_hash != first.content_hash


@pytest.mark.django_db
def test_content_hash_ignores_the_results_of_approval_but_not_the_content(
    draft_policy, approver
):
    revision = draft_policy.save_revision()
    base = content_hash(revision)
    revision.content["current_version_label"] = "9.9"
    revision.content["next_review_due"] = "2099-01-01"
    assert content_hash(revision) == base
    revision.content["purpose"] = "Something else"
    assert content_hash(revision) != base


@pytest.mark.django_db
def test_external_document_hash_covers_the_file_bytes(library, owner):
    external = make_document(ExternalDocumentPage, library, owner=owner, publish=False)
    revision = external.save_revision()
    assert content_hash(revision, file_hash=external.file.file_hash) != content_hash(
        revision, file_hash=canonical_hash("other bytes")
    )


@pytest.mark.django_db
def test_issue_records_cannot_be_changed_or_deleted(draft_policy, approver):
    issue = edit_and_issue(draft_policy, approver, MAJOR, "First issue")
    issue.change_summary = "Rewritten history"
    with pytest.raises(ValidationError):
        issue.save()
    with pytest.raises(ValidationError):
        issue.delete()
    assert DocumentIssue.objects.get().change_summary == "First issue"


@pytest.mark.django_db
def test_a_revision_is_issued_once(draft_policy, approver):
    revision = draft_policy.save_revision()
    IssueRevisionAction(
        revision,
        user=approver,
        significance=MAJOR,
        change_summary="First",
        sign_offs=sign_off(approver),
    ).execute()
    with pytest.raises(AlreadyIssued):
        IssueRevisionAction(
            revision,
            user=approver,
            significance=MINOR,
            change_summary="Again",
            sign_offs=sign_off(approver),
        ).execute()
    assert DocumentIssue.objects.count() == 1


@pytest.mark.django_db
def test_issuing_is_in_the_audit_log(draft_policy, approver):
    issue = edit_and_issue(draft_policy, approver, MAJOR, "First issue")
    entry = PageLogEntry.objects.get(action="itsms.issue")
    assert entry.user == approver
    assert entry.revision_id == issue.revision_id
    assert entry.data["label"] == "1.0"
    assert entry.data["chain_hash"] == issue.chain_hash
    assert "Issued version 1.0" in entry.message


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_approvals_racing_on_one_revision_write_one_issue(library):
    """Two connections issue the same revision at the same moment."""
    owner, approver = make_user("Document owners"), make_user("Approvers")
    policy = make_document(PolicyPage, library, owner=owner, publish=False)
    revision = policy.save_revision(user=owner)
    barrier = threading.Barrier(2)
    results = []

    def approve():
        try:
            barrier.wait(timeout=10)
            results.append(
                IssueRevisionAction(
                    revision,
                    user=approver,
                    significance=MAJOR,
                    change_summary="First issue",
                    sign_offs=sign_off(approver),
                )
                .execute()
                .label
            )
        except (AlreadyIssued, IntegrityError) as refused:
            results.append(type(refused).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["1.0", "AlreadyIssued"] or sorted(results) == [
        "1.0",
        "IntegrityError",
    ]
    assert DocumentIssue.objects.filter(revision=revision).count() == 1


def draft_after_issues(document, approver, prior_issues):
    for n in range(prior_issues):
        edit_and_issue(document, approver, MINOR, f"Change {n}")
    draft = document.get_latest_revision_as_object()
    draft.purpose = "The change being measured."
    return draft.save_revision(user=document.document_owner)


@pytest.mark.django_db
def test_issuing_costs_the_same_queries_after_1_or_30_issues(
    library, owner, approver, django_assert_max_num_queries
):
    counts = []
    for prior_issues in (1, 30):
        document = make_document(PolicyPage, library, owner=owner, publish=False)
        revision = draft_after_issues(document, approver, prior_issues)
        with django_assert_max_num_queries(ISSUE_QUERY_BUDGET) as queries:
            issue = IssueRevisionAction(
                revision,
                user=approver,
                significance=MINOR,
                change_summary="Measured",
                sign_offs=sign_off(approver),
            ).execute()
        counts.append(len(queries))
        assert issue.label == f"1.{prior_issues}"
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_an_issue_is_superseded_from_the_day_the_next_takes_effect(
    draft_policy, approver
):
    first = edit_and_issue(
        draft_policy, approver, MAJOR, "First", effective_from=date(2026, 1, 5)
    )
    assert first.effective_to is None
    edit_and_issue(
        draft_policy, approver, MINOR, "Second", effective_from=date(2026, 3, 1)
    )
    first.refresh_from_db()
    assert first.effective_to == date(2026, 3, 1)
