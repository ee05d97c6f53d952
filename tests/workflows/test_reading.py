"""Distribution and read-and-acknowledge per issue: who is asked, when again, what
they read, the acknowledgement itself, reminders and the evidence."""

import json
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policies.models import PolicyPage
from tests.factories import make_document, make_user
from tests.workflows.helpers import act, client_for, edit_data
from workflows.actions.issue import IssueRevisionAction
from workflows.actions.reading import AcknowledgeAction
from workflows.actions.withdrawal import WithdrawDocumentAction
from workflows.models import Acknowledgement, ReadingRequest


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def issue(document, significance="minor", *, purpose=None, on=None, **fields):
    """Issue the next version of `document` through the issuing action."""
    draft = document.get_latest_revision_as_object()
    draft.purpose = purpose or f"{draft.purpose} More."
    for name, value in fields.items():
        if name in ("audience_users", "audience_groups"):
            getattr(draft, name).set(value)
        else:
            setattr(draft, name, value)
    result = IssueRevisionAction(
        draft.save_revision(user=document.document_owner),
        user=None,
        significance=significance,
        change_summary=f"Change to {draft.purpose[-20:]}",
        sign_offs=[],
        effective_from=on,
    ).execute()
    if on:  # as if issued that day: the requests are dated with the issue
        result.reading.update(
            requested_at=timezone.make_aware(
                timezone.datetime(on.year, on.month, on.day)
            )
        )
    document.refresh_from_db()
    return result


@pytest.fixture
def readers(db):
    group = Group.objects.create(name="Service desk")
    people = [make_user("Staff", username=f"desk{n}") for n in range(3)]
    for person in people:
        person.groups.add(group)
    return group, people


@pytest.fixture
def policy(library, owner, readers):
    group, _people = readers
    document = make_document(PolicyPage, library, owner=owner, publish=False)
    document.audience_groups.set([group])
    document.acknowledge_within_days = 10
    document.save()
    issue(document, "major", on=date(2026, 3, 1))
    return document


def asked(issue_):
    return sorted(issue_.reading.values_list("user__username", flat=True))


@pytest.mark.django_db
def test_an_issue_in_force_asks_its_audience_once_by_mail_with_a_due_date(
    library, owner, readers, django_capture_on_commit_callbacks
):
    group, people = readers
    document = make_document(PolicyPage, library, owner=owner, publish=False)
    document.audience_groups.set([group])
    document.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = issue(document, "major", on=date(2026, 3, 1))
    assert asked(first) == ["desk0", "desk1", "desk2"]
    assert {r.due_on for r in first.reading.all()} == {date(2026, 3, 15)}
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted(p.email for p in people), "one mail each"
    assert mail.outbox[0].subject.startswith(
        f"[{document.document_number}] Please read"
    )


@pytest.mark.django_db
def test_a_major_issue_asks_everyone_again_a_minor_one_only_when_ticked(
    policy, readers
):
    _group, (desk0, desk1, desk2) = readers
    first = policy.issues.get()
    AcknowledgeAction(first, user=desk0).execute()
    newcomer = make_user("Staff", username="newcomer")
    policy_draft_groups = list(policy.audience_groups.all())
    minor = issue(
        policy, audience_users=[newcomer], audience_groups=policy_draft_groups
    )
    # desk0 acknowledged 1.0 and is not asked for a plain minor change; those who
    # never acknowledged are, and so is someone added to the audience.
    assert asked(minor) == ["desk1", "desk2", "newcomer"]
    ticked = issue(policy, reacknowledge=True)
    assert "desk0" in asked(ticked)
    major = issue(policy, "major")
    assert asked(major) == ["desk0", "desk1", "desk2", "newcomer"]


@pytest.mark.django_db
def test_the_audience_is_approved_content(policy, owner, reviewer, approver, readers):
    _group, people = readers
    outsider = make_user("Staff", username="outsider")
    data = edit_data(policy, owner)
    data["audience_users"] = [outsider.pk]
    data["audience_groups"] = [g.pk for g in policy.audience_groups.all()]
    data.update(change_summary="Outsider must read it.", significance="minor")
    data["action-submit"] = "Submit"
    client_for(owner).post(reverse("wagtailadmin_pages:edit", args=(policy.pk,)), data)
    assert not ReadingRequest.objects.filter(user=outsider).exists(), "not yet"
    diff = client_for(reviewer).get(
        f"/documents/{policy.document_number}/diff/1.0/draft/"
    )
    assert "Must read it (people)" in diff.content.decode()
    act(client_for(reviewer), policy, "approve")
    act(client_for(approver), policy, "approve")
    assert ReadingRequest.objects.filter(user=outsider, issue__minor=1).exists()


