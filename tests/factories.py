"""Builders for test data: users in the role groups and controlled documents."""

import calendar
import itertools
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from policies.dates import add_months
from policies.models import (
    Clause,
    ControlledDocumentPage,
    DocumentLibraryPage,
    RequiredItem,
)
from workflows.actions.issue import IssueRevisionAction
from workflows.actions.records import FileRecordAction, RecordFiling

PASSWORD = "correct-horse-battery"
_sequence = itertools.count(1)


def make_user(group_name=None, username=None, **fields):
    username = username or f"user{next(_sequence)}"
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.com", **fields
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def library_root():
    return DocumentLibraryPage.objects.get(url_path="/home/library/")


def make_document(
    page_class,
    parent=None,
    *,
    owner=None,
    publish=True,
    version="1.0",
    effective_from=None,
    next_review_due=None,
    **fields,
):
    """Create a document under `parent` (the library root by default). Unless
    `publish` is False it is issued as the application issues documents: 1.0, then
    as many issues as reaching `version` takes (2.1: 1.0, 2.0, 2.1), the last one
    effective `effective_from` (today by default) or on the day that puts its next
    review on `next_review_due`."""
    parent = parent or library_root()
    n = next(_sequence)
    defaults = {
        "title": f"{page_class._meta.verbose_name.capitalize()} {n}",
        "slug": f"{page_class.__name__.lower()}-{n}",
        "purpose": "Why this document exists.",
        "document_owner": owner or make_user("Document owners"),
        "live": False,  # as the admin creates it: a draft until issued
    }
    if page_class.__name__ == "ExternalDocumentPage":
        defaults.update(source="Supplier Ltd", file=make_file())
    defaults.update(fields)
    clauses = defaults.pop("clauses", [])
    required_items = defaults.pop("required_items", [])
    page = page_class(**defaults)
    page.clauses.set(clauses)
    page.required_items.set(required_items)
    parent.add_child(instance=page)
    if publish:
        if next_review_due is not None:
            effective_from = months_before(next_review_due, page.review_interval_months)
        issue_up_to(page, version, effective_from or date.today())
        page.refresh_from_db()
    return page


def months_before(day, months):
    """The day whose review, `months` later, falls on `day`."""
    index = day.month - 1 - months
    year, month = day.year + index // 12, index % 12 + 1
    start = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    assert add_months(start, months) == day, f"no issue date reviews on {day}"
    return start


def issue_up_to(page, version, effective_from):
    """Issue `page` through IssueRevisionAction until it stands at `version`."""
    major, minor = (int(part) for part in version.split("."))
    steps = ["major"] * major + ["minor"] * minor
    for position, significance in enumerate(steps):
        draft = page
        if position:
            draft = page.get_latest_revision_as_object()
            draft.purpose = f"{draft.purpose} Revision {position}."
        IssueRevisionAction(
            draft.save_revision(user=page.document_owner),
            user=None,
            significance=significance,
            change_summary="First issue." if position == 0 else "Revised.",
            sign_offs=[],
            effective_from=effective_from,
        ).execute()


def make_section(parent, title):
    section = DocumentLibraryPage(title=title, live=False)
    parent.add_child(instance=section)
    section.save_revision().publish()
    return section


def make_file(name="contract.txt", text="Signed contract"):
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(text.encode()), save=False)
    document.save()
    return document


def file_record(user, **overrides):
    """A record filed by `user` as the application files it: an internal audit
    report of early 2015 (past its retention) unless `overrides` say otherwise."""
    values = {
        "title": "Internal audit report, change management",
        "kind": RequiredItem.objects.get(code="audit-results"),
        "period_start": date(2015, 1, 1),
        "period_end": date(2015, 3, 31),
        "owner": user,
        "clauses": [Clause.objects.get(number="9.2")],
        "body": "<p>One minor nonconformity.</p><script>alert(1)</script>",
    }
    values.update(overrides)
    return FileRecordAction(RecordFiling(**values), user=user).execute()


def document_by_number(number):
    return ControlledDocumentPage.objects.get(document_number=number).specific


def home_page():
    return Page.objects.get(depth=2).specific


def document_form(owner, clauses=None, **overrides):
    """The admin create form as a document owner fills it in (mapped to clause
    8.6.1 unless `clauses` says otherwise)."""
    data = {
        "title": "Access control procedure",
        "slug": "access-control-procedure",
        "purpose": "How access to services is granted and removed.",
        "body": streamfield(
            [
                (
                    "section",
                    {"heading": "Scope", "body": rich_text("<p>All services.</p>")},
                ),
            ]
        ),
        "document_owner": owner.pk,
        "classification": "internal",
        "review_interval_months": 12,
        "acknowledge_within_days": 14,
        "effective_date": "2026-03-01",
        "next_review_due": "2027-03-01",
        "approving_group": "",
        "process_area": "",
        "comments": {
            "TOTAL_FORMS": 0,
            "INITIAL_FORMS": 0,
            "MIN_NUM_FORMS": 0,
            "MAX_NUM_FORMS": 1000,
        },
    }
    data.update(overrides)
    form_data = nested_form_data(data)
    # Multiple choices are repeated keys, which nested_form_data cannot express.
    if clauses is None:
        clauses = [Clause.objects.get(number="8.6.1")]
    form_data["clauses"] = [clause.pk for clause in clauses]
    return form_data


def add_url(page_class, parent):
    meta = page_class._meta
    return reverse(
        "wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk)
    )


def new_issue(
    document, owner, approver, purpose="A revised purpose.", changes=None, **fields
):
    """The next issue of `document`: its draft with a new purpose (and any other
    `changes`, {field: value}), saved by `owner` and issued by `approver` (minor
    unless `significance` is given)."""
    draft = document.get_latest_revision_as_object()
    draft.purpose = purpose
    for name, value in (changes or {}).items():
        setattr(draft, name, value)
    issue = IssueRevisionAction(
        draft.save_revision(user=owner),
        user=approver,
        significance=fields.pop("significance", "minor"),
        change_summary=fields.pop("change_summary", "Revised."),
        sign_offs=[],
        **fields,
    ).execute()
    document.refresh_from_db()
    return issue
