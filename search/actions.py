"""Restoring an earlier version of a guidance entry, as an action in the manner of
wagtail.actions: `check()` says who may, `execute()` changes state in one
transaction and writes the audit log."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from reversion.errors import RevertError
from reversion.models import Version
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from .models import GuidanceEntry
from .versions import version_date, versioned_fields

RESTORE_ACTION = "itsms.guidance_restore"


class RestoreGuidanceVersionAction(BaseAction):
    """Bring an entry back to the fields and clauses of one of its versions.

    Only this entry changes: Revision.revert() would also put back (or, with
    delete=True, remove) every other object saved in that revision, and
    Version.revert() saves raw, skipping the search index. So the stored values are
    copied onto the entry and saved normally inside a new revision: the restore is
    itself a version, the newer text stays in the history, and Wagtail's audit log
    records it. References that no longer exist (a deleted clause or process area)
    cannot come back; `execute()` returns how many were left out."""

    action_name = "restore_version"

    def __init__(self, entry: GuidanceEntry, version: Version, *, user):
        super().__init__(entry, user=user)
        self.entry, self.version = entry, version

    def check(self, skip_permission_checks: bool = False) -> None:
        if not skip_permission_checks and not self.user.has_perm(
            "search.change_guidanceentry"
        ):
            raise PermissionDenied("Restoring guidance needs permission to change it.")
        if (
            not Version.objects.get_for_object(self.entry)
            .filter(pk=self.version.pk)
            .exists()
        ):
            raise ValueError(
                f"Version {self.version.pk} is not a version of {self.entry!r}."
            )

    def execute(self, skip_permission_checks: bool = False) -> int:
        self.check(skip_permission_checks=skip_permission_checks)
        entry = self.entry
        stored = self.version.field_dict  # RevertError if the data no longer loads
        when = version_date(self.version)
        left_out = 0
        with transaction.atomic():
            for key, field in versioned_fields():
                if field.many_to_many or key not in stored:
                    continue
                value = stored[key]
                if (
                    field.is_relation
                    and value is not None
                    and not field.related_model._default_manager.filter(
                        pk=value
                    ).exists()
                ):
                    if not field.null:
                        raise RevertError(
                            f"{field.verbose_name} {value} no longer exists."
                        )
                    value = None
                    left_out += 1
                setattr(entry, key, value)
            with reversion.create_revision():
                entry.save()
                for key, field in versioned_fields():
                    if field.many_to_many and key in stored:
                        wanted = set(stored[key])
                        related = list(
                            field.related_model._default_manager.filter(pk__in=wanted)
                        )
                        left_out += len(wanted) - len(related)
                        getattr(entry, field.name).set(related)
                reversion.set_user(self.user)
                reversion.set_comment(f"Restored the version of {when}")
            log(
                instance=entry,
                action=RESTORE_ACTION,
                user=self.user,
                data={"version_id": self.version.pk, "version_date": when},
            )
        return left_out
