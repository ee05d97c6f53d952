"""The demo's gaps, computed by hand from its files, are what /compliance/ reports;
withdrawing its SLA makes exactly one new gap. They read cms/demo/ as seed_demo
loads it (documents' `type` and `required_items`, records' `kind` and `period`)."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from policies.dates import add_months
from policies.models import ControlledDocumentPage
from tests.workflows.helpers import client_for
from workflows.actions.withdrawal import WithdrawDocumentAction

DEMO_DIR = Path(settings.BASE_DIR) / "cms" / "demo"
CATALOGUE = Path(settings.BASE_DIR) / "policies" / "data" / "clauses-2018.yaml"
# The demo files' `type` keys that are not the document type's slug.
TYPE_SLUGS = {
    "smp": "servicemanagementplan",
    "work_instruction": "workinstruction",
    "external": "externaldocument",
    "service_catalogue": "servicecatalogue",
}


def read_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def demo_gaps_by_hand(demo_dir=DEMO_DIR, today=None):
    """The codes of the required items the demo files leave unmet: a document item
    unless a demo document names it in `required_items` and is of a type that can
    satisfy it; a record item unless a demo record of its kind covers a period
    that ended within RECORDS_RECENT_MONTHS. Every demo document is issued."""
    today = today or timezone.localdate()
    items = {
        item["code"]: item
        for clause in read_yaml(CATALOGUE)["clauses"]
        for item in clause.get("documents", [])
    }
    met = set()
    for path in sorted(demo_dir.glob("*.yaml")):
        document = read_yaml(path)
        type_slug = TYPE_SLUGS.get(document["type"], document["type"])
        met |= {
            code
            for code in document.get("required_items", [])
            if type_slug in items[code]["satisfied_by"]
        }
    since = add_months(today, -settings.RECORDS_RECENT_MONTHS)
    for path in sorted((demo_dir / "records").glob("*.yaml")):
        record = read_yaml(path)
        if today - timedelta(days=record["period"]["ended_days_ago"]) >= since:
            met.add(record["kind"])
    return set(items) - met


def reported_gaps(client):
    response = client.get("/compliance/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return {li["data-item"] for li in page.select("ul.gaps li[data-item]")}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    return {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=["auditor", "approver"]
        )
    }


@pytest.mark.demo_compliance
@pytest.mark.django_db
def test_compliance_reports_the_gaps_the_demo_files_leave(seeded):
    assert reported_gaps(client_for(seeded["auditor"])) == demo_gaps_by_hand()


@pytest.mark.demo_compliance
@pytest.mark.django_db
def test_withdrawing_the_demo_sla_makes_exactly_one_new_gap(seeded):
    auditor = client_for(seeded["auditor"])
    before = reported_gaps(auditor)
    assert "sla" not in before
    agreements = ControlledDocumentPage.objects.filter(
        required_items__code="sla",
        content_type__model="agreementpage",
        live=True,
        withdrawn=False,
    )
    assert agreements.exists(), "the demo has an SLA"
    for agreement in agreements:
        WithdrawDocumentAction(
            agreement.specific, user=seeded["approver"], reason="Replaced."
        ).execute()
    assert reported_gaps(auditor) == before | {"sla"}
