"""Import from Word through its pages: preview, draft, refusals, permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page, Revision

from policies.models import ControlledDocumentPage, ProcedurePage
from policies.models.documents import WITHDRAWN_REFUSAL
from tests.factories import make_user
from tests.policies import word_files
from tests.workflows.helpers import client_for, submit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NEW = "/documents/import/"


def upload(data, name="procedure.docx"):
    return SimpleUploadedFile(name, data, content_type=DOCX)


def new_document_data(library, data, **overrides):
    return {
        "file": upload(data),
        "document_type": "procedure",
        "section": library.pk,
        "title": "",
        "purpose": "",
        **overrides,
    }


def counts():
    return Page.objects.count(), Revision.objects.count()


def into_url(document):
    return reverse("word_import_into", args=(document.document_number,))


def test_the_preview_shows_the_result_and_what_was_not_mapped_saving_nothing(
    owner_client, library
):
    before = counts()
    response = owner_client.post(
        NEW, new_document_data(library, word_files.incident_procedure(image=True))
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "What could not be brought over" in content
    assert "Images were left out" in content
    assert "Incident management procedure" in content
    assert "<b>normal service</b>" in content  # the body, rendered
    assert "1 working day" in content
    assert counts() == before


def test_saving_the_preview_creates_a_draft_document_owned_by_the_importer(
    owner, owner_client, library
):
    preview = owner_client.post(
        NEW, new_document_data(library, word_files.incident_procedure())
    )
    response = owner_client.post(NEW, {"token": preview.context["token"]})

    page = ProcedurePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert page.live is False
    assert page.document_owner == owner
    assert page.document_number == "PRC-001"
    assert page.title == "Incident management procedure"
    assert page.purpose.startswith("Restore normal service")
    assert page.get_parent().pk == library.pk
    assert page.revisions.count() == 1
    draft = page.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == [
        "section",
        "section",
        "steps",
        "raci",
        "table",
    ]


def test_a_long_policy_imports_as_one_draft(owner_client, library):
    data = new_document_data(
        library, word_files.long_policy(chapters=20), document_type="policy"
    )
    preview = owner_client.post(NEW, data)
    owner_client.post(NEW, {"token": preview.context["token"]})

    policy = ControlledDocumentPage.objects.get().specific
    assert policy.title == "Information security policy"
    assert len(policy.body) == 22
    assert policy.live is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04" + b"\x00broken" * 100, "The file is damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096, "older Word document"),
        (b"PK\x03\x04" + bytes(50 * 1024 * 1024), "the largest Word file"),
        (b"", "The file is empty"),
        (word_files.saved(word_files.new_document()), "The document is empty"),
    ],
    ids=["malformed-zip", "renamed-doc", "50-mb", "empty-file", "empty-document"],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_saved(
    owner_client, library, data, message
):
    before = counts()
    response = owner_client.post(NEW, new_document_data(library, data))

    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert message in " ".join(response.context["form"].errors["file"])
    assert "token" not in response.context
    assert counts() == before


def test_the_size_limit_is_a_setting(owner_client, library, settings):
    settings.WORD_IMPORT_MAX_BYTES = 1024
    response = owner_client.post(
        NEW, new_document_data(library, word_files.incident_procedure())
    )

    assert "1.0\xa0KB" in response.context["form"].errors["file"][0]


def test_importing_into_a_document_makes_a_new_draft_revision_not_live(
    owner_client, issued_policy
):
    revisions = issued_policy.revisions.count()
    live_revision = issued_policy.live_revision_id
    url = into_url(issued_policy)
    assert owner_client.get(url).status_code == 200

    preview = owner_client.post(url, {"file": upload(word_files.incident_procedure())})
    assert issued_policy.revisions.count() == revisions
    response = owner_client.post(url, {"token": preview.context["token"]})

    issued_policy.refresh_from_db()
    assert response.status_code == 302
    assert issued_policy.revisions.count() == revisions + 1
    assert issued_policy.live_revision_id == live_revision
    assert issued_policy.has_unpublished_changes
    assert issued_policy.current_version_label == "1.0"
    assert len(issued_policy.body) == 0  # what staff read is unchanged
    draft = issued_policy.get_latest_revision_as_object()
    assert draft.title == "Access policy"
    assert draft.purpose == "Original purpose."
    assert len(draft.body) == 5


def test_staff_cannot_import(staff_client, issued_policy):
    assert staff_client.get(NEW).status_code == 403
    assert staff_client.get(into_url(issued_policy)).status_code == 403


def test_an_owner_cannot_import_into_someone_elses_document(issued_policy, library):
    other = client_for(make_user("Document owners"))
    before = counts()
    response = other.post(
        into_url(issued_policy), {"file": upload(word_files.incident_procedure())}
    )

    assert response.status_code == 403
    assert counts() == before
    assert other.get(NEW).status_code == 200  # a document of their own is fine


def test_a_preview_is_bound_to_its_person_and_document(
    owner_client, issued_policy, library
):
    preview = owner_client.post(
        NEW, new_document_data(library, word_files.incident_procedure())
    )
    token = preview.context["token"]
    other = client_for(make_user("Document owners"))
    before = counts()

    assert other.post(NEW, {"token": token}).status_code == 403
    assert owner_client.post(NEW, {"token": token[:-2] + "xx"}).status_code == 403
    assert (
        owner_client.post(into_url(issued_policy), {"token": token}).status_code == 403
    )
    assert counts() == before


def test_a_document_under_approval_is_refused_with_the_reason(
    owner, owner_client, issued_policy
):
    submit(owner_client, issued_policy, owner)
    issued_policy.refresh_from_db()
    assert issued_policy.workflow_in_progress
    revisions = issued_policy.revisions.count()

    response = owner_client.post(
        into_url(issued_policy), {"file": upload(word_files.incident_procedure())}
    )

    assert response.status_code == 409
    assert "under approval" in response.content.decode()
    assert issued_policy.revisions.count() == revisions


def test_a_withdrawn_document_is_refused_with_the_reason(owner_client, issued_policy):
    ControlledDocumentPage.objects.filter(pk=issued_policy.pk).update(withdrawn=True)

    response = owner_client.get(into_url(issued_policy))

    assert response.status_code == 409
    assert WITHDRAWN_REFUSAL in response.content.decode()


def test_the_admin_offers_the_import_to_those_who_may(
    owner_client, staff_client, issued_policy
):
    edit = owner_client.get(
        reverse("wagtailadmin_pages:edit", args=(issued_policy.pk,))
    )
    home = owner_client.get(reverse("wagtailadmin_home"))

    assert into_url(issued_policy) in edit.content.decode()
    assert NEW in home.content.decode()


def test_a_library_section_offers_the_import_into_it(owner_client, library):
    explorer = owner_client.get(reverse("wagtailadmin_explore", args=(library.pk,)))
    form = owner_client.get(f"{NEW}?section={library.pk}")

    assert f"{NEW}?section={library.pk}" in explorer.content.decode()
    assert form.context["form"]["section"].value() == str(library.pk)
