"""Coverage remembered per state of the library and per access, so that
/compliance/ and the API's clauses are counted once, not on every request.

Coverage (workflows.coverage) reads documents (their state, type, number, review
date and clause mapping), records and dispositions, and the catalogue; what it
shows a reader depends only on which of those the reader may see. So a result is
kept under:
- the coverage version, a token forgotten whenever any of those changes (the
  receivers below, update_control_state, bench.generate), and again when the
  change commits;
- the reader's access: which confidential documents and records are hidden from
  them and whether they see drafts, as the database says now (one query). Two
  readers with the same access see the same coverage; a change of group, share
  or named reader changes the key, never a stale entry;
- the day, since overdue reviews and recent records are counted as of today."""

import hashlib
import uuid
from collections.abc import Callable
from datetime import date

from django.core.cache import cache
from django.db import transaction

from policies.access import reads_everything, unreadable_by
from policies.roles import sees_drafts

from .models import Record
from .records_access import readable_records

COVERAGE_VERSION_KEY = "workflows:coverage-version"
KEEP_SECONDS = 24 * 60 * 60  # a day at most; a new version or day replaces it sooner

# A page save that writes only these fields is a draft being saved (Wagtail's
# save_revision): nothing coverage reads has changed.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def coverage_version() -> str:
    return cache.get_or_set(COVERAGE_VERSION_KEY, lambda: uuid.uuid4().hex, None)


def forget_coverage() -> None:
    """Every remembered coverage is out of date: forget the version now, and
    again when the transaction commits, since a reader may meanwhile have
    counted the data as it was before the change under a new version."""
    cache.delete(COVERAGE_VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(COVERAGE_VERSION_KEY))


def access_key(user) -> str:
    """What decides which documents and records `user` sees in coverage."""
    if not user.is_authenticated:
        return "nobody"
    if reads_everything(user):
        return "everything"
    hidden_documents = sorted(unreadable_by(user))
    readable = readable_records(Record.objects.all(), user)
    hidden_records = sorted(
        Record.objects.exclude(pk__in=readable.values("pk")).values_list(
            "pk", flat=True
        )
    )
    drafts = "drafts" if sees_drafts(user) else "issued"
    return f"{drafts}:{hidden_documents}:{hidden_records}"


def remembered(name: str, user, today: date, compute: Callable[[], object]):
    """`compute()` as `user` sees it today, from the cache when the library has
    not changed since it was last computed for the same access."""
    access = hashlib.sha256(access_key(user).encode()).hexdigest()
    key = f"workflows:coverage:{name}:{coverage_version()}:{today}:{access}"
    return cache.get_or_set(key, compute, KEEP_SECONDS)


def forget_on_save(sender, instance, update_fields=None, **kwargs) -> None:
    """post_save of a document, record, disposition, clause or required item."""
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    forget_coverage()


def forget_on_delete(sender, instance, **kwargs) -> None:
    forget_coverage()
