from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from policies.models import PolicyPage
from tests.factories import make_document
from tests.workflows.helpers import issue_changes


@pytest.fixture
def two_documents(library, owner, approver):
    first = make_document(PolicyPage, library, owner=owner, publish=False)
    second = make_document(PolicyPage, library, owner=owner, publish=False)
    issue_changes(first, approver, 3)
    issue_changes(second, approver, 2)
    return first, second


def verify():
    out = StringIO()
    call_command("verify_document_chain", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_untouched_library_verifies(two_documents):
    assert "Verified 2 document(s)" in verify()


@pytest.mark.django_db
def test_a_summary_changed_with_raw_sql_is_found(two_documents):
    first, _ = two_documents
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workflows_documentissue SET change_summary = %s "
            "WHERE document_id = %s AND minor = 1",
            ["Something else", first.pk],
        )
    with pytest.raises(CommandError) as error:
        verify()
    assert "POL-001 1.1: record differs from its chain hash" in str(error.value)
    assert "POL-002" not in str(error.value)


@pytest.mark.django_db
def test_approved_content_changed_with_raw_sql_is_found(two_documents):
    _, second = two_documents
    issue = second.issues.order_by("minor").first()
    replace = (
        "REPLACE(content::text, %s, %s)::jsonb"
        if connection.vendor == "postgresql"
        else "REPLACE(content, %s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE wagtailcore_revision SET content = {replace} WHERE id = %s",  # noqa: S608 - fixed SQL, values bound
            ["Change 0", "Changed behind our back", issue.revision_id],
        )
    with pytest.raises(CommandError) as error:
        verify()
    assert "POL-002 1.0: approved content differs from its hash" in str(error.value)


@pytest.mark.django_db
def test_a_deleted_issue_breaks_the_chain(two_documents):
    first, _ = two_documents
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workflows_documentissue SET previous_id = NULL "
            "WHERE document_id = %s AND minor = 2",
            [first.pk],
        )
    with pytest.raises(CommandError) as error:
        verify()
    assert "POL-001 1.2: does not follow the previous issue" in str(error.value)


@pytest.mark.django_db
def test_a_deleted_latest_issue_is_found(two_documents):
    first, _ = two_documents
    first.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM workflows_documentissue WHERE document_id = %s AND minor = 2",
            [first.pk],
        )
    with pytest.raises(CommandError) as error:
        verify()
    assert "POL-001 the latest issue record (1.1) is not the current version (1.2)" in (
        str(error.value)
    )