@pytest.mark.django_db
def test_an_acknowledgement_is_pinned_to_label_and_hash_and_never_changes(
    policy, readers
):
    _group, (desk0, *_rest) = readers
    first = policy.issues.get()
    acknowledgement = AcknowledgeAction(first, user=desk0).execute()
    assert (acknowledgement.label, acknowledgement.content_hash) == (
        "1.0",
        first.content_hash,
    )
    with pytest.raises(PermissionDenied, match="already"):
        AcknowledgeAction(first, user=desk0).execute()
    acknowledgement.label = "9.9"
    with pytest.raises(ValidationError):
        acknowledgement.save()
    with pytest.raises(ValidationError):
        acknowledgement.delete()
    assert Acknowledgement.objects.get().label == "1.0"


@pytest.mark.django_db
def test_no_acknowledgement_of_a_superseded_or_withdrawn_issue(
    policy, readers, approver
):
    _group, (desk0, desk1, _desk2) = readers
    first = policy.issues.get()
    issue(policy)
    with pytest.raises(PermissionDenied, match="superseded"):
        AcknowledgeAction(first, user=desk0).execute()
    WithdrawDocumentAction(policy, user=approver, reason="Gone.").execute()
    current = policy.issues.get(minor=1)
    with pytest.raises(PermissionDenied, match="withdrawn"):
        AcknowledgeAction(current, user=desk1).execute()


@pytest.mark.django_db
def test_readers_see_what_changed_since_what_they_acknowledged(policy, readers):
    _group, (desk0, desk1, _desk2) = readers
    AcknowledgeAction(policy.issues.get(), user=desk0).execute()
    issue(policy, reacknowledge=True, purpose="Original words. A new rule.")
    changed = soup(client_for(desk0).get(policy.url)).select_one(".reading-notice")
    assert (
        "What changed since version 1.0, which you acknowledged" in changed.get_text()
    )
    assert [ins.get_text() for ins in changed.select("dd ins")]
    new = soup(client_for(desk1).get(policy.url)).select_one(".reading-notice")
    assert "Read the whole document" in new.get_text()
    response = client_for(desk0).post(
        reverse("acknowledge", args=(policy.document_number, "1.1")), follow=True
    )
    assert "you have read and understood" in response.content.decode()
    assert Acknowledgement.objects.filter(user=desk0, label="1.1").exists()
    page = soup(client_for(desk0).get(policy.url)).select_one(".reading-notice")
    assert "You have read and acknowledged version 1.1" in page.get_text()


@pytest.mark.django_db
def test_my_reading_lists_what_is_due_and_what_was_acknowledged(policy, readers):
    _group, (desk0, desk1, _desk2) = readers
    AcknowledgeAction(policy.issues.get(), user=desk1).execute()
    page = soup(client_for(desk0).get(reverse("my_reading"))).get_text()
    assert policy.document_number in page and "Overdue since" in page
    done = soup(client_for(desk1).get(reverse("my_reading"))).get_text()
    assert "Nothing to read" in done and "Version 1.0, acknowledged" in done


