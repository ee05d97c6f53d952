import pytest
from django.urls import reverse

from policies.models import PolicyPage
from tests.factories import make_document


@pytest.mark.django_db
def test_owner_dashboard_lists_their_documents_with_status(
    owner_client, owner, library
):
    issued = make_document(PolicyPage, library, owner=owner, title="Issued policy")
    draft = make_document(
        PolicyPage, library, owner=owner, title="Draft policy", publish=False
    )
    make_document(PolicyPage, library, title="Policy of another owner")

    content = owner_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Documents you own" in content
    assert f"{issued.document_number}</td>" in content
    assert f"{draft.document_number}</td>" in content
    assert "Draft, not issued" in content
    assert "Policy of another owner" not in content


@pytest.mark.django_db
def test_dashboard_panel_is_absent_for_users_who_own_nothing(client, reviewer):
    client.force_login(reviewer)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Documents you own" not in content
