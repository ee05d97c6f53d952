from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm

from .content import as_content, visible_content

OWNER_AS_APPROVER = (
    "The owner cannot be a named approver of their own document: "
    "approval must come from someone else."
)


SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


class ControlledDocumentForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new draft over an approved issue starts with an empty declaration, not
        # with the summary of the change already issued.
        if (
            self.instance.pk
            and self.instance.live
            and not (self.instance.has_unpublished_changes)
        ):
            self.initial["change_summary"] = ""
            self.initial["significance"] = ""

    def clean(self):
        cleaned_data = super().clean()
        if any(self.data.get(action) for action in SUBMIT_ACTIONS):
            if not cleaned_data.get("change_summary", "").strip():
                self.add_error(
                    "change_summary", "Say what changed and why before submitting."
                )
            if not cleaned_data.get("significance"):
                self.add_error(
                    "significance", "Say whether this is a minor or a major change."
                )
            if self.changes_nothing(cleaned_data):
                self.add_error(
                    None,
                    "Nothing to approve: the content is the same as the issue in "
                    "force. To record that the document was reviewed and needs no "
                    "change, use “Record review: no change needed” instead.",
                )
        # The model checks this too, but many-to-many choices only reach the page
        # after the form is saved, so the form must refuse them itself.
        owner = cleaned_data.get("document_owner")
        if owner and owner in cleaned_data.get("approvers", []):
            self.add_error("approvers", OWNER_AS_APPROVER)
        return cleaned_data

    def changes_nothing(self, cleaned_data) -> bool:
        """Whether the submitted draft reads exactly as the issue in force."""
        live = self.instance.live_revision if self.instance.pk else None
        if live is None:
            return False
        model = type(self.instance)
        draft = {**live.content, **as_content(cleaned_data, model)}
        return visible_content(model, draft) == visible_content(model, live.content)


class ControlledDocumentCopyForm(CopyForm):
    """A copy is a new document that nobody has approved: the admin may not publish
    it or make it an alias of an approved one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("publish_copies", None)
        self.fields.pop("alias", None)
