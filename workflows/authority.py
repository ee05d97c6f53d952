"""Whose sign-off counts on a document's draft, and why someone's does not.

Segregation of duties (docs/invariants.md, 2 and 3): nobody signs off a draft they
wrote or edited, and a sign-off binds to the revision it was given on."""

from wagtail.models import Page, TaskState

from policies.models import ControlledDocumentPage

SELF_SIGN_OFF = (
    "You wrote or edited this draft: someone else must review and approve it."
)
STALE_DRAFT = (
    "The draft changed after it was submitted: earlier sign-offs are void and it "
    "must go through review again."
)


def approval_authority(document: ControlledDocumentPage) -> ControlledDocumentPage:
    """Whose approval counts: the named approvers and approving group of the issue in
    force, not of the draft under approval (a draft cannot choose its own approvers).
    A document never issued has only its draft to go by."""
    if document.live:
        return ControlledDocumentPage.objects.get(pk=document.pk)
    return document


def draft_author_ids(document: Page) -> set[int]:
    """Everyone who saved a revision of the draft since the last approved issue."""
    revisions = document.revisions.exclude(user=None)
    if document.live_revision_id:
        live_created = (
            document.revisions.filter(pk=document.live_revision_id)
            .values_list("created_at", flat=True)
            .first()
        )
        revisions = revisions.filter(created_at__gt=live_created)
    return set(revisions.values_list("user_id", flat=True))


def latest_revision_id(document: Page) -> int | None:
    """Read from the page row: a page rebuilt from a revision carries that
    revision's own latest_revision."""
    return (
        Page.objects.filter(pk=document.pk)
        .values_list("latest_revision_id", flat=True)
        .first()
    )


def is_stale(document: Page, task_state: TaskState) -> bool:
    """The draft changed after the task was started on it."""
    return latest_revision_id(document) != task_state.revision_id
