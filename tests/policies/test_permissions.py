"""The groups of docs/invariants.md (Roles) exist with their permissions straight
after migrating."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Workflow
from wagtail.permissions import policy_registry

from policies.models import Clause, ExternalDocumentPage, PolicyPage, SectionShare
from tests.factories import make_document, make_file, make_user

GROUPS = ["Document owners", "Reviewers", "Approvers", "Auditors", "Staff"]


@pytest.fixture
def policy(library, owner):
    return make_document(PolicyPage, library, owner=owner)


@pytest.mark.django_db
def test_role_groups_exist_and_wagtail_starter_groups_are_gone():
    assert set(Group.objects.values_list("name", flat=True)) == set(GROUPS)


@pytest.mark.django_db
def test_document_owners_add_and_edit_in_the_library_but_never_publish(
    owner, library, policy
):
    library_perms = library.permissions_for_user(owner)
    assert library_perms.can_add_subpage()
    page_perms = policy.permissions_for_user(owner)
    assert page_perms.can_edit()
    assert not page_perms.can_publish()
    assert not page_perms.can_unpublish()
    assert not library_perms.can_publish_subpage()
    assert not library.get_parent().permissions_for_user(owner).can_add_subpage()


@pytest.mark.django_db
def test_another_owner_edits_only_documents_of_sections_shared_with_them(
    library, policy
):
    # Any owner could edit any document before ownership was enforced.
    colleague = make_user("Document owners")
    assert not policy.permissions_for_user(colleague).can_edit()
    assert not policy.permissions_for_user(colleague).can_submit_for_moderation()
    SectionShare.objects.create(section=library, user=colleague)
    policy = PolicyPage.objects.get(pk=policy.pk)
    assert policy.permissions_for_user(colleague).can_edit()
    assert not policy.permissions_for_user(colleague).can_delete(), "owner's"


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["Reviewers", "Approvers", "Auditors"])
def test_reviewers_approvers_and_auditors_use_the_admin_but_cannot_edit_pages(
    client, group, library, policy
):
    user = make_user(group)
    assert user.has_perm("wagtailadmin.access_admin")
    assert not library.permissions_for_user(user).can_add_subpage()
    assert not policy.permissions_for_user(user).can_edit()
    assert not policy.permissions_for_user(user).can_publish()
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group", ["Document owners", "Reviewers", "Approvers", "Auditors"]
)
def test_clause_catalogue_is_readable_but_not_editable(client, group):
    user = make_user(group)
    client.force_login(user)
    listing = client.get(reverse("wagtailsnippets_policies_clause:list"))
    assert listing.status_code == 200
    assert "Control of documented information" in listing.content.decode()
    clause = Clause.objects.get(number="7.5.3")
    edit = client.get(
        reverse("wagtailsnippets_policies_clause:edit", args=(clause.pk,))
    )
    assert edit.status_code in (302, 403)
    assert not user.has_perm("policies.change_clause")


@pytest.mark.django_db
def test_staff_read_the_site_but_have_no_admin(staff_client, policy):
    response = staff_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert staff_client.get(policy.url).status_code == 200


@pytest.mark.django_db
def test_owners_can_upload_files_for_external_documents(owner):
    document_permissions = policy_registry.get_by_type(get_document_model())
    assert document_permissions.user_has_permission(owner, "add")
    assert document_permissions.user_has_permission(owner, "choose")
    auditor = make_user("Auditors")
    assert not document_permissions.user_has_permission(auditor, "add")


@pytest.mark.django_db
def test_starter_workflow_is_off_and_documents_use_document_approval(library):
    assert not Workflow.objects.get(name="Moderators approval").active
    assert library.get_workflow().name == "Document approval"


@pytest.mark.django_db
def test_a_file_in_use_by_a_document_cannot_be_replaced_or_deleted_in_place(
    owner_client, owner, library, staff_client
):
    external = make_document(ExternalDocumentPage, library, owner=owner)
    file = external.file
    file.uploaded_by_user = owner  # even its own uploader may not
    file.save()

    edit = owner_client.post(
        reverse("wagtaildocs:edit", args=(file.pk,)),
        {"title": "Tampered", "file": SimpleUploadedFile("new.txt", b"UNAPPROVED")},
    )
    delete = owner_client.post(reverse("wagtaildocs:delete", args=(file.pk,)))

    assert edit.status_code == 302 and delete.status_code == 302
    file.refresh_from_db()
    assert file.title == "contract.txt"
    assert staff_client.get(file.url).getvalue() == b"Signed contract"


@pytest.mark.django_db
def test_an_owner_may_still_fix_a_file_no_document_uses_yet(owner_client, owner):
    file = make_file()
    file.uploaded_by_user = owner
    file.save()
    response = owner_client.post(
        reverse("wagtaildocs:edit", args=(file.pk,)), {"title": "Renamed"}
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.title == "Renamed"
