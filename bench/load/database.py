"""The load test's database side: `prepare` gives each writer a document of its
own and lists what readers read; `verify` checks, after the run, that every draft
save and submission the writers saw succeed is a revision in the database.

Run with DJANGO_SETTINGS_MODULE set (bench/load/run does):
    python -m bench.load.database prepare TARGETS.json
    python -m bench.load.database verify TARGETS.json WRITES.json
"""

import json
import sys

import django

# Models and the test factories need the app registry: set up before importing them.
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from wagtail.models import Page, Revision  # noqa: E402

from policies.access import may_read  # noqa: E402
from policies.models import ControlledDocumentPage, PolicyPage  # noqa: E402
from tests.factories import make_document  # noqa: E402
from tests.workflows.helpers import edit_data  # noqa: E402

WRITER_DOCUMENTS = 5
QUERIES = [
    "incident",
    "change management",
    "who approves emergency changes",
    "service level agreement",
    "supplier",
    "capacity planning",
    "access control",
    "backup and restore",
    "information security policy",
    "major incident review",
    "configuration item",
    "continual improvement",
]


def form_pairs(data):
    """The admin form as (name, value) pairs; a list is a repeated field."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append([name, "" if item is None else str(item)])
    return pairs


def writer_documents(owner):
    """Policies owned by the demo owner, live as issue 1.0, approved by the
    Approvers: one per writer, so that writers never edit each other's drafts."""
    approvers = Group.objects.get(name="Approvers")
    documents = []
    for n in range(1, WRITER_DOCUMENTS + 1):
        title = f"Load test policy {n}"
        document = PolicyPage.objects.filter(title=title).first() or make_document(
            PolicyPage,
            owner=owner,
            title=title,
            slug=f"load-test-policy-{n}",
            purpose=f"Exercised by the writers of the load test ({n}).",
            approving_group=approvers,
        )
        documents.append(document)
    return documents


def prepare(path):
    users = get_user_model().objects
    owner, staff = users.get(username="owner"), users.get(username="staff")
    writers = [
        {
            "pk": document.pk,
            "number": document.document_number,
            "form": form_pairs(edit_data(document, owner)),
        }
        for document in writer_documents(owner)
    ]
    readable = [
        document.document_number
        for document in ControlledDocumentPage.objects.live().order_by("pk")
        if may_read(staff, document)
    ]
    targets = {
        "documents": readable,
        "queries": QUERIES,
        "writers": writers,
        "revisions": revisions([w["pk"] for w in writers]),
    }
    with open(path, "w") as file:
        json.dump(targets, file)
    print(
        f"{len(readable)} documents for readers, {len(writers)} for writers, "
        f"{targets['revisions']} revisions of theirs before the run."
    )


def revisions(pks):
    return Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in pks],
    ).count()


def verify(targets_path, writes_path):
    with open(targets_path) as file:
        targets = json.load(file)
    with open(writes_path) as file:
        writes = json.load(file)
    before = targets["revisions"]
    after = revisions([w["pk"] for w in targets["writers"]])
    expected = writes["saves"] + writes["submissions"]
    print(
        f"Writes: {writes['saves']} draft saves and {writes['submissions']} "
        f"submissions answered as saved, {writes['sign_offs']} sign-offs; "
        f"revisions {before} -> {after} (+{after - before})."
    )
    if after - before < expected:
        print(
            f"LOST WRITES: {expected - (after - before)} saves are not in the database."
        )
        return 1
    if after - before > expected:
        # A save the server made but whose answer the client never saw (timed out).
        print(f"Note: {after - before - expected} revisions beyond the answered saves.")
    print("Zero lost writes.")
    return 0


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "prepare":
        prepare(*arguments)
    elif command == "verify":
        sys.exit(verify(*arguments))
    else:
        sys.exit(f"unknown command {command!r}")
