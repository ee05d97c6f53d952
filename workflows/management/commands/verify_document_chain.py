"""Recompute every issue record's content hash and chain hash; exit non-zero naming
each document whose records or approved content changed outside the application."""

from itertools import groupby

from django.core.management.base import BaseCommand, CommandError

from policies.models import ControlledDocumentPage
from workflows.hashing import approved_file_hash, chain_hash, content_hash
from workflows.models import DocumentIssue


def chain_problems(issues):
    """What is wrong with one document's issues, in issue order."""
    problems, previous = [], None
    for issue in issues:
        expected_previous = previous.pk if previous else None
        if issue.previous_id != expected_previous:
            problems.append(f"{issue.label}: does not follow the previous issue")
        if issue.content_hash != content_hash(
            issue.revision, file_hash=approved_file_hash(issue.revision)
        ):
            problems.append(f"{issue.label}: approved content differs from its hash")
        number = issue.document.document_number
        if issue.chain_hash != chain_hash(
            issue, number, previous.chain_hash if previous else ""
        ):
            problems.append(f"{issue.label}: record differs from its chain hash")
        previous = issue
    return problems


class Command(BaseCommand):
    help = "Verify the content and chain hashes of every document's issue records."

    def handle(self, *args, **options):
        issues = DocumentIssue.objects.select_related("revision", "document").order_by(
            "document_id", "major", "minor"
        )
        checked, failures, seen = 0, [], set()
        for _, document_issues in groupby(issues, key=lambda issue: issue.document_id):
            document_issues = list(document_issues)
            checked += 1
            document = document_issues[0].document
            seen.add(document.pk)
            number = document.document_number
            for problem in chain_problems(document_issues):
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
        if failures:
            raise CommandError(
                "Issue records or approved content were altered outside the "
                "application:\n" + "\n".join(failures)
            )
        self.stdout.write(
            f"Verified {checked} document(s): every issue record and chain is intact."
        )
