import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from policies.models import (
    ControlledDocumentPage,
    PolicyPage,
    ProcedurePage,
    ProcessPage,
    ServiceManagementPlanPage,
    WorkInstructionPage,
)
from tests.factories import document_form, make_document, make_user


@pytest.mark.django_db
def test_numbers_follow_the_type_prefix_and_sequence(library, owner):
    numbers = [
        make_document(page_class, library, owner=owner).document_number
        for page_class in [
            PolicyPage,
            PolicyPage,
            ProcedurePage,
            ProcessPage,
            WorkInstructionPage,
            ServiceManagementPlanPage,
        ]
    ]
    assert numbers == ["POL-001", "POL-002", "PRC-001", "PROC-001", "WI-001", "SMP-001"]


@pytest.mark.django_db
def test_number_stays_the_same_through_edits_and_new_revisions(library, owner):
    page = make_document(PolicyPage, library, owner=owner)
    page.title = "Renamed policy"
    page.save_revision().publish(skip_permission_checks=True)
    page.refresh_from_db()
    assert page.document_number == "POL-001"


@pytest.mark.django_db
def test_changing_a_number_by_hand_is_refused(library, owner):
    page = make_document(PolicyPage, library, owner=owner)
    page.document_number = "POL-999"
    with pytest.raises(ValidationError) as error:
        page.save()
    assert error.value.message_dict["document_number"] == [
        "The document number is POL-001 and cannot be changed."
    ]
    assert ControlledDocumentPage.objects.get(pk=page.pk).document_number == "POL-001"


@pytest.mark.django_db
def test_a_number_posted_to_the_admin_edit_form_is_ignored(
    owner_client, owner, library
):
    page = make_document(PolicyPage, library, owner=owner)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    form = owner_client.get(edit_url).context["form"]
    assert "document_number" not in form.fields, "shown read-only, never submitted"
    data = document_form(
        owner, title="Edited title", slug=page.slug, document_number="POL-999"
    )
    response = owner_client.post(edit_url, data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.document_number == "POL-001"
    assert page.get_latest_revision_as_object().title == "Edited title"


@pytest.mark.django_db
def test_a_duplicate_number_is_refused_with_a_clear_message(library, owner):
    make_document(PolicyPage, library, owner=owner)
    duplicate = PolicyPage(
        title="Copycat",
        slug="copycat",
        purpose="x",
        document_owner=owner,
        document_number="POL-001",
    )
    with pytest.raises(ValidationError) as error:
        library.add_child(instance=duplicate)
    assert error.value.message_dict["document_number"] == [
        "Another controlled document already has this number."
    ]
    assert ControlledDocumentPage.objects.count() == 1


@pytest.mark.django_db
def test_an_imported_number_is_kept_and_the_sequence_skips_it(library, owner):
    imported = make_document(
        PolicyPage, library, owner=owner, document_number="POL-002"
    )
    first = make_document(PolicyPage, library, owner=owner)
    second = make_document(PolicyPage, library, owner=owner)
    assert (
        imported.document_number,
        first.document_number,
        second.document_number,
    ) == (
        "POL-002",
        "POL-001",
        "POL-003",
    )


@pytest.mark.django_db
def test_a_copied_document_gets_a_new_number_and_is_not_issued(library, owner):
    page = make_document(PolicyPage, library, owner=owner)
    copy = page.copy(update_attrs={"slug": "copy", "title": "Copy"}, user=owner)
    assert copy.document_number == "POL-002"
    assert copy.current_version_label == ""
    assert not copy.live


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_documents_created_at_the_same_moment_get_different_numbers(library):
    """Two connections create a policy each, released together by a barrier."""
    owner = make_user("Document owners")
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def create(n):
        try:
            barrier.wait(timeout=10)
            page = PolicyPage(
                title=f"Parallel {n}",
                slug=f"parallel-{n}",
                purpose="x",
                document_owner=owner,
            )
            library.add_child(instance=page)  # one transaction, as in the admin
            numbers.append(page.document_number)
        except Exception as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == ["POL-001", "POL-002"]
    assert sorted(PolicyPage.objects.values_list("document_number", flat=True)) == [
        "POL-001",
        "POL-002",
    ]
