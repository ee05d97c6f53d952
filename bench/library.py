"""A large library for the benchmarks: documents through Wagtail's tree API, their
revisions and issue records bulk-inserted (hashes are not checked here)."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Revision

from policies.models import PolicyPage
from workflows.models import DocumentIssue


def library_with_issues(library, owner, documents, issues):
    """`documents` live policies in `library`, each with `issues` issues 1.0,
    1.1, ... taking effect 30 days apart from 1 January 2024."""
    policies = []
    for n in range(documents):
        page = PolicyPage(
            title=f"Policy {n}",
            slug=f"p{n}",
            purpose="x",
            document_owner=owner,
            live=True,
            current_version_label=f"1.{issues - 1}",
        )
        library.add_child(instance=page)
        policies.append(page)
    content_type = ContentType.objects.get_for_model(PolicyPage)
    base_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=timezone.now(),
            content={"title": page.title},
            object_str=page.title,
        )
        for page in policies
        for _ in range(issues)
    )
    start = date(2024, 1, 1)
    DocumentIssue.objects.bulk_create(
        DocumentIssue(
            document_id=policies[i // issues].pk,
            revision=revision,
            major=1,
            minor=i % issues,
            significance="minor",
            change_summary="c",
            effective_from=start + timedelta(days=30 * (i % issues)),
            sign_offs=[],
            content_hash="0" * 64,
            chain_hash=f"{i:064d}",
        )
        for i, revision in enumerate(revisions)
    )
    return policies