@pytest.mark.django_db
def test_the_daily_digest_is_one_mail_per_person_and_owners_hear_who_is_late(
    policy, owner, readers
):
    _group, (desk0, *_rest) = readers
    AcknowledgeAction(policy.issues.get(), user=desk0).execute()
    second = make_document(PolicyPage, policy.get_parent(), owner=owner, publish=False)
    second.audience_users.set(readers[1])
    second.save()
    issue(second, "major", on=date(2026, 3, 1))
    mail.outbox.clear()
    call_command("send_reading_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    by_person = {m.to[0]: m for m in mail.outbox}
    assert len(by_person) == len(mail.outbox), "one mail per person"
    assert "2 document(s) overdue" in by_person["desk1@example.com"].subject
    assert "1 document(s) overdue" in by_person["desk0@example.com"].subject
    owner_mail = by_person[owner.email]
    assert "desk2" in owner_mail.body and policy.document_number in owner_mail.body
    call_command("send_reading_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == len(by_person), "at most once a day"


@pytest.mark.django_db
def test_as_of_a_date_between_two_issues(policy, readers, auditor):
    _group, (desk0, desk1, _desk2) = readers
    first = policy.issues.get()
    Acknowledgement.objects.create(
        issue=first,
        user=desk0,
        label="1.0",
        content_hash=first.content_hash,
        at=timezone.make_aware(timezone.datetime(2026, 3, 5, 10)),
    )
    issue(policy, "major", on=date(2026, 6, 1))
    Acknowledgement.objects.create(
        issue=first,
        user=desk1,
        label="1.0",
        content_hash=first.content_hash,
        at=timezone.make_aware(timezone.datetime(2026, 5, 20, 10)),
    )
    url = reverse("reading_as_of")
    page = soup(
        client_for(auditor).get(
            url, {"document": policy.document_number, "date": "2026-04-01"}
        )
    ).get_text()
    assert "Version 1.0 was in force" in page
    assert "desk0" in page.split("Had acknowledged it")[1].split("Asked and had")[0]
    assert "desk1" in page.split("Asked and had not")[1]
    csv_text = (
        client_for(auditor)
        .get(
            url,
            {"document": policy.document_number, "date": "2026-04-01", "format": "csv"},
        )
        .content.decode()
    )
    assert "desk0" in csv_text and "acknowledged" in csv_text
    assert "desk1" in csv_text and "outstanding" in csv_text


@pytest.mark.django_db
def test_acknowledgements_and_reminders_are_in_the_audit_export(
    policy, readers, auditor
):
    _group, (desk0, *_rest) = readers
    AcknowledgeAction(policy.issues.get(), user=desk0).execute()
    call_command("send_reading_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    export = client_for(auditor).get("/audit/export/?format=json").json()
    actions = {entry["action"] for entry in export["entries"]}
    assert {"itsms.acknowledge", "itsms.reading_reminder"} <= actions


READING_BUDGETS = {"my_reading": 7, "evidence": 11, "page": 19}


@pytest.mark.django_db
def test_reading_pages_cost_the_same_queries_at_1_or_500_readers(
    library, owner, auditor
):
    counts = {name: [] for name in READING_BUDGETS}
    for size in (1, 500):
        group = Group.objects.create(name=f"Audience {size}")
        people = get_user_model().objects.bulk_create(
            [
                get_user_model()(username=f"r{size}-{n}", email=f"r{size}-{n}@x.org")
                for n in range(size)
            ]
        )
        group.user_set.add(*people)
        document = make_document(PolicyPage, library, owner=owner, publish=False)
        document.audience_groups.set([group])
        document.save()
        issue(document, "major", on=timezone.localdate() - timedelta(days=30))
        reader, evidence_reader = client_for(people[0]), client_for(auditor)
        for name, client, url in [
            ("my_reading", reader, reverse("my_reading")),
            (
                "evidence",
                evidence_reader,
                reverse("document_reading", args=(document.document_number,)),
            ),
            ("page", reader, document.url),
        ]:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name].append(len(queries))
    for name, budget in READING_BUDGETS.items():
        assert counts[name][0] == counts[name][1], (name, counts[name])
        assert counts[name][1] <= budget, (name, counts[name])
    assert ReadingRequest.objects.filter(issue__document=document).count() == 500


def sections(*texts):
    return json.dumps(
        [
            {
                "type": "section",
                "id": f"block-{n}",
                "value": {"heading": f"Part {n}", "body": f"<p>{text}</p>"},
            }
            for n, text in enumerate(texts, start=1)
        ]
    )


@pytest.mark.django_db
def test_the_changed_blocks_are_marked_in_the_text(policy, readers):
    _group, (desk0, desk1, _desk2) = readers
    issue(policy, body=sections("Keep this.", "Old rule."))
    for person in (desk0, desk1):
        AcknowledgeAction(policy.issues.get(minor=1), user=person).execute()
    issue(policy, "major", body=sections("Keep this.", "New rule.", "Added part."))
    page = soup(client_for(desk0).get(policy.url))
    marked = [
        block.select_one("h2").get_text() for block in page.select(".marked-block")
    ]
    assert marked == ["Part 2", "Part 3"]
    assert page.select_one(".marked-block__note").get_text() == (
        "Changed since version 1.1"
    )
    contents = [a.get_text() for a in page.select("nav.toc--wide a")]
    assert contents == ["Purpose and scope", "Part 1", "Part 2", "Part 3"]
    assert page.select_one("#section-part-3 h2").get_text() == "Part 3"


@pytest.mark.django_db
def test_the_home_page_and_the_dashboard_show_what_to_read(library, owner, readers):
    _group, (desk0, *_rest) = readers
    document = make_document(PolicyPage, library, owner=owner, publish=False)
    document.audience_everyone = True
    document.save()
    issue(document, "major")
    home = soup(client_for(desk0).get("/")).select_one(".reading-panel")
    assert document.document_number in home.get_text()
    dashboard = soup(client_for(owner).get(reverse("wagtailadmin_home")))
    panel = dashboard.select_one("#my-reading-section")
    assert document.document_number in panel.get_text()
    AcknowledgeAction(document.issues.get(), user=desk0).execute()
    assert not soup(client_for(desk0).get("/")).select_one(".reading-panel")
