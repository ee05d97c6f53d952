"""Records written straight into the table, for the tests that read them: filed
through no action (AppendOnly allows creating), with placeholder hashes."""

import itertools
from datetime import timedelta

from django.utils import timezone

from policies.models import RequiredItem
from workflows.coverage_cache import forget_coverage
from workflows.models import Disposition, Record

_numbers = itertools.count(1)


def record_row(kind, owner, *, ended_days_ago=30, days=90, **fields):
    """An unsaved Record of `kind` (a RequiredItem code) whose period ended
    `ended_days_ago` days ago."""
    n = next(_numbers)
    end = timezone.localdate() - timedelta(days=ended_days_ago)
    values = {
        "number": f"REC-{n:04d}",
        "title": f"Record {n}",
        "kind": RequiredItem.objects.get(code=kind) if isinstance(kind, str) else kind,
        "period_start": end - timedelta(days=days),
        "period_end": end,
        "owner": owner,
        "filed_by": owner,
        "filed_at": timezone.now(),
        "content_hash": "0" * 64,
        "chain_hash": f"{n:064x}",
        **fields,
    }
    return Record(**values)


def make_record(kind, owner, **fields):
    record = record_row(kind, owner, **fields)
    record.save()
    return record


def make_records(kind, owner, count, **fields):
    kind = RequiredItem.objects.get(code=kind)
    records = Record.objects.bulk_create(
        [record_row(kind, owner, **fields) for _ in range(count)]
    )
    forget_coverage()  # no post_save from bulk_create (the application saves each)
    return records


def dispose_of(record, user):
    """A done disposition, as an approved one leaves it."""
    return Disposition.objects.create(
        record=record,
        subject=str(record),
        subject_hash=record.content_hash,
        method=Disposition.Method.DESTROY,
        reason="Past its retention period.",
        status=Disposition.Status.DONE,
        requested_by=user,
        requested_at=timezone.now(),
        decided_by=user,
        decided_at=timezone.now(),
    )
