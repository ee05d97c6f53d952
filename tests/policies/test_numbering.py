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
from tests.factories import document_form, make_document, make_section, make_user


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
def test_documents_created_at_the_same_moment_get_different_numbers(library):
    """Two connections create a policy each, released together by a barrier, five
    times. The documents go into different sections: under one parent the tree's own
    lock on the parent would serialise them before any number is taken. On SQLite
    writers queue for the database lock; on PostgreSQL the sequence row lock is what
    keeps the numbers apart (a count-plus-one allocator fails here)."""
    owner = make_user("Document owners")
    sections = [make_section(library, f"Section {n}") for n in range(2)]
    rounds = 5
    numbers, errors = [], []

    def create(section, barrier, n):
        try:
            barrier.wait(timeout=10)
            page = PolicyPage(
                title=f"Parallel {n}",
                slug=f"parallel-{n}",
                purpose="x",
                document_owner=owner,
            )
            section.add_child(instance=page)  # one transaction, as in the admin
            numbers.append(page.document_number)
        except Exception as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connection.close()

    for round_ in range(rounds):
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=create, args=(section, barrier, f"{round_}-{i}"))
            for i, section in enumerate(sections)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    expected = [f"POL-{n:03d}" for n in range(1, 2 * rounds + 1)]
    assert sorted(numbers) == expected
    assert sorted(PolicyPage.objects.values_list("document_number", flat=True)) == (
        expected
    )
