"""The generator the scale benchmark relies on leaves what Wagtail and the
application would: `.venv/bin/python -m pytest bench -k generate`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from bench.generate import generate
from policies.models import (
    ControlledDocumentPage,
    DocumentLibraryPage,
    DocumentNumberSequence,
)
from tests.workflows.helpers import client_for


@pytest.mark.django_db
def test_generated_documents_form_a_valid_tree_that_renders_and_verifies():
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    section = DocumentLibraryPage.objects.get(slug="work-instructions")
    before = section.numchild
    pks = generate(section, 120)

    assert Page.find_problems() == ([], [], [], [], [])
    section.refresh_from_db()
    assert section.numchild == before + 120
    documents = ControlledDocumentPage.objects.filter(pk__in=pks)
    assert documents.filter(live=True).count() > 100
    assert documents.filter(withdrawn=True).exists()
    assert documents.filter(live=False, withdrawn=False).exists()  # never issued
    for prefix, in_use in [("PRC", "PRC-"), ("WI", "WI-")]:
        highest = max(
            int(number.rsplit("-", 1)[1])
            for number in ControlledDocumentPage.objects.filter(
                document_number__startswith=in_use
            ).values_list("document_number", flat=True)
        )
        assert DocumentNumberSequence.objects.get(prefix=prefix).last_value == highest

    staff = client_for(get_user_model().objects.get(username="staff"))
    auditor = client_for(get_user_model().objects.get(username="auditor"))
    document = documents.filter(live=True, current_version_label="1.2").first()
    assert staff.get(document.url).status_code == 200
    assert staff.get(section.url).status_code == 200
    number = document.document_number
    assert auditor.get(f"/documents/{number}/history/").status_code == 200
    assert auditor.get(f"/documents/{number}/diff/1.0/1.2/").status_code == 200
    withdrawn = documents.filter(withdrawn=True).first()
    assert staff.get(f"/documents/{withdrawn.document_number}/").status_code == 410
    assert number in staff.get(f"/search/?q={document.title}").content.decode()
    call_command("verify_document_chain", stdout=StringIO())  # raises if broken
