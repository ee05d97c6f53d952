"""Bad input is refused with a clear message, and what the user typed is kept."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from policies.models import ExternalDocumentPage, PolicyPage
from tests.factories import add_url, document_form, make_file


def new_policy(owner, **fields):
    return PolicyPage(
        title="Acceptable use policy",
        slug="acceptable-use",
        purpose="Rules for using IT services.",
        document_owner=owner,
        **fields,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("months", [0, 121])
def test_review_interval_must_be_between_one_month_and_ten_years(owner, months):
    with pytest.raises(ValidationError) as error:
        new_policy(owner, review_interval_months=months).full_clean()
    assert "review_interval_months" in error.value.message_dict


@pytest.mark.django_db
def test_next_review_cannot_precede_the_effective_date(owner):
    policy = new_policy(
        owner, effective_date=date(2026, 6, 1), next_review_due=date(2026, 5, 31)
    )
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert error.value.message_dict["next_review_due"] == [
        "The next review cannot be due before the effective date (01 June 2026)."
    ]


@pytest.mark.django_db
def test_external_document_needs_its_file_and_its_source(owner):
    external = ExternalDocumentPage(
        title="Supplier contract",
        slug="supplier-contract",
        purpose="The contract.",
        document_owner=owner,
    )
    with pytest.raises(ValidationError) as error:
        external.full_clean()
    assert error.value.message_dict["file"] == [
        "Upload or choose the file of the external document."
    ]
    assert error.value.message_dict["source"] == [
        "Say where the external document comes from."
    ]

    external.file = make_file()
    external.source = "Northwind Data Centres Ltd"
    external.full_clean(exclude=["path", "depth"])  # set by the tree on insert


@pytest.mark.django_db
def test_admin_shows_the_errors_and_keeps_what_was_typed(owner_client, owner, library):
    response = owner_client.post(
        add_url(PolicyPage, library),
        document_form(
            owner,
            title="My carefully written policy",
            review_interval_months=0,
            effective_date="2026-06-01",
            next_review_due="2026-01-01",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "review_interval_months" in form.errors
    # Approval sets the dates: the editor neither offers nor accepts them.
    assert "effective_date" not in form.fields
    assert "next_review_due" not in form.fields
    content = response.content.decode()
    assert "My carefully written policy" in content
    assert "The page could not be created due to validation errors" in content
    assert not PolicyPage.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_an_external_document_without_file_or_source(
    owner_client, owner, library
):
    response = owner_client.post(
        add_url(ExternalDocumentPage, library),
        document_form(owner, source="", file=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["file"] == ["Upload or choose the file of the external document."]
    assert errors["source"] == ["Say where the external document comes from."]
    assert not ExternalDocumentPage.objects.exists()


@pytest.mark.django_db
def test_the_owner_cannot_be_a_named_approver(owner_client, owner, library, approver):
    owner.groups.add(*approver.groups.all())  # even an owner who is also an approver
    response = owner_client.post(
        add_url(PolicyPage, library),
        {**document_form(owner), "approvers": [owner.pk, approver.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["approvers"] == [
        "The owner cannot be a named approver of their own document: "
        "approval must come from someone else."
    ]
    assert not PolicyPage.objects.exists()


@pytest.mark.django_db
def test_only_approvers_can_be_named_or_chosen_as_approving_group(
    owner_client, owner, library, approver, reviewer
):
    form = owner_client.get(add_url(PolicyPage, library)).context["form"]
    assert list(form.fields["approvers"].queryset) == [approver]
    assert [g.name for g in form.fields["approving_group"].queryset] == ["Approvers"]


@pytest.mark.django_db
def test_the_owner_cannot_be_a_named_approver_in_code_either(owner, library):
    policy = new_policy(owner)
    policy.approvers.set([owner])
    with pytest.raises(ValidationError) as error:
        policy.full_clean(exclude=["path", "depth"])
    assert "approvers" in error.value.message_dict
