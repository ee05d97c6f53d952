import pytest
from django.test import Client

from policies.models import (
    Classification,
    Clause,
    PolicyPage,
    ProcedurePage,
    ProcessArea,
)
from tests.factories import make_document, make_user, new_issue
from tests.search.conftest import section


def api(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def library_documents(library, owner, approver):
    """PRC-001 Incident handling procedure (1.0 then 1.1), POL-001 Change policy
    (2.1), PRC-002 confidential (1.0), PRC-003 a draft never issued."""
    incident = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Incident handling procedure",
        purpose="How the service desk logs and resolves an incident.",
        body=section(
            "Every incident is logged with its impact and urgency. A major incident "
            "is escalated to the duty manager within fifteen minutes."
        ),
        process_area=ProcessArea.objects.get(slug="incident-management"),
        clauses=[Clause.objects.get(number="8.6.1")],
    )
    new_issue(incident, owner, approver, "How incidents are logged and resolved.")
    change = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Change policy",
        purpose="Rules for approving changes to live services.",
        body=section("Emergency changes are approved by the change authority."),
        clauses=[Clause.objects.get(number="8.5.1.3")],
        version="2.1",
    )
    secret = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Secret incident escalation list",
        body=section("The incident escalation phone tree."),
        classification=Classification.CONFIDENTIAL,
        clauses=[Clause.objects.get(number="8.6.1")],
    )
    draft = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Draft incident triage",
        body=section("Not approved incident triage text."),
        publish=False,
    )
    return {"incident": incident, "change": change, "secret": secret, "draft": draft}


@pytest.fixture
def reader(db):
    """A member of Staff named as a reader of confidential documents by tests."""
    return make_user("Staff", username="reader")
