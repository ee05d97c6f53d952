"""Recompute every issue record's content hash and chain hash, and re-read the bytes of
every sealed file from storage; exit non-zero naming each document whose records,
approved content or files changed outside the application, and each file missing."""

from itertools import groupby

from django.core.management.base import BaseCommand, CommandError
from wagtail.documents import get_document_model

from policies.models import ControlledDocumentPage
from workflows.hashing import FileUnreadable, chain_hash, content_hash, digests
from workflows.models import DocumentIssue, SealedFile
from workflows.records_verification import (
    destroyed_file_names,
    done_dispositions,
    record_problems,
    tombstone_problem,
)


def file_hashes(revision):
    """The ways an issue's content hash may cover its file, from the bytes in
    storage: "sha256:<hex>" now, Wagtail's bare sha1 for records written before
    files were sealed. Raises FileUnreadable."""
    file_id = revision.content.get("file")
    if not file_id:
        return [""]
    file = get_document_model().objects.filter(pk=file_id).first()
    if file is None:
        raise FileUnreadable(f"file {file_id} no longer exists")
    sha256, sha1, _size = digests(file)
    return [f"sha256:{sha256}", sha1]


def chain_problems(issues, tombstones=None):
    """What is wrong with one document's issues, in issue order. An issue disposed
    of is checked against its sealed tombstone instead of its (gone) content."""
    problems, previous = [], None
    tombstones = tombstones or {}
    for issue in issues:
        expected_previous = previous.pk if previous else None
        if issue.previous_id != expected_previous:
            problems.append(f"{issue.label}: does not follow the previous issue")
        if tombstone := tombstones.get(issue.pk):
            if problem := tombstone_problem(tombstone, issue.content_hash):
                problems.append(f"{issue.label}: {problem}")
        else:
            problems.extend(content_problems(issue))
        number = issue.document.document_number
        if issue.chain_hash != chain_hash(
            issue, number, previous.chain_hash if previous else ""
        ):
            problems.append(f"{issue.label}: record differs from its chain hash")
        previous = issue
    return problems


def content_problems(issue):
    """Whether an issue's approved content (and file bytes) still hash as recorded."""
    try:
        hashes = file_hashes(issue.revision)
    except FileUnreadable as error:
        return [f"{issue.label}: its file cannot be read ({error})"]
    if issue.content_hash not in {
        content_hash(issue.revision, file_hash=h) for h in hashes
    }:
        return [f"{issue.label}: approved content differs from its hash"]
    return []


def file_problems():
    """Each sealed file whose bytes in storage are missing or not what was sealed."""
    problems, destroyed = [], destroyed_file_names()
    seals = SealedFile.objects.select_related("file").order_by("file_id", "pk")
    for file_id, file_seals in groupby(seals, key=lambda seal: seal.file_id):
        file_seals = list(file_seals)
        file = file_seals[0].file
        if file.file.name in destroyed:
            continue  # removed by an approved disposition, with a tombstone
        try:
            sha256, _sha1, size = digests(file)
        except FileUnreadable as error:
            problems.append(f"file {file_id} ({file.title}) is missing: {error}")
            continue
        if any((seal.sha256, seal.size) != (sha256, size) for seal in file_seals):
            problems.append(
                f"file {file_id} ({file.title}) was altered: its bytes are not "
                "the ones sealed"
            )
    return problems


class Command(BaseCommand):
    help = (
        "Verify the content and chain hashes of every document's issue records "
        "and the bytes of every sealed file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-empty",
            action="store_true",
            help="Succeed when there is no issue record at all (a new library).",
        )

    def handle(self, *args, allow_empty=False, **options):
        issues = DocumentIssue.objects.select_related("revision", "document").order_by(
            "document_id", "major", "minor"
        )
        checked, failures, seen = 0, [], set()
        tombstones = done_dispositions("issue")
        for _, document_issues in groupby(issues, key=lambda issue: issue.document_id):
            document_issues = list(document_issues)
            checked += 1
            document = document_issues[0].document
            seen.add(document.pk)
            number = document.document_number
            for problem in chain_problems(document_issues, tombstones):
                failures.append(f"{number} {problem}")
            # The head of the chain must be what the document says is current: a
            # deleted latest issue leaves a valid but shorter chain.
            head = document_issues[-1]
            if head.label != document.current_version_label or (
                document.live and head.revision_id != document.live_revision_id
            ):
                failures.append(
                    f"{number} the latest issue record ({head.label}) is not the "
                    f"current version ({document.current_version_label or 'none'})"
                )
        unrecorded = ControlledDocumentPage.objects.filter(live=True).exclude(
            pk__in=seen
        )
        for document in unrecorded.only("document_number"):
            failures.append(f"{document.document_number} is live with no issue record")
        failures.extend(file_problems())
        records, problems = record_problems()
        failures.extend(problems)
        if not checked and not allow_empty:
            failures.append(
                "there is no issue record at all: an empty or wrong database "
                "(--allow-empty for a new library)"
            )
        if failures:
            raise CommandError(
                "Issue records, approved content or files were altered outside the "
                "application:\n" + "\n".join(failures)
            )
        seals = SealedFile.objects.count()
        self.stdout.write(
            f"Verified {checked} document(s): every issue record and chain is intact; "
            f"{seals} sealed file(s) read back unchanged; {records} record(s) and "
            "their chain intact."
        )
