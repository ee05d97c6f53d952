"""Who may read a record: the rule of policies.access for documents, applied to
records. Public and internal records are for every signed-in user; a
confidential one for its owner and the people who review, approve and audit
(superusers too). For everyone else it does not exist (404)."""

from django.db.models import Q, QuerySet

from policies.access import reads_everything
from policies.fields import Classification
from policies.roles import APPROVERS, AUDITORS, has_role

from .models import Record


def readable_records(records: QuerySet, user) -> QuerySet:
    if not user.is_authenticated:
        return records.none()
    if reads_everything(user):
        return records
    return records.filter(
        ~Q(classification=Classification.CONFIDENTIAL) | Q(owner=user)
    )


def may_read_record(user, record: Record) -> bool:
    if not user.is_authenticated:
        return False
    if record.classification != Classification.CONFIDENTIAL:
        return True
    return record.owner_id == user.pk or reads_everything(user)


def records_for(user) -> QuerySet:
    return readable_records(Record.objects.all(), user)


def reads_record_hashes(user, record: Record) -> bool:
    """Content and chain hashes: auditors, approvers and the record's owner, as
    policies.roles.reads_record_detail decides for documents."""
    return user.pk == record.owner_id or has_role(user, AUDITORS, APPROVERS)
