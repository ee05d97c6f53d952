import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.models import HomePage
from policies.models import (
    AgreementPage,
    ControlledDocumentPage,
    DocumentLibraryPage,
    ExternalDocumentPage,
    PlanPage,
    PolicyPage,
    ProcedurePage,
    ProcessPage,
    ServiceCataloguePage,
    ServiceManagementPlanPage,
    WorkInstructionPage,
)
from tests.factories import add_url, document_form, make_document, make_file

DOCUMENT_TYPES = [
    ServiceManagementPlanPage,
    PolicyPage,
    ProcessPage,
    ProcedurePage,
    WorkInstructionPage,
    PlanPage,
    AgreementPage,
    ServiceCataloguePage,
    ExternalDocumentPage,
]


@pytest.mark.django_db
@pytest.mark.parametrize("page_class", DOCUMENT_TYPES, ids=lambda c: c.__name__)
def test_owner_creates_each_document_type_in_the_library_through_the_admin(
    owner_client, owner, library, page_class
):
    extra = {}
    if page_class is ExternalDocumentPage:
        extra = {
            "file": make_file().pk,
            "source": "Northwind Data Centres Ltd",
            "external_reference": "NDC-1",
            "date_received": "2026-02-03",
        }
    response = owner_client.post(
        add_url(page_class, library), document_form(owner, **extra)
    )

    assert response.status_code == 302, response.context["form"].errors
    page = page_class.objects.get(slug="access-control-procedure")
    assert page.document_number == f"{page_class.number_prefix}-001"
    assert page.document_owner == owner
    assert [c.number for c in page.clauses.all()] == ["8.6.1"]
    assert page.effective_date is None, "set when an issue is approved, not typed"
    assert not page.live, "an owner's new document is a draft until approved"
    assert page.get_parent().pk == library.pk


@pytest.mark.django_db
@pytest.mark.parametrize("page_class", DOCUMENT_TYPES, ids=lambda c: c.__name__)
def test_documents_live_only_in_library_folders_and_have_no_children(page_class):
    assert page_class.allowed_parent_page_models() == [DocumentLibraryPage]
    assert page_class.allowed_subpage_models() == []


@pytest.mark.django_db
def test_library_folders_nest_under_home_and_hold_every_document_type():
    assert set(DocumentLibraryPage.allowed_parent_page_models()) == {
        HomePage,
        DocumentLibraryPage,
    }
    assert set(DocumentLibraryPage.allowed_subpage_models()) == {
        DocumentLibraryPage,
        *DOCUMENT_TYPES,
    }
    assert HomePage.allowed_subpage_models() == [DocumentLibraryPage]


@pytest.mark.django_db
def test_abstract_base_document_cannot_be_created():
    assert not ControlledDocumentPage.is_creatable
    assert all(page_class.is_creatable for page_class in DOCUMENT_TYPES)


@pytest.mark.django_db
def test_a_document_cannot_be_created_at_the_home_page(library):
    home = library.get_parent().specific
    assert not PolicyPage.can_create_at(home)
    assert PolicyPage.can_create_at(library)


@pytest.mark.django_db
def test_admin_refuses_a_document_outside_the_library_even_to_a_superuser(
    admin_client, admin_user
):
    home = Page.objects.get(depth=2)
    assert PolicyPage not in home.specific.creatable_subpage_models()
    response = admin_client.post(add_url(PolicyPage, home), document_form(admin_user))
    assert response.status_code == 302  # Wagtail's "permission denied" redirect
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not PolicyPage.objects.exists()


@pytest.mark.django_db
def test_admin_copy_never_publishes_or_aliases_a_document(admin_client, library):
    original = make_document(PolicyPage, library, title="Original policy")
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=(original.pk,)),
        {
            "new_title": "Copied policy",
            "new_slug": "copied-policy",
            "new_parent_page": library.pk,
            "publish_copies": "on",
            "alias": "on",
        },
    )
    assert response.status_code == 302
    copy = PolicyPage.objects.get(slug="copied-policy")
    assert not copy.live
    assert copy.alias_of_id is None
    assert copy.document_number == "POL-002"
    assert copy.current_version_label == ""


@pytest.mark.django_db
def test_documents_offer_no_scheduled_publishing_or_expiry(
    owner_client, owner, library
):
    page = make_document(PolicyPage, library, owner=owner)
    form = owner_client.get(
        reverse("wagtailadmin_pages:edit", args=(page.pk,))
    ).context["form"]
    assert "go_live_at" not in form.fields
    assert "expire_at" not in form.fields


@pytest.mark.django_db
def test_only_one_service_management_plan(library, owner):
    make_document(ServiceManagementPlanPage, library, owner=owner)
    assert not ServiceManagementPlanPage.can_create_at(library)


@pytest.mark.django_db
def test_home_page_is_single(library):
    assert not HomePage.can_create_at(Page.get_first_root_node())


@pytest.mark.django_db
def test_document_edit_view_has_a_document_control_tab(owner_client, owner, library):
    page = make_document(PolicyPage, library, owner=owner)
    response = owner_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Document control" in content
    assert page.document_number in content
