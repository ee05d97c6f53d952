"""Who may edit, submit and delete a document: ownership, as in Plone's sharing."""

from django.utils.functional import cached_property
from wagtail.models import PagePermissionTester

from .sharing import shared_with


class DocumentPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed by ownership as in Plone's sharing: a
    document owner edits and submits the documents they own and those of sections
    shared with them; deleting a never-issued draft (and so moving it) is for its
    owner or an administrator. Reviewers and approvers keep the editor access their
    task gives them."""

    @cached_property
    def is_editor(self) -> bool:
        user, page = self.user, self.page
        return (
            user.is_superuser
            or page.document_owner_id == user.pk
            or shared_with(user, page)
        )

    def signs_the_draft(self) -> bool:
        task = self.page.current_workflow_task
        return bool(task and task.user_can_access_editor(self.page, self.user))

    def can_edit(self):
        return super().can_edit() and (self.is_editor or self.signs_the_draft())

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and self.is_editor

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and (
            self.user.is_superuser or self.page.document_owner_id == self.user.pk
        )

    def can_lock(self):
        return super().can_lock() and self.is_editor

    def can_copy(self):
        # Wagtail lets whoever may edit copy; a signer edits only the draft.
        return super().can_copy() and self.is_editor
