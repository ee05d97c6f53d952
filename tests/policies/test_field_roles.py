"""Every field of a document type says what it is to document control, and hashing,
the diff and copying follow what it says."""

import pytest
from django.db import models
from wagtail.models import Page

from policies.models import ControlledDocumentPage, FieldRole, PolicyPage
from tests.factories import make_document
from workflows.diff import compared_fields
from workflows.hashing import hashed_fields


def own_fields(model):
    """The concrete and many-to-many fields a document type adds to Wagtail's Page
    (title is Wagtail's, but it is content: it carries a role too)."""
    page_fields = {field.name for field in Page._meta.get_fields()} - {"title"}
    for field in model._meta.get_fields():
        if field.auto_created or not field.concrete and not field.many_to_many:
            continue
        if isinstance(field, models.OneToOneField) and field.remote_field.parent_link:
            continue
        if field.name not in page_fields:
            yield field.name


@pytest.mark.parametrize(
    "model",
    list(ControlledDocumentPage.document_types().values()),
    ids=lambda model: model.__name__,
)
def test_every_field_of_every_document_type_has_a_role(model):
    unclassified = sorted(set(own_fields(model)) - set(model.field_roles))
    assert unclassified == [], (
        f"{model.__name__}: declare a FieldRole for {unclassified} in field_roles, "
        "or it escapes the content hash, the diff and copying"
    )
    assert set(model.field_roles) <= set(own_fields(model)), "roles of no field"


def test_what_is_approved_is_hashed_and_compared():
    for model in ControlledDocumentPage.document_types().values():
        approved = model.fields_with_role(FieldRole.APPROVED)
        assert set(approved) <= set(hashed_fields())
        assert "body" not in dict(compared_fields(model)), "compared block by block"
        assert set(dict(compared_fields(model))) == set(approved) - {"body"}
    assert "document_number" in hashed_fields()
    for name in ("current_version_label", "next_review_due", "change_summary"):
        assert name not in hashed_fields()


def test_a_copy_drops_identity_submission_and_control_state():
    assert set(PolicyPage.exclude_fields_in_copy) == {
        "document_number",
        "change_summary",
        "significance",
        "reacknowledge",
        "current_version_label",
        "effective_date",
        "next_review_due",
        "withdrawn",
    }


@pytest.mark.django_db
def test_revisions_never_carry_control_state(library, owner):
    policy = make_document(PolicyPage, library, owner=owner)
    assert policy.current_version_label == "1.0"
    revision = policy.save_revision(user=owner)
    for name in policy.fields_with_role(FieldRole.CONTROL):
        assert name not in revision.content

    # A revision saved before this rule, still carrying old values, is read with
    # the page's own control state.
    revision.content.update(current_version_label="9.9", withdrawn=True)
    draft = revision.as_object()
    assert draft.current_version_label == "1.0"
    assert draft.withdrawn is False
    assert draft.next_review_due == policy.next_review_due
