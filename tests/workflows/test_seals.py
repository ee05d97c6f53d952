"""A file carried by a submitted or issued revision is sealed: its bytes never
change and it is never deleted, by anyone, by any route; verify_document_chain
reads the bytes back."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.documents import get_document_model

from policies.models import ExternalDocumentPage
from tests.factories import make_document, make_file, make_user
from tests.workflows.helpers import act, client_for, edit_data
from workflows.models import DocumentIssue, SealedFile, SignOff

CONTRACT = "Signed contract"


@pytest.fixture
def contract(library, owner):
    """EXT-001, issued 1.0 with its contract file."""
    return make_document(
        ExternalDocumentPage,
        library,
        owner=owner,
        approving_group=Group.objects.get(name="Approvers"),
    )


def external_form(document, owner, **overrides):
    data = edit_data(document, owner, **overrides)
    data.update(
        file=overrides.pop("file", document.file_id),
        source=document.source,
        external_reference="",
        date_received="",
    )
    return data


def submit_external(client, document, owner, **overrides):
    data = external_form(document, owner, **overrides)
    data.update(change_summary="New terms.", significance="minor")
    data["action-submit"] = "Submit"
    return client.post(reverse("wagtailadmin_pages:edit", args=(document.pk,)), data)


def verify():
    out = StringIO()
    call_command("verify_document_chain", stdout=out)
    return out.getvalue()


def replace_bytes(file, text):
    file.file.save(file.file.name.rsplit("/", 1)[-1], ContentFile(text.encode()))


@pytest.mark.django_db
def test_an_issued_file_is_sealed_with_the_digest_of_its_bytes(contract):
    seal = SealedFile.objects.get(file=contract.file)
    assert seal.revision_id == contract.live_revision_id
    assert seal.size == len(CONTRACT)
    assert "1 sealed file(s) read back unchanged" in verify()


@pytest.mark.django_db
def test_the_bytes_of_a_submitted_file_cannot_be_swapped_after_review(
    contract, owner, reviewer
):
    new_file = make_file("contract-v2.txt", "Second edition")
    submit_external(client_for(owner), contract, owner, file=new_file.pk)
    act(client_for(reviewer), contract, "approve")
    assert SealedFile.objects.filter(file=new_file).exists(), "sealed on submission"

    # In code: new bytes saved over the file object are refused.
    new_file.refresh_from_db()
    with pytest.raises(PermissionDenied):
        replace_bytes(new_file, "Swapped after review")
    # Through the admin: the file's edit view is closed to its uploader and to
    # superusers alike.
    admin = make_user(username="root", is_superuser=True, is_staff=True)
    for user in (owner, admin):
        response = client_for(user).post(
            reverse("wagtaildocs:edit", args=(new_file.pk,)),
            {
                "title": "contract-v2.txt",
                "file": ContentFile(b"Swapped", name="swap.txt"),
            },
        )
        assert response.status_code in (302, 403)
    new_file.refresh_from_db()
    with new_file.file.open("rb") as handle:
        assert handle.read() == b"Second edition"


@pytest.mark.django_db
def test_choosing_another_file_is_a_new_revision_and_restarts_review(
    contract, owner, reviewer, approver
):
    submit_external(client_for(owner), contract, owner, file=make_file().pk)
    act(client_for(reviewer), contract, "approve")
    contract.refresh_from_db()
    first_state = contract.current_workflow_state
    # The owner's draft is locked while under approval; the approver may edit it.
    response = client_for(approver).post(
        reverse("wagtailadmin_pages:edit", args=(contract.pk,)),
        external_form(contract, owner, file=make_file("other.txt", "Other").pk),
    )
    assert response.status_code == 302, response.context["form"].errors
    contract.refresh_from_db()
    restarted = contract.current_workflow_task_state
    assert restarted.workflow_state_id != first_state.pk
    assert restarted.task.name == "Review"


@pytest.mark.django_db
def test_an_issued_file_is_never_deleted_by_any_route(contract, owner):
    file = contract.file
    admin = make_user(username="root", is_superuser=True, is_staff=True)
    for user in (owner, admin):
        client = client_for(user)
        client.post(reverse("wagtaildocs:delete", args=(file.pk,)))
        client.post(
            reverse("wagtail_bulk_action", args=("wagtaildocs", "document", "delete"))
            + f"?id={file.pk}"
        )
    with pytest.raises(ProtectedError):
        file.delete()
    with pytest.raises(ProtectedError):
        get_document_model().objects.filter(pk=file.pk).delete()
    assert get_document_model().objects.filter(pk=file.pk).exists()
    response = client_for(owner).get("/documents/EXT-001/v/1.0/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_issuing_refuses_content_that_differs_from_what_was_signed(
    contract, owner, reviewer, approver
):
    new_file = make_file("contract-v2.txt", "Second edition")
    submit_external(client_for(owner), contract, owner, file=new_file.pk)
    act(client_for(reviewer), contract, "approve")
    # Altered on disk behind the application's back after the review was signed.
    with open(new_file.file.path, "wb") as handle:
        handle.write(b"Altered on disk")
    response = act(client_for(approver), contract, "approve")
    assert "differs from what was signed" in response.content.decode()
    assert not DocumentIssue.objects.filter(document=contract, minor=1).exists()
    assert not SignOff.objects.filter(user=approver).exists()


@pytest.mark.django_db
def test_verify_finds_a_file_altered_on_disk(contract):
    with open(contract.file.file.path, "wb") as handle:
        handle.write(b"Altered")
    with pytest.raises(CommandError) as error:
        verify()
    assert "EXT-001 1.0: approved content differs from its hash" in str(error.value)
    assert f"file {contract.file_id} ({contract.file.title}) was altered" in str(
        error.value
    )


@pytest.mark.django_db
def test_verify_finds_a_missing_file(contract):
    contract.file.file.storage.delete(contract.file.file.name)
    with pytest.raises(CommandError) as error:
        verify()
    assert "EXT-001 1.0: its file cannot be read" in str(error.value)
    assert f"file {contract.file_id} ({contract.file.title}) is missing" in str(
        error.value
    )


@pytest.mark.django_db
def test_verify_refuses_an_empty_database_unless_told_it_is_new(db):
    with pytest.raises(CommandError, match="no issue record at all"):
        verify()
    out = StringIO()
    call_command("verify_document_chain", "--allow-empty", stdout=out)
    assert "Verified 0 document(s)" in out.getvalue()
