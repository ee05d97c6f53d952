"""Reading evidence and confidentiality: who may be asked to read a confidential
document, what a person's evidence shows, and how auditors find it."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from policies.models import PolicyPage
from tests.factories import make_document, make_user
from tests.workflows.helpers import client_for
from tests.workflows.test_reading import issue
from workflows.actions.reading import AcknowledgeAction
from workflows.models import ReadingRequest


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


@pytest.fixture
def secret(
    library, owner, approver, auditor, reviewer, django_capture_on_commit_callbacks
):
    """A confidential policy for "everyone" to read, with one named reader."""
    reader = make_user("Staff", username="named")
    make_user("Staff", username="outsider")
    document = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Vault combinations",
        classification="confidential",
        publish=False,
    )
    document.reader_users.set([reader])
    document.audience_everyone = True
    document.save()
    with django_capture_on_commit_callbacks(execute=True):
        issue(document, "major", on=date(2026, 3, 1))
    return document


@pytest.mark.django_db
def test_a_confidential_document_is_only_sent_to_those_who_may_read_it(
    secret, owner, approver, auditor, reviewer
):
    asked = set(
        ReadingRequest.objects.filter(issue__document=secret).values_list(
            "user__username", flat=True
        )
    )
    assert "named" in asked and owner.username in asked
    assert {approver.username, auditor.username, reviewer.username} <= asked
    assert "outsider" not in asked
    assert not [m for m in mail.outbox if m.to == ["outsider@example.com"]]
    outsider = client_for(make_user("Staff", username="outsider2"))
    assert "Vault" not in text(outsider.get(reverse("my_reading")))
    refused = outsider.post(
        reverse("acknowledge", args=(secret.document_number, "1.0"))
    )
    assert refused.status_code == 404


@pytest.mark.django_db
def test_auditors_see_what_one_person_acknowledged_and_owes(library, owner, auditor):
    group = Group.objects.create(name="Desk")
    person = make_user("Staff", username="pat")
    person.groups.add(group)
    documents = []
    for title in ("Access policy", "Backup policy"):
        document = make_document(
            PolicyPage, library, owner=owner, title=title, publish=False
        )
        document.audience_groups.set([group])
        document.save()
        issue(document, "major", on=date(2026, 3, 1))
        documents.append(document)
    AcknowledgeAction(documents[0].issues.get(), user=person).execute()
    page = text(client_for(auditor).get(reverse("person_reading"), {"user": "pat"}))
    owed, done = page.split("Acknowledged", 1)
    assert "Backup policy" in owed and "Overdue since" in owed
    assert (
        "Access policy" in done and documents[0].issues.get().content_hash[:10] in done
    )
    assert (
        client_for(person).get(reverse("person_reading"), {"user": "pat"}).status_code
        == 403
    )
    missing = client_for(auditor).get(reverse("person_reading"), {"user": "nobody"})
    assert missing.status_code == 404


@pytest.mark.django_db
def test_auditors_choose_a_document_and_date_or_a_person(issued_policy, auditor):
    chooser = client_for(auditor).get(reverse("reading_as_of"))
    page = BeautifulSoup(chooser.content, "html.parser")
    options = [o["value"] for o in page.select("select[name=document] option")]
    assert issued_policy.document_number in options
    assert page.select_one("form[action='/reading/people/'] input[name=user]")
    lower = client_for(auditor).get(
        reverse("reading_as_of"), {"document": issued_policy.document_number.lower()}
    )
    assert lower.status_code == 200
    nul = client_for(auditor).get(reverse("reading_as_of"), {"document": "A\x00"})
    assert nul.status_code == 400
    bad_date = client_for(auditor).get(
        reverse("reading_as_of"),
        {"document": issued_policy.document_number, "date": "31/02/2026"},
    )
    assert bad_date.status_code == 400
